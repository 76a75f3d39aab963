import { TokenBuckets, type Clock } from "../access/token-bucket";
import type { BucketRequest, QuotaRequest, QuotaResult, StateBackend } from "./backend";

/**
 * One instance's state in memory: token buckets (gateway/access/token-bucket.ts)
 * and quotas decided on the local count (PostgreSQL's total plus this
 * instance's requests since; persisted by gateway/access/usage.ts every flush
 * and at shutdown, read back at start).
 */
export class MemoryStateBackend implements StateBackend {
  readonly kind = "memory" as const;
  readonly buckets: TokenBuckets;

  constructor(now: Clock = Date.now) {
    this.buckets = new TokenBuckets(now);
  }

  take(buckets: BucketRequest[]): number {
    return this.buckets.tryTakeAll(buckets.map((b) => ({ name: b.key, limits: b.limits })));
  }

  consumeQuota(quota: QuotaRequest): QuotaResult {
    return quota.localUsed >= quota.limit ? { ok: false, reason: "exceeded" } : { ok: true, shared: false };
  }

  reconcileQuotas(): void {}

  isShared(): boolean {
    return false;
  }

  onRejoin(): void {}

  async close(): Promise<void> {}
}
