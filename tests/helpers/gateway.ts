import http from "node:http";
import { spawnGateway } from "../../lib/server/processes";

/** The real gateway process (gateway/main.ts) against a test database. */
export interface TestGateway {
  port: number;
  /** The admin port (`/metrics`, `/health`); null when it could not bind. */
  adminPort: number | null;
  /** Everything the process printed besides its "listening" line; a structured (pino) line as its message text. */
  logs: string[];
  /** The same lines exactly as printed. */
  rawLogs: string[];
  /** Sends a request to the gateway; `apiId` sets `Host: {apiId}.execute-api.localhost`. */
  request(path: string, options?: RequestOptions): Promise<GatewayResponse>;
  stop(): Promise<void>;
}

export interface RequestOptions {
  apiId?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body in this many chunks with Transfer-Encoding: chunked. */
  chunks?: number;
}

export interface GatewayResponse {
  status: number;
  /** Header names lowercased. */
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json(): unknown;
}

export async function startTestGateway(databaseUrl: string, env: Record<string, string> = {}): Promise<TestGateway> {
  const logs: string[] = [];
  const rawLogs: string[] = [];
  const { process: child, port, adminPort } = await spawnGateway(
    { ...process.env, DATABASE_URL: databaseUrl, GATEWAY_PORT: "0", GATEWAY_ADMIN_PORT: "0", GATEHOUSE_METRICS_FLUSH_MS: "200", ...env },
    {
      onLine: (line) => {
        rawLogs.push(line);
        logs.push(messageOf(line));
      },
    },
  );
  return {
    port,
    adminPort,
    logs,
    rawLogs,
    request: (path, options) => sendRequest(port, path, options),
    stop: () => child.stop("SIGTERM", 10_000),
  };
}

/** The text of a pino JSON line (`msg`), else the line itself. */
function messageOf(line: string): string {
  if (!line.startsWith('{"level":')) return line;
  try {
    const parsed = JSON.parse(line) as { msg?: unknown };
    return typeof parsed.msg === "string" ? parsed.msg : line;
  } catch {
    return line;
  }
}

/** node:http rather than fetch: fetch refuses to set Host, and *.localhost does not resolve. */
export function sendRequest(port: number, path: string, options: RequestOptions = {}): Promise<GatewayResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiId) headers.Host = `${options.apiId}.execute-api.localhost`;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: options.method ?? "GET", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        const text = body.toString("utf8");
        resolve({ status: res.statusCode!, headers: res.headers, body, text, json: () => JSON.parse(text) });
      });
    });
    // The gateway may answer (e.g. 413) and close before the whole body is sent; the answer counts.
    let answered = false;
    req.on("response", () => (answered = true));
    req.on("error", (err) => {
      if (!answered) setTimeout(() => reject(err), 200);
    });
    const body = options.body;
    if (body !== undefined && options.chunks && options.chunks > 1) {
      const buf = Buffer.from(body);
      const size = Math.ceil(buf.length / options.chunks);
      for (let i = 0; i < buf.length; i += size) req.write(buf.subarray(i, i + size));
      req.end();
    } else req.end(body);
  });
}

/** Polls `check` until it returns a value other than undefined, or throws with the last error. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** What the gateway's internal invoke endpoint answers (gateway/internal/invoke): the console's test invoke. */
export interface InternalInvokeAnswer {
  ok: boolean;
  payload: unknown;
  errorMessage?: string;
  logs: Array<{ time: string; level: string; message: string }>;
}

/** Invokes a function through the gateway's internal endpoint (as the console's Test button), expecting 200. */
export async function invokeThroughGateway(port: number, secretKey: string, name: string, event: unknown = {}): Promise<InternalInvokeAnswer> {
  const { internalToken } = await import("../../lib/internal-token");
  const res = await sendRequest(port, `/_gatehouse/functions/${name}/invoke`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "x-gatehouse-internal-token": internalToken(secretKey) },
    body: JSON.stringify({ event }),
  });
  if (res.status !== 200) throw new Error(`internal invoke of ${name}: ${res.status} ${res.text}`);
  return res.json() as InternalInvokeAnswer;
}
