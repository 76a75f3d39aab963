import fs from "node:fs/promises";
import path from "node:path";
import { bool, positionals, str, UsageError } from "../args";
import { resolveApi, type Client, type Problem } from "../client";
import type { CommandTable } from "../command";
import { emit, table, type Output } from "../output";

export interface ImportResult {
  restApi: { id: string; name: string; description?: string };
  warnings: Array<{ pointer: string; message: string }>;
}

export const IMPORT_MODES = ["create", "overwrite", "merge"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** application/yaml unless the file is JSON (by extension, else by its first character). */
export function documentContentType(file: string, text: string): string {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".json") return "application/json";
  if (ext === ".yaml" || ext === ".yml") return "application/yaml";
  return text.trimStart().startsWith("{") ? "application/json" : "application/yaml";
}

/** POST /restapis/import with the document text. */
export async function importDocument(
  client: Client,
  text: string,
  contentType: string,
  options: { mode: ImportMode; restApiId?: string; failOnWarnings?: boolean },
): Promise<ImportResult> {
  return client.request<ImportResult>("POST", "/restapis/import", {
    rawBody: { text, contentType },
    query: { mode: options.mode, restApiId: options.restApiId, failOnWarnings: options.failOnWarnings ? "true" : undefined },
  });
}

export function printWarnings(out: Output, warnings: Array<{ pointer: string; message: string }> | Problem[]): void {
  for (const w of warnings) out.err(`warning: ${"pointer" in w ? w.pointer : w.field}: ${w.message}`);
}

export const apiCommands: CommandTable = {
  "apis list": {
    usage: "apis list",
    summary: "Lists the REST APIs.",
    options: {},
    async run({ args, out, client }) {
      positionals(args, []);
      const { items } = await (await client()).get<{ items: Array<Record<string, unknown>> }>("/restapis");
      emit(out, { items }, () => table(items, ["id", "name", "description", "createdDate"]));
    },
  },
  "apis import": {
    usage: "apis import FILE [--mode create|overwrite|merge] [--api ID|NAME] [--fail-on-warnings]",
    summary: "Imports an OpenAPI 3 / Swagger 2 file (JSON or YAML): a new API, or overwrites or merges into --api.",
    options: { mode: { kind: "string" }, api: { kind: "string" }, "fail-on-warnings": { kind: "boolean" } },
    async run({ args, out, client }) {
      const [file] = positionals(args, ["file"]);
      const mode = (str(args, "mode") ?? (str(args, "api") ? "overwrite" : "create")) as ImportMode;
      if (!IMPORT_MODES.includes(mode)) throw new UsageError(`--mode is create, overwrite or merge, not "${mode}"`);
      if (mode !== "create" && !str(args, "api")) throw new UsageError(`--mode ${mode} needs --api ID|NAME`);
      if (mode === "create" && str(args, "api")) throw new UsageError("--api goes with --mode overwrite or merge");
      const text = await readFileOrUsage(file);
      const c = await client();
      const restApiId = str(args, "api") ? (await resolveApi(c, str(args, "api")!)).id : undefined;
      out.progress(`Importing ${file}`);
      const result = await importDocument(c, text, documentContentType(file, text), { mode, restApiId, failOnWarnings: bool(args, "fail-on-warnings") });
      if (!out.json) printWarnings(out, result.warnings ?? []);
      emit(out, result, () => `${mode === "create" ? "Created" : mode === "overwrite" ? "Overwrote" : "Merged into"} API ${result.restApi.name} (${result.restApi.id}).`);
    },
  },
  "apis validate": {
    usage: "apis validate FILE",
    summary: "Checks an OpenAPI file without importing it (exit 1 when it has problems).",
    options: {},
    async run({ args, out, client }) {
      const [file] = positionals(args, ["file"]);
      const text = await readFileOrUsage(file);
      const result = await (await client()).request<{ valid: boolean; problems: Problem[]; warnings: Array<{ pointer: string; message: string }>; summary: unknown }>(
        "POST",
        "/restapis/import/validate",
        { rawBody: { text, contentType: documentContentType(file, text) } },
      );
      emit(out, result, () =>
        [
          result.valid ? `${file} is valid.` : `${file} has problems:`,
          ...(result.problems ?? []).map((p) => `  ${p.field}: ${p.message}`),
          ...(result.warnings ?? []).map((w) => `  warning: ${w.pointer}: ${w.message}`),
        ].join("\n"),
      );
      return result.valid ? 0 : 1;
    },
  },
  "apis export": {
    usage: "apis export API [--format yaml|json] [--stage S] [--no-extensions] [-o FILE]",
    summary: "Exports an API's working copy (or a stage's deployment) as OpenAPI 3.0.",
    options: { format: { kind: "string" }, stage: { kind: "string" }, extensions: { kind: "boolean" }, output: { kind: "string", short: "o" } },
    async run({ args, out, client }) {
      const [apiName] = positionals(args, ["api"]);
      const format = str(args, "format") ?? (str(args, "output")?.endsWith(".json") ? "json" : "yaml");
      if (format !== "yaml" && format !== "json") throw new UsageError(`--format is yaml or json, not "${format}"`);
      const c = await client();
      const api = await resolveApi(c, apiName);
      const stage = str(args, "stage");
      const pathname = stage ? `/restapis/${api.id}/stages/${encodeURIComponent(stage)}/export` : `/restapis/${api.id}/export`;
      const text = await c.request<string>("GET", pathname, {
        query: { format, extensions: args.options.extensions === false ? "false" : "true" },
        text: true,
      });
      const file = str(args, "output");
      if (file) {
        await fs.writeFile(file, text);
        emit(out, { file, restApiId: api.id, stage: stage ?? null, format }, () => `Wrote ${file}.`);
      } else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    },
  },
  "apis delete": {
    usage: "apis delete API [--yes]",
    summary: "Deletes an API with its resources, deployments and stages.",
    options: { yes: { kind: "boolean", short: "y" } },
    async run({ args, out, client }) {
      const [apiName] = positionals(args, ["api"]);
      const c = await client();
      const api = await resolveApi(c, apiName);
      await c.delete(`/restapis/${api.id}`);
      emit(out, { deleted: api }, () => `Deleted API ${api.name} (${api.id}).`);
    },
  },
};

export async function readFileOrUsage(file: string): Promise<string> {
  try {
    return await fs.readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
