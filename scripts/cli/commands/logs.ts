import { positionals, str, UsageError } from "../args";
import { resolveApi } from "../client";
import type { CommandTable } from "../command";

export interface AccessEntry {
  id: string;
  time: string;
  requestId: string;
  restApiId: string;
  stage: string;
  httpMethod: string;
  path: string;
  status: number;
  latencyMs: number;
}

export function formatEntry(e: AccessEntry): string {
  return `${e.time} ${e.restApiId}/${e.stage} ${e.status} ${e.httpMethod} ${e.path} ${e.latencyMs}ms ${e.requestId}`;
}

/** Splits server-sent events text; returns complete events and the unfinished rest. */
export function parseSse(buffer: string): { events: Array<{ event: string; data: string; id?: string }>; rest: string } {
  const events: Array<{ event: string; data: string; id?: string }> = [];
  const normalized = buffer.replace(/\r\n/g, "\n");
  const blocks = normalized.split("\n\n");
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    let event = "message";
    const data: string[] = [];
    let id: string | undefined;
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
      else if (field === "id") id = value;
    }
    if (data.length > 0) events.push({ event, data: data.join("\n"), id });
  }
  return { events, rest };
}

export const logCommands: CommandTable = {
  "logs tail": {
    usage: "logs tail [--api A] [--stage S] [--status 5xx] [--after ID] [--count N] [--timeout SECONDS]",
    summary: "Follows access log entries as requests arrive (until Ctrl-C, --count entries or --timeout).",
    options: {
      api: { kind: "string" },
      stage: { kind: "string" },
      status: { kind: "string" },
      method: { kind: "string" },
      path: { kind: "string" },
      after: { kind: "string" },
      count: { kind: "string" },
      timeout: { kind: "string" },
    },
    async run({ args, out, client }) {
      positionals(args, []);
      const count = str(args, "count") ? Number(str(args, "count")) : Infinity;
      const timeout = str(args, "timeout") ? Number(str(args, "timeout")) : undefined;
      if (Number.isNaN(count) || (timeout !== undefined && Number.isNaN(timeout))) throw new UsageError("--count and --timeout are numbers");
      const c = await client();
      const restApiId = str(args, "api") ? (await resolveApi(c, str(args, "api")!)).id : undefined;
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once("SIGINT", stop);
      const timer = timeout !== undefined ? setTimeout(stop, timeout * 1000) : undefined;
      let seen = 0;
      let lastId = str(args, "after");
      out.progress("Waiting for requests (Ctrl-C stops)");
      try {
        // Reconnects when the stream ends (e.g. a console restart), resuming after the last entry.
        while (!controller.signal.aborted && seen < count) {
          let res: Response;
          try {
            res = await c.raw("GET", "/logs/stream", {
              query: { restApiId, stage: str(args, "stage"), status: str(args, "status"), method: str(args, "method"), path: str(args, "path"), after: lastId },
              signal: controller.signal,
            });
          } catch (err) {
            if (controller.signal.aborted) break;
            throw err;
          }
          const decoder = new TextDecoder();
          let buffer = "";
          try {
            for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
              buffer += decoder.decode(chunk, { stream: true });
              const parsed = parseSse(buffer);
              buffer = parsed.rest;
              for (const ev of parsed.events) {
                if (ev.event === "error") out.err(`stream error: ${ev.data}`);
                if (ev.event !== "access") continue;
                const entry = JSON.parse(ev.data) as AccessEntry;
                lastId = entry.id;
                out.out(out.json ? JSON.stringify(entry) : formatEntry(entry));
                if (++seen >= count) break;
              }
              if (seen >= count) break;
            }
          } catch (err) {
            if (!controller.signal.aborted) throw err;
          }
          if (seen < count && !controller.signal.aborted) await new Promise((r) => setTimeout(r, 1000));
        }
      } finally {
        if (timer) clearTimeout(timer);
        process.off("SIGINT", stop);
        controller.abort();
      }
      return 0;
    },
  },
};
