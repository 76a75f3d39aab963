import type http from "node:http";
import { functionArn, type ArnContext } from "../../lib/arn";
import { isInternalToken } from "../../lib/internal-token";
import type { FunctionInvoker } from "../functions/invoker";
import { FunctionThrottled } from "../functions/types";
import type { SnapshotStore } from "../snapshot-store";

export const INTERNAL_INVOKE_PATH = /^\/_gatehouse\/functions\/([^/]+)\/invoke$/;

/** The JSON answer of the internal endpoint. */
function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) }).end(text);
}

/**
 * `POST /_gatehouse/functions/{name}/invoke` (console "Test" button): runs the
 * function on the same runtime and instances as real traffic and returns its
 * result with logs and timings. Authenticated with the internal token.
 */
export async function handleInternalInvoke(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  name: string,
  body: Buffer | null,
  deps: { store: SnapshotStore; invoker: FunctionInvoker; arn: ArnContext; secretKey?: string; requestId: string },
): Promise<void> {
  const token = req.headers["x-gatehouse-internal-token"];
  if (!isInternalToken(typeof token === "string" ? token : undefined, deps.secretKey)) return send(res, 401, { message: "Unauthorized" });
  if (req.method !== "POST") return send(res, 405, { message: "Method Not Allowed" });
  let input: { event?: unknown; qualifier?: unknown };
  try {
    input = body ? JSON.parse(body.toString("utf8")) : {};
    if (!input || typeof input !== "object" || Array.isArray(input)) throw new Error("not an object");
  } catch {
    return send(res, 400, { message: "The body must be a JSON object {event, qualifier?}" });
  }
  if (input.qualifier !== undefined && typeof input.qualifier !== "string") return send(res, 400, { message: "qualifier must be a string" });
  let decoded: string;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    return send(res, 400, { message: "Bad function name" });
  }
  const fn = deps.store.getFunction(decoded, input.qualifier);
  if (!fn) return send(res, 404, { message: `Function not found: ${decoded}${input.qualifier ? `:${input.qualifier}` : ""}` });
  try {
    const result = await deps.invoker.invoke(fn, input.event ?? {}, {
      timeoutMs: fn.timeoutSeconds * 1000,
      functionArn: functionArn(deps.arn, fn.name) + (fn.qualifier === "$LATEST" ? "" : `:${fn.qualifier}`),
      requestId: deps.requestId,
    });
    send(res, 200, {
      ok: result.ok,
      payload: JSON.parse(result.payload),
      ...(result.errorMessage !== undefined ? { errorMessage: result.errorMessage } : {}),
      logs: result.logs.map((l) => ({ time: new Date(l.time).toISOString(), level: l.level, message: l.message })),
      durationMs: result.durationMs,
      billedDurationMs: result.billedDurationMs,
      peakMemoryMb: result.peakMemoryMb,
      requestId: result.requestId,
      qualifier: fn.qualifier,
    });
  } catch (err) {
    if (err instanceof FunctionThrottled) return send(res, 429, { message: "Too Many Requests" });
    throw err;
  }
}
