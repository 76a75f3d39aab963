import type http from "node:http";
import { isInternalToken } from "../../lib/internal-token";
import { runTestInvoke, TestInvokeInputError, type TestInvokeDeps } from "../testing/test-invoke";

export const INTERNAL_TEST_INVOKE_PATH = /^\/_gatehouse\/methods\/test$/;
/** The posted snapshot plus body: a method's whole working copy can be large. */
const MAX_BODY_BYTES = 20 * 1024 * 1024;

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) }).end(text);
}

function readJson(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * `POST /_gatehouse/methods/test` (console "Test" on a method, AWS's
 * TestInvokeMethod) with `x-gatehouse-internal-token`: runs the posted working
 * copy's method through the gateway's pipeline (gateway/testing/) and answers
 * `{status, latencyMs, headers, bodyBase64, log, timedOut, requestId}`.
 *
 * Returns false when the request is not for this endpoint (server.ts goes on).
 */
export async function handleInternalTestInvoke(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  request: { path: string; domainName: string },
  deps: TestInvokeDeps & { secretKey?: string; requestId: string; log: (level: "info" | "warn" | "error", message: string) => void },
): Promise<boolean> {
  if (!INTERNAL_TEST_INVOKE_PATH.test(request.path) || /\.execute-api\./.test(request.domainName)) return false;
  try {
    const token = req.headers["x-gatehouse-internal-token"];
    if (!isInternalToken(typeof token === "string" ? token : undefined, deps.secretKey)) {
      send(res, 401, { message: "Unauthorized" });
      return true;
    }
    if (req.method !== "POST") {
      send(res, 405, { message: "Method Not Allowed" });
      return true;
    }
    const body = await readJson(req);
    if (body === null) {
      send(res, 413, { message: "Request Too Long" });
      return true;
    }
    let raw: unknown;
    try {
      raw = body.length ? JSON.parse(body.toString("utf8")) : {};
    } catch {
      send(res, 400, { message: "The body must be JSON" });
      return true;
    }
    send(res, 200, await runTestInvoke(deps, raw, deps.requestId));
  } catch (err) {
    if (err instanceof TestInvokeInputError) {
      send(res, 400, { message: err.message });
      return true;
    }
    deps.log("error", `internal test invoke failed: ${(err as Error).stack ?? err}`);
    if (!res.headersSent) send(res, 500, { message: "Internal server error" });
    else res.end();
  }
  return true;
}
