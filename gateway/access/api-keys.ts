import type pg from "pg";
import type { SnapshotStore } from "../snapshot-store";
import { DEFAULT_INVALID_KEY_LIMITS, InvalidKeyLimiter, type InvalidKeyLimits } from "./invalid-key-limiter";
import { ApiKeyStore } from "./key-store";
import { TokenBuckets } from "./token-bucket";
import { UsageCounter } from "./usage";

type Log = (level: "info" | "warn" | "error", message: string) => void;

/** Everything the API key stage needs, with one lifecycle. */
export interface ApiKeyAccess {
  keys: ApiKeyStore;
  usage: UsageCounter;
  buckets: TokenBuckets;
  invalidKeys: InvalidKeyLimiter;
  log: Log;
  close(): Promise<void>;
}

/** Loads keys and plans, subscribes to their notices and starts the usage writer. */
export async function startApiKeyAccess(options: {
  pool: pg.Pool;
  snapshots: SnapshotStore;
  log: Log;
  flushMs: number;
  invalidKeyLimits?: InvalidKeyLimits;
}): Promise<ApiKeyAccess> {
  const keys = new ApiKeyStore(options.pool, options.log);
  options.snapshots.subscribeAccess({ onNotice: (n) => keys.onNotice(n), onReconnect: () => keys.onReconnect() });
  await keys.loadAll();
  const usage = new UsageCounter(options.pool, keys, options.log);
  await usage.refresh().catch((err: Error) => options.log("warn", `could not read API key usage: ${err.message}`));
  usage.start(options.flushMs);
  return {
    keys,
    usage,
    buckets: new TokenBuckets(),
    invalidKeys: new InvalidKeyLimiter(options.invalidKeyLimits ?? DEFAULT_INVALID_KEY_LIMITS),
    log: options.log,
    close: () => usage.stop(),
  };
}
