import type pg from "pg";
import type { SnapshotStore } from "../snapshot-store";
import { DEFAULT_INVALID_KEY_LIMITS, InvalidKeyLimiter, type InvalidKeyLimits } from "./invalid-key-limiter";
import { ApiKeyStore } from "./key-store";
import type { StateBackend } from "../state/backend";
import { quotaPeriodEnd } from "../../lib/quota-period";
import { UsageCounter } from "./usage";

type Log = (level: "info" | "warn" | "error", message: string) => void;

/** Everything the API key stage needs, with one lifecycle. */
export interface ApiKeyAccess {
  keys: ApiKeyStore;
  usage: UsageCounter;
  /** Plan/key token buckets and quota counters (memory, or Redis shared by every instance). */
  state: StateBackend;
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
  state: StateBackend;
}): Promise<ApiKeyAccess> {
  const keys = new ApiKeyStore(options.pool, options.log);
  options.snapshots.subscribeAccess({ onNotice: (n) => keys.onNotice(n), onReconnect: () => keys.onReconnect() });
  await keys.loadAll();
  const usage = new UsageCounter(options.pool, keys, options.log);
  const state = options.state;
  // PostgreSQL's totals (every instance's flushed counts) raise the shared counters: after an outage, a
  // Redis restart, or requests counted by instances that could not reach Redis.
  usage.onRefreshed = (totals) => {
    if (state.kind !== "redis") return;
    const entries = totals.map((t) => ({
      key: `${t.plan.id}:${t.keyId}:${t.periodDay}`,
      used: t.count,
      periodEndsAt: quotaPeriodEnd(t.plan.quota!.period, t.plan.quota!.offset, new Date(`${t.periodDay}T00:00:00Z`)).getTime(),
    }));
    void Promise.resolve(state.reconcileQuotas(entries)).catch(() => {});
  };
  state.onRejoin(() => {
    usage.flush().catch(() => {});
  });
  await usage.refresh().catch((err: Error) => options.log("warn", `could not read API key usage: ${err.message}`));
  usage.start(options.flushMs);
  return {
    keys,
    usage,
    state,
    invalidKeys: new InvalidKeyLimiter(options.invalidKeyLimits ?? DEFAULT_INVALID_KEY_LIMITS),
    log: options.log,
    // Stopping writes the last counts (quota usage survives a restart).
    close: () => usage.stop(),
  };
}
