import fs from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { UsageError } from "./args";

/**
 * gatehouse.yaml: the objects `gatehouse apply` keeps in the state it describes.
 * Paths (openapi, file) are relative to the file's folder.
 */
const ZName = z.string().trim().min(1).max(128);
const ZVariables = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({});

export const ZConfig = z.strictObject({
  /** Scopes `apply --prune`: objects apply marked for another project are never this file's. */
  project: z.string().trim().min(1).max(64).regex(/^[^\]]+$/, "no ]").optional(),
  functions: z
    .array(
      z.strictObject({
        name: ZName,
        file: z.string().min(1),
        handler: z.string().optional(),
        runtime: z.string().optional(),
        timeout: z.number().int().optional(),
        memory: z.number().int().optional(),
        description: z.string().optional(),
        environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
      }),
    )
    .default([]),
  apis: z
    .array(
      z.strictObject({
        name: ZName,
        openapi: z.string().min(1),
        stages: z
          .array(
            z.strictObject({
              name: ZName,
              variables: ZVariables,
              description: z.string().optional(),
              /** CLF, JSON or a $context template; null turns access logs off; absent leaves them as they are. */
              accessLogFormat: z.string().nullable().optional(),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
  apiKeys: z.array(z.strictObject({ name: ZName, enabled: z.boolean().default(true), description: z.string().optional(), value: z.string().optional() })).default([]),
  usagePlans: z
    .array(
      z.strictObject({
        name: ZName,
        description: z.string().optional(),
        throttle: z.strictObject({ rateLimit: z.number(), burstLimit: z.number().int() }).nullable().optional(),
        quota: z.strictObject({ limit: z.number().int(), period: z.enum(["DAY", "WEEK", "MONTH"]), offset: z.number().int().default(0) }).nullable().optional(),
        apiStages: z.array(z.strictObject({ api: ZName, stage: ZName })).default([]),
        keys: z.array(ZName).default([]),
      }),
    )
    .default([]),
});

export type Config = z.output<typeof ZConfig>;

export function parseConfig(text: string, file = "gatehouse.yaml"): Config {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (err) {
    throw new UsageError(`${file} is not valid YAML: ${(err as Error).message}`);
  }
  const result = ZConfig.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(file)"}: ${i.message}`);
    throw new UsageError(`${file} has problems:\n${lines.join("\n")}`);
  }
  const config = result.data;
  for (const [kind, list] of [
    ["functions", config.functions],
    ["apis", config.apis],
    ["apiKeys", config.apiKeys],
    ["usagePlans", config.usagePlans],
  ] as const) {
    const names = list.map((x) => x.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new UsageError(`${file}: ${kind} lists "${dup}" twice`);
  }
  for (const plan of config.usagePlans) {
    for (const key of plan.keys) if (!config.apiKeys.some((k) => k.name === key)) throw new UsageError(`${file}: usage plan "${plan.name}" lists key "${key}", which apiKeys does not define`);
  }
  return config;
}

export async function loadConfig(file: string): Promise<{ config: Config; baseDir: string }> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return { config: parseConfig(text, file), baseDir: path.dirname(path.resolve(file)) };
}

/** An OpenAPI document's text → value (JSON or YAML). */
export function parseDocument(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (err) {
    throw new UsageError(`${file} is not valid JSON or YAML: ${(err as Error).message}`);
  }
}
