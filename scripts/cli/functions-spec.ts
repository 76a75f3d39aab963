import fs from "node:fs/promises";
import path from "node:path";
import { UsageError } from "./args";
import { ApiError, type Client } from "./client";

/** A function as the CLI or gatehouse.yaml describes it. */
export interface FunctionSpec {
  name: string;
  /** Path of the source file (.js, .mjs, .ts). */
  file: string;
  handler?: string;
  runtime?: string;
  timeout?: number;
  memory?: number;
  description?: string;
  environment?: Record<string, string>;
}

export interface LiveFunction {
  name: string;
  description: string;
  runtime: string;
  language: "javascript" | "typescript";
  handler: string;
  files: Record<string, string>;
  environment: Record<string, { value: string; secret: boolean }>;
  timeoutSeconds: number;
  memoryMb: number;
  version: number;
}

/** The create/update body for a spec: the file under its own name; handler `<basename>.handler` by default. */
export async function functionBody(spec: FunctionSpec, baseDir = process.cwd()) {
  const file = path.resolve(baseDir, spec.file);
  let code: string;
  try {
    code = await fs.readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(`Cannot read ${spec.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const name = path.basename(file);
  const ext = path.extname(name);
  const language: "javascript" | "typescript" = ext === ".ts" || ext === ".mts" ? "typescript" : "javascript";
  return {
    files: { [name]: code },
    language,
    handler: spec.handler ?? `${name.slice(0, name.length - ext.length)}.handler`,
    runtime: spec.runtime ?? "nodejs20.x",
    timeoutSeconds: spec.timeout ?? 3,
    memoryMb: spec.memory ?? 128,
    description: spec.description ?? "",
    environment: Object.fromEntries(Object.entries(spec.environment ?? {}).map(([k, v]) => [k, { value: String(v), secret: false }])),
  };
}

export type FunctionBody = Awaited<ReturnType<typeof functionBody>>;

/** What differs between the wanted body and the live function (empty: nothing). */
export function functionChanges(want: FunctionBody, live: LiveFunction): string[] {
  const changes: string[] = [];
  if (JSON.stringify(sortKeys(want.files)) !== JSON.stringify(sortKeys(live.files))) changes.push("code");
  if (want.handler !== live.handler) changes.push(`handler: ${live.handler} → ${want.handler}`);
  if (want.runtime !== live.runtime) changes.push(`runtime: ${live.runtime} → ${want.runtime}`);
  if (want.language !== live.language) changes.push(`language: ${live.language} → ${want.language}`);
  if (want.timeoutSeconds !== live.timeoutSeconds) changes.push(`timeout: ${live.timeoutSeconds} → ${want.timeoutSeconds}`);
  if (want.memoryMb !== live.memoryMb) changes.push(`memory: ${live.memoryMb} → ${want.memoryMb}`);
  if (want.description !== live.description) changes.push("description");
  const liveEnv = Object.fromEntries(Object.entries(live.environment ?? {}).map(([k, v]) => [k, v.value]));
  const wantEnv = Object.fromEntries(Object.entries(want.environment).map(([k, v]) => [k, v.value]));
  const keys = new Set([...Object.keys(liveEnv), ...Object.keys(wantEnv)]);
  const envChanged = [...keys].filter((k) => liveEnv[k] !== wantEnv[k] && !(live.environment[k]?.secret && k in wantEnv));
  if (envChanged.length > 0) changes.push(`environment: ${envChanged.sort().join(", ")}`);
  return changes;
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

export async function getFunctionOrNull(client: Client, name: string): Promise<LiveFunction | null> {
  try {
    return await client.get<LiveFunction>(`/functions/${encodeURIComponent(name)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/** Creates or updates; returns what was done. `keepDescription`: an existing function keeps its description (and apply's mark). */
export async function deployFunction(
  client: Client,
  name: string,
  wanted: FunctionBody,
  options: { keepDescription?: boolean } = {},
): Promise<{ action: "created" | "updated" | "unchanged"; changes: string[]; function: LiveFunction }> {
  const live = await getFunctionOrNull(client, name);
  const body = live && options.keepDescription ? { ...wanted, description: live.description } : wanted;
  if (!live) return { action: "created", changes: [], function: await client.post<LiveFunction>("/functions", { name, ...body }) };
  const changes = functionChanges(body, live);
  if (changes.length === 0) return { action: "unchanged", changes, function: live };
  const updated = await client.patch<LiveFunction>(`/functions/${encodeURIComponent(name)}`, { version: live.version, ...body });
  return { action: "updated", changes, function: updated };
}
