import { describe, expect, it } from "vitest";
import { TokenBucket, TokenBuckets } from "../../gateway/access/token-bucket";

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("token bucket", () => {
  it("starts full: allows `burst` requests at once, then refuses", () => {
    const c = clock();
    const bucket = new TokenBucket({ rateLimit: 2, burstLimit: 3 }, c.now);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true, false]);
  });

  it("refills at `rate` tokens per second, never beyond `burst`", () => {
    const c = clock();
    const bucket = new TokenBucket({ rateLimit: 2, burstLimit: 2 }, c.now);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    c.advance(499);
    expect(bucket.tryTake()).toBe(false);
    c.advance(1);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    c.advance(60_000);
    expect(bucket.available()).toBe(2);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, false]);
  });

  it("handles fractional rates and a zero burst", () => {
    const c = clock();
    const slow = new TokenBucket({ rateLimit: 0.5, burstLimit: 1 }, c.now);
    expect(slow.tryTake()).toBe(true);
    c.advance(1000);
    expect(slow.tryTake()).toBe(false);
    c.advance(1000);
    expect(slow.tryTake()).toBe(true);
    const none = new TokenBucket({ rateLimit: 10, burstLimit: 0 }, c.now);
    c.advance(5000);
    expect(none.tryTake()).toBe(false);
  });

  it("keeps a sustained rate: 10 s at 5/s with burst 5 allows about 55 requests", () => {
    const c = clock();
    const bucket = new TokenBucket({ rateLimit: 5, burstLimit: 5 }, c.now);
    let allowed = 0;
    for (let t = 0; t < 10_000; t += 10) {
      if (bucket.tryTake()) allowed++;
      c.advance(10);
    }
    expect(allowed).toBeGreaterThanOrEqual(54);
    expect(allowed).toBeLessThanOrEqual(56);
  });

  it("keeps one bucket per name, replaces it when the limits change, and drops idle ones", () => {
    const c = clock();
    const buckets = new TokenBuckets(c.now, 1000);
    const limits = { rateLimit: 1, burstLimit: 1 };
    expect(buckets.tryTake("a", limits)).toBe(true);
    expect(buckets.tryTake("a", limits)).toBe(false);
    expect(buckets.tryTake("b", limits)).toBe(true);
    // New limits: a new, full bucket.
    expect(buckets.tryTake("a", { rateLimit: 1, burstLimit: 2 })).toBe(true);
    expect(buckets.size).toBe(2);
    c.advance(5000);
    buckets.tryTake("c", limits);
    expect(buckets.size).toBe(1);
  });
});
