import fs from "node:fs/promises";
import { multi, positionals, requireStr, sinceToIso, str, UsageError } from "../args";
import type { CommandTable } from "../command";
import { deployFunction, functionBody } from "../functions-spec";
import { emit, table } from "../output";

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} is a whole number`);
  return Number(value);
}

/** `--event '{"a":1}'` or `--event @file.json`. */
export async function readEvent(value: string | undefined): Promise<unknown> {
  if (value === undefined) return {};
  const text = value.startsWith("@") ? await fs.readFile(value.slice(1), "utf8").catch(() => {
    throw new UsageError(`Cannot read ${value.slice(1)}`);
  }) : value;
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError("--event is JSON or @file.json");
  }
}

export const functionCommands: CommandTable = {
  "functions deploy": {
    usage: "functions deploy NAME --file F [--handler H] [--runtime R] [--timeout S] [--memory MB] [--env K=V]…",
    summary: "Creates the function, or updates its code and settings (nothing when unchanged).",
    options: {
      file: { kind: "string", short: "f" },
      handler: { kind: "string" },
      runtime: { kind: "string" },
      timeout: { kind: "string" },
      memory: { kind: "string" },
      description: { kind: "string" },
      env: { kind: "multi", short: "e" },
    },
    async run({ args, out, client }) {
      const [name] = positionals(args, ["name"]);
      const environment: Record<string, string> = {};
      for (const pair of multi(args, "env")) {
        const eq = pair.indexOf("=");
        if (eq <= 0) throw new UsageError(`--env is NAME=VALUE, not "${pair}"`);
        environment[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      const body = await functionBody({
        name,
        file: requireStr(args, "file"),
        handler: str(args, "handler"),
        runtime: str(args, "runtime"),
        timeout: intOption(str(args, "timeout"), "timeout"),
        memory: intOption(str(args, "memory"), "memory"),
        description: str(args, "description"),
        environment: multi(args, "env").length > 0 ? environment : undefined,
      });
      out.progress(`Deploying function ${name}`);
      const result = await deployFunction(await client(), name, body, { keepDescription: str(args, "description") === undefined });
      emit(out, result, () =>
        result.action === "unchanged"
          ? `Function ${name} is up to date.`
          : `${result.action === "created" ? "Created" : "Updated"} function ${name} (${result.function.handler}${result.changes.length ? `; ${result.changes.join(", ")}` : ""}).`,
      );
    },
  },
  "functions list": {
    usage: "functions list",
    summary: "Lists the functions.",
    options: {},
    async run({ args, out, client }) {
      positionals(args, []);
      const { items } = await (await client()).get<{ items: Array<Record<string, unknown>> }>("/functions");
      emit(out, { items }, () => table(items, ["name", "language", "handler", "lastModified", "publishedVersions"]));
    },
  },
  "functions invoke": {
    usage: "functions invoke NAME [--event JSON|@file] [--qualifier Q]",
    summary: "Runs the function once with an event; prints its result (exit 1 when it failed).",
    options: { event: { kind: "string" }, qualifier: { kind: "string" } },
    async run({ args, out, client }) {
      const [name] = positionals(args, ["name"]);
      const event = await readEvent(str(args, "event"));
      const result = await (await client()).post<{ ok: boolean; payload: unknown; errorMessage?: string; logs: Array<{ level: string; message: string }>; durationMs: number }>(
        `/functions/${encodeURIComponent(name)}/invoke`,
        { event, qualifier: str(args, "qualifier") },
      );
      if (!out.json) for (const line of result.logs ?? []) out.err(`[${line.level}] ${line.message}`);
      emit(out, result, () => (result.ok ? JSON.stringify(result.payload, null, 2) : `Error: ${result.errorMessage ?? JSON.stringify(result.payload)}`));
      return result.ok ? 0 : 1;
    },
  },
  "functions logs": {
    usage: "functions logs NAME [--since 10m] [--request-id ID] [--limit N]",
    summary: "The function's recent log lines, oldest first.",
    options: { since: { kind: "string" }, "request-id": { kind: "string" }, limit: { kind: "string" } },
    async run({ args, out, client }) {
      const [name] = positionals(args, ["name"]);
      const since = str(args, "since");
      const { items } = await (await client()).get<{ items: Array<{ time: string; level: string; message: string; requestId: string }> }>(
        `/functions/${encodeURIComponent(name)}/logs`,
        { since: since ? sinceToIso(since) : undefined, requestId: str(args, "request-id"), limit: str(args, "limit") },
      );
      const lines = [...items].reverse();
      emit(out, { items: lines }, () => (lines.length === 0 ? "(no log lines)" : lines.map((l) => `${l.time} ${l.requestId} ${l.level} ${l.message}`).join("\n")));
    },
  },
};
