import { AppError } from "../../errors";
import type { TInvokeResult } from "../../schemas/functions";
import { invokeFunction } from "../../services/functions-invoke";
import { AwsError, invalidParameterValue } from "../errors";
import type { Operation, OperationContext } from "../operation";
import { loadSource } from "./load";
import { functionRef, orFunctionNotFound } from "./names";

/**
 * Lambda's Invoke on the same path the console's "Test" button takes
 * (lib/services/functions-invoke.ts → the gateway's internal invoke endpoint),
 * so the function runs on the gateway's runtime and instances and its log
 * lines land in the function's logs as for any other invocation.
 */

/** X-Amz-Log-Result carries at most the last 4 KB of the invocation's log. */
const LOG_TAIL_BYTES = 4096;

const LEVELS: Record<string, string> = { log: "INFO", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG" };

/** The invocation's log as Lambda writes it to CloudWatch: START, the function's lines, END and REPORT. */
export function invocationLog(result: TInvokeResult, version: string, memoryMb: number): string {
  const lines = [`START RequestId: ${result.requestId} Version: ${version}`];
  for (const line of result.logs) lines.push(`${line.time}\t${result.requestId}\t${LEVELS[line.level] ?? line.level.toUpperCase()}\t${line.message}`);
  lines.push(`END RequestId: ${result.requestId}`);
  lines.push(
    `REPORT RequestId: ${result.requestId}\tDuration: ${result.durationMs.toFixed(2)} ms\tBilled Duration: ${result.billedDurationMs} ms\tMemory Size: ${memoryMb} MB\tMax Memory Used: ${result.peakMemoryMb} MB\t`,
  );
  return `${lines.join("\n")}\n`;
}

/** The log's last 4 KB, base64 (cut on a byte boundary, as Lambda does). */
export function logTail(log: string): string {
  const bytes = Buffer.from(log, "utf8");
  return bytes.subarray(Math.max(0, bytes.length - LOG_TAIL_BYTES)).toString("base64");
}

function eventOf(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (err) {
    throw new AwsError(400, "InvalidRequestContentException", `Could not parse request body into json: Could not parse payload into json: ${(err as Error).message}`);
  }
}

/** How long an invocation waits for the gateway to load a function it does not know yet (created a moment ago). */
const LOAD_WAIT_MS = 5000;

async function run(ctx: OperationContext, name: string, qualifier: string, event: unknown): Promise<TInvokeResult> {
  const deadline = Date.now() + LOAD_WAIT_MS;
  for (;;) {
    try {
      return await orFunctionNotFound(ctx, { name, qualifier }, () => invokeFunction(ctx.db, name, { event, ...(qualifier === "$LATEST" ? {} : { qualifier }) }));
    } catch (err) {
      // The function is in the database (checked before) but the gateway hears of it by NOTIFY, within a second.
      if (err instanceof AppError && /answered 404/.test(err.message) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      // The gateway refuses an invocation over the function's concurrency limit with 429.
      if (err instanceof AppError && /\(429\)/.test(err.message)) throw new AwsError(429, "TooManyRequestsException", "Rate Exceeded.");
      throw err;
    }
  }
}

export const invokeOperations: Operation[] = [
  {
    name: "Invoke",
    service: "lambda",
    method: "POST",
    path: "/2015-03-31/functions/{FunctionName}/invocations",
    permission: "test",
    rawBody: true,
    async handler(ctx) {
      const ref = functionRef(ctx);
      const { source } = await loadSource(ctx, ref);
      const type = ctx.headers["x-amz-invocation-type"] ?? "RequestResponse";
      if (type !== "RequestResponse" && type !== "Event" && type !== "DryRun") {
        throw invalidParameterValue(`Value ${type} at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [RequestResponse, Event, DryRun]`);
      }
      const event = eventOf(ctx.rawBody);
      const executed = { "x-amz-executed-version": source.version };
      if (type === "DryRun") return { status: 204, headers: executed };
      if (type === "Event") {
        // Queued as Lambda would: the caller gets 202 at once; the outcome is in the function's logs.
        void run(ctx, source.name, source.version, event).catch(() => {});
        return { status: 202, headers: executed };
      }
      const result = await run(ctx, source.name, source.version, event);
      const headers: Record<string, string> = { ...executed, "content-type": "application/json" };
      if (!result.ok) headers["x-amz-function-error"] = "Unhandled";
      if ((ctx.headers["x-amz-log-type"] ?? "None") === "Tail") headers["x-amz-log-result"] = logTail(invocationLog(result, source.version, source.memoryMb));
      return { status: 200, headers, body: Buffer.from(JSON.stringify(result.payload ?? null), "utf8") };
    },
  },
];
