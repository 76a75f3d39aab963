import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import { AppError } from "../errors";
import { internalToken } from "../internal-token";
import type { TStageCacheStats } from "../schemas/management";
import { notifyGateway } from "./deploy";
import { internalGatewayUrl } from "./functions-invoke";
import { requireStage } from "./stages";

/**
 * A stage's response cache: flush (AWS FlushStageCache) and statistics.
 * The cache lives in the gateway processes (or Redis), so a flush is a
 * notice every gateway hears, and the statistics come from the gateway.
 */

/** Every gateway instance drops the stage's entries (and starts a new Redis generation) when the notice commits. */
export async function flushStageCache(db: Db, restApiId: string, stageName: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await requireStage(tx, restApiId, stageName);
    await notifyGateway(tx, { kind: "flush-cache", restApiId, stageName, flushId: randomUUID() });
  });
}

/** The stage's cache as the gateway the console reaches (GATEHOUSE_INTERNAL_GATEWAY_URL) sees it. 502 when unreachable. */
export async function stageCacheStats(db: Db, restApiId: string, stageName: string, env: NodeJS.ProcessEnv = process.env): Promise<TStageCacheStats> {
  const stage = await requireStage(db, restApiId, stageName);
  const secretKey = env.GATEHOUSE_SECRET_KEY;
  if (!secretKey) throw new AppError("internal", "GATEHOUSE_SECRET_KEY is not set: the console cannot authenticate to the gateway.");
  const base = internalGatewayUrl(env);
  let res: Response;
  try {
    res = await fetch(`${base}/_gatehouse/cache/${encodeURIComponent(restApiId)}/${encodeURIComponent(stageName)}`, {
      headers: { "x-gatehouse-internal-token": internalToken(secretKey) },
      signal: AbortSignal.timeout(5_000),
    });
  } catch (err) {
    const cause = (err as { cause?: Error }).cause?.message ?? (err as Error).message;
    throw new AppError("bad-gateway", `The gateway at ${base} is unreachable (${cause}). Is it running?`);
  }
  const body = (await res.json().catch(() => null)) as (Omit<TStageCacheStats, "hitRatio"> & { message?: string }) | null;
  if (!res.ok || !body || typeof body.hits !== "number") {
    throw new AppError("bad-gateway", `The gateway could not report the cache (${res.status})${body?.message ? `: ${body.message}` : ""}.`);
  }
  const lookups = body.hits + body.misses;
  return {
    // The stored settings win: the gateway may not have reloaded the stage yet.
    enabled: stage.cacheClusterEnabled,
    cacheClusterSize: stage.cacheClusterSize,
    backend: body.backend,
    entries: body.entries,
    bytes: body.bytes,
    capacityBytes: body.capacityBytes,
    hits: body.hits,
    misses: body.misses,
    hitRatio: lookups > 0 ? body.hits / lookups : null,
  };
}
