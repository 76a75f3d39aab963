import { describe, expect, it } from "vitest";
import { bucketLowerMs, bucketOf, bucketUpperMs, BUCKETS, emptyHistogram, merge, observe, percentile, total, trimmed } from "../../gateway/metrics/histogram";

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

/** A deterministic pseudo-random generator (no flaky tests). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe("latency histogram", () => {
  it("puts each latency in the bucket whose bounds hold it", () => {
    for (const ms of [0, 0.3, 1, 1.01, 1.5, 2, 3.7, 10, 99.9, 1000, 29_000, 65_536]) {
      const i = bucketOf(ms);
      expect(ms).toBeGreaterThanOrEqual(bucketLowerMs(i));
      expect(ms).toBeLessThanOrEqual(bucketUpperMs(i));
    }
    expect(bucketOf(1e9)).toBe(BUCKETS - 1);
  });

  it("estimates p50/p90/p99 within one bucket of the exact quantiles", () => {
    const random = rng(42);
    // A long-tailed mix: most requests fast, some slow.
    const samples = Array.from({ length: 20_000 }, () => (random() < 0.95 ? 1 + random() * 20 : 200 + random() * 3000));
    const h = emptyHistogram();
    for (const s of samples) observe(h, s);
    const sorted = [...samples].sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99]) {
      const exact = exactQuantile(sorted, q);
      const estimate = percentile(h, q)!;
      const width = bucketUpperMs(bucketOf(exact)) / bucketLowerMs(bucketOf(exact));
      expect(estimate / exact).toBeLessThanOrEqual(width);
      expect(exact / estimate).toBeLessThanOrEqual(width);
    }
  });

  it("merges by adding buckets: the merge of parts equals the histogram of the whole", () => {
    const random = rng(7);
    const whole = emptyHistogram();
    const parts = [emptyHistogram(), emptyHistogram(), emptyHistogram()];
    for (let i = 0; i < 5000; i++) {
      const ms = random() * random() * 5000;
      observe(whole, ms);
      observe(parts[i % 3], ms);
    }
    // Stored arrays are trimmed; merging arrays of different lengths still works.
    const merged = merge(trimmed(parts[0]), trimmed(parts[1]), parts[2]);
    expect(merged).toEqual(whole);
    expect(total(merged)).toBe(5000);
    for (const q of [0.5, 0.9, 0.99]) expect(percentile(merged, q)).toBe(percentile(whole, q));
  });

  it("answers null for an empty histogram and a value ≥ the slowest bucket's lower bound for p99 of slow samples", () => {
    expect(percentile(emptyHistogram(), 0.99)).toBeNull();
    const h = emptyHistogram();
    for (let i = 0; i < 98; i++) observe(h, 2);
    observe(h, 800, 2);
    expect(percentile(h, 0.99)!).toBeGreaterThanOrEqual(bucketLowerMs(bucketOf(800)));
    expect(percentile(h, 0.5)!).toBeLessThanOrEqual(2);
  });
});
