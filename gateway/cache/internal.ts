import type http from "node:http";
import { isInternalToken } from "../../lib/internal-token";
import type { SnapshotStore } from "../snapshot-store";
import { stageNamespace } from "./policy";
import { capacityBytes, type ResponseCache } from "./response-cache";

/** `GET /_gatehouse/cache/{restApiId}/{stageName}`: the stage's cache as this gateway process sees it. */
export const INTERNAL_CACHE_PATH = /^\/_gatehouse\/cache\/([^/]+)\/([^/]+)$/;

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) }).end(text);
}

/**
 * The console's cache panel reads this (lib/services/stage-cache.ts): enabled,
 * size, backend, entries and bytes held, capacity, hits and misses since the
 * process started. Authenticated with the internal token.
 */
export function handleInternalCacheStats(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  match: RegExpExecArray,
  deps: { cache: ResponseCache; store: SnapshotStore; secretKey?: string },
): void {
  const token = req.headers["x-gatehouse-internal-token"];
  if (!isInternalToken(typeof token === "string" ? token : undefined, deps.secretKey)) return send(res, 401, { message: "Unauthorized" });
  if (req.method !== "GET") return send(res, 405, { message: "Method Not Allowed" });
  let restApiId: string;
  let stageName: string;
  try {
    restApiId = decodeURIComponent(match[1]);
    stageName = decodeURIComponent(match[2]);
  } catch {
    return send(res, 400, { message: "Bad stage" });
  }
  const stage = deps.store.getStage(restApiId, stageName);
  const size = stage?.cache.size ?? "0.5";
  send(res, 200, {
    served: Boolean(stage),
    enabled: stage?.cache.enabled ?? false,
    cacheClusterSize: size,
    ...deps.cache.stats(stageNamespace(restApiId, stageName), capacityBytes(size)),
  });
}
