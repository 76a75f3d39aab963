/**
 * A token bucket as AWS describes its throttling: `burst` tokens at most,
 * refilled at `rate` tokens per second; a request takes one token or is
 * throttled. Pure (the clock is injected) so usage plans and, later, stage and
 * method throttling (issue 8) can share it.
 */
export type Clock = () => number;

export interface ThrottleLimits {
  /** Tokens added per second (may be fractional). */
  rateLimit: number;
  /** Bucket capacity: requests allowed at once. 0 allows none. */
  burstLimit: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly limits: ThrottleLimits,
    private readonly now: Clock = Date.now,
  ) {
    this.tokens = Math.max(0, limits.burstLimit);
    this.last = now();
  }

  private refill(): void {
    const at = this.now();
    const elapsed = Math.max(0, at - this.last) / 1000;
    this.last = at;
    this.tokens = Math.min(Math.max(0, this.limits.burstLimit), this.tokens + elapsed * Math.max(0, this.limits.rateLimit));
  }

  /** Takes `n` tokens if there are that many; false (and nothing taken) otherwise. */
  tryTake(n = 1): boolean {
    this.refill();
    if (this.tokens + 1e-9 < n) return false;
    this.tokens = Math.max(0, this.tokens - n);
    return true;
  }

  /** Tokens available now (after refilling). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** True when the bucket is full again, so dropping it changes nothing. */
  isIdle(): boolean {
    return this.available() >= this.limits.burstLimit;
  }
}

/**
 * Buckets by name (e.g. plan + key + method), created on first use. A bucket
 * whose limits changed is replaced (starting full); full buckets are dropped
 * now and then so the map does not grow with every key ever seen.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, TokenBucket>();
  private lastSweep: number;

  constructor(
    private readonly now: Clock = Date.now,
    private readonly sweepEveryMs = 60_000,
  ) {
    this.lastSweep = now();
  }

  tryTake(name: string, limits: ThrottleLimits): boolean {
    const ok = this.bucket(name, limits).tryTake();
    this.maybeSweep();
    return ok;
  }

  /**
   * All or nothing over several buckets (account, stage method, …): takes a
   * token from each when every one has a token and answers -1, else takes none
   * and answers the index of the first bucket that had none.
   */
  tryTakeAll(requests: Array<{ name: string; limits: ThrottleLimits }>): number {
    const buckets = requests.map((r) => this.bucket(r.name, r.limits));
    const refused = buckets.findIndex((b) => b.available() + 1e-9 < 1);
    if (refused < 0) for (const b of buckets) b.tryTake();
    this.maybeSweep();
    return refused;
  }

  private bucket(name: string, limits: ThrottleLimits): TokenBucket {
    let bucket = this.buckets.get(name);
    if (!bucket || bucket.limits.rateLimit !== limits.rateLimit || bucket.limits.burstLimit !== limits.burstLimit) {
      bucket = new TokenBucket({ ...limits }, this.now);
      this.buckets.set(name, bucket);
    }
    return bucket;
  }

  get size(): number {
    return this.buckets.size;
  }

  private maybeSweep(): void {
    const at = this.now();
    if (at - this.lastSweep < this.sweepEveryMs) return;
    this.lastSweep = at;
    for (const [name, bucket] of this.buckets) if (bucket.isIdle()) this.buckets.delete(name);
  }
}
