import type { ThrottleLimits } from "../access/token-bucket";

/**
 * Where the gateway keeps throttle buckets and quota counters. The memory
 * backend (one instance) is the default; the Redis backend (REDIS_URL) shares
 * them between every gateway instance with atomic Lua scripts, and falls back
 * to the memory backend while Redis is unreachable.
 */
export interface BucketRequest {
  /** Bucket name, unique across levels (e.g. `a` for the account, `m\0api\0stage\0/items/GET`). */
  key: string;
  limits: ThrottleLimits;
}

export interface QuotaRequest {
  /** plan + key + first day of the period. */
  key: string;
  /** Requests allowed in the period (plan limit plus the key's adjustment). */
  limit: number;
  /** When the period ends (ms since the epoch): the shared counter expires then. */
  periodEndsAt: number;
  /**
   * What this instance knows was used in the period: PostgreSQL's total as last
   * read plus what it counted since. The memory backend decides with it; the
   * Redis backend seeds a missing counter with it.
   */
  localUsed: number;
}

export type QuotaResult =
  | { ok: true; shared: boolean }
  | { ok: false; reason: "exceeded" }
  | { ok: false; reason: "unavailable" };

export interface StateBackend {
  readonly kind: "memory" | "redis";
  /**
   * Takes one token from every bucket if each has one and answers -1; else
   * takes none and answers the index of the first bucket without a token.
   */
  take(buckets: BucketRequest[]): number | Promise<number>;
  /** Checks the quota and counts the request, atomically across instances when shared. */
  consumeQuota(quota: QuotaRequest): QuotaResult | Promise<QuotaResult>;
  /**
   * Raises shared quota counters to PostgreSQL's totals (after an outage, a
   * Redis restart, or requests counted by instances that could not reach it).
   */
  reconcileQuotas(totals: Array<{ key: string; used: number; periodEndsAt: number }>): void | Promise<void>;
  /** True while limits are shared between instances (Redis reachable). */
  isShared(): boolean;
  /** Called when the backend becomes shared again after an outage. */
  onRejoin(listener: () => void): void;
  close(): Promise<void>;
}
