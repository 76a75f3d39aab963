import http from "node:http";
import type { AddressInfo } from "node:net";

export interface AdminServer {
  /** The bound port, or null when the port was taken (the gateway serves traffic without it). */
  port: number | null;
  close(): Promise<void>;
}

export interface AdminOptions {
  port: number;
  host: string;
  /** Prometheus text for `GET /metrics`. */
  metrics: () => string;
  /** Body of `GET /health`. */
  health: () => Record<string, unknown>;
  log: (level: "info" | "warn" | "error", message: string) => void;
}

/**
 * The gateway's admin port: `GET /metrics` (Prometheus text format) and
 * `GET /health`. Nothing on it changes state. A taken port is a warning, not a
 * failure: API traffic matters more than scraping.
 */
export async function startAdminServer(options: AdminOptions): Promise<AdminServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain" }).end("Method Not Allowed\n");
      return;
    }
    if (path === "/metrics") {
      res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" }).end(req.method === "HEAD" ? undefined : options.metrics());
    } else if (path === "/health" || path === "/healthz") {
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ status: "ok", ...options.health() }));
    } else {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not Found: try /metrics or /health\n");
    }
  });
  const bound = await new Promise<boolean>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") {
        options.log("warn", `admin port ${options.port} (GATEWAY_ADMIN_PORT) is in use: /metrics and /health are not served by this gateway`);
        resolve(false);
      } else reject(err);
    });
    server.listen(options.port, options.host, () => resolve(true));
  });
  return {
    port: bound ? (server.address() as AddressInfo).port : null,
    close: () =>
      new Promise<void>((resolve) => {
        if (!bound) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
