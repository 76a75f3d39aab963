/**
 * Mergeable latency histograms: fixed log-scale buckets (4 per doubling, so a
 * bucket's upper bound is 2^(1/4) ≈ 1.19× its lower bound), stored as plain
 * integer arrays. Every process uses the same bounds, so histograms from
 * several gateway instances, minutes or series combine by adding buckets, and
 * percentiles are computed at query time from the merged counts.
 *
 * Bucket 0 holds [0, 1 ms]; bucket i (1 ≤ i < BUCKETS - 1) holds
 * (2^((i-1)/4), 2^(i/4)] ms; the last bucket holds everything above 2^16 ms.
 * Arrays may be shorter than BUCKETS (trailing zeros trimmed for storage).
 */
export const STEPS_PER_DOUBLING = 4;
export const BUCKETS = 16 * STEPS_PER_DOUBLING + 2;
const TOP = BUCKETS - 2;

/** Upper bound (ms) of bucket `i`; Infinity for the last. */
export function bucketUpperMs(i: number): number {
  return i >= BUCKETS - 1 ? Infinity : 2 ** (i / STEPS_PER_DOUBLING);
}

/** Lower bound (ms) of bucket `i`. */
export function bucketLowerMs(i: number): number {
  return i <= 0 ? 0 : 2 ** ((i - 1) / STEPS_PER_DOUBLING);
}

/** The bucket a latency in milliseconds falls in. */
export function bucketOf(ms: number): number {
  if (!(ms > 1)) return 0;
  const i = Math.ceil(Math.log2(ms) * STEPS_PER_DOUBLING - 1e-9);
  return i > TOP ? BUCKETS - 1 : i;
}

export function emptyHistogram(): number[] {
  return new Array<number>(BUCKETS).fill(0);
}

export function observe(histogram: number[], ms: number, count = 1): void {
  histogram[bucketOf(ms)] += count;
}

/** Adds `from` into `into` (which grows to fit). */
export function mergeInto(into: number[], from: readonly number[]): number[] {
  for (let i = 0; i < from.length; i++) into[i] = (into[i] ?? 0) + (from[i] ?? 0);
  return into;
}

export function merge(...histograms: ReadonlyArray<readonly number[]>): number[] {
  const out = emptyHistogram();
  for (const h of histograms) mergeInto(out, h);
  return out;
}

/** Without trailing zeros (what is stored). */
export function trimmed(histogram: readonly number[]): number[] {
  let end = histogram.length;
  while (end > 0 && !histogram[end - 1]) end--;
  return histogram.slice(0, end);
}

export function total(histogram: readonly number[]): number {
  let n = 0;
  for (const c of histogram) n += c ?? 0;
  return n;
}

/**
 * The q-quantile (0 < q ≤ 1) in milliseconds, or null for an empty histogram:
 * the bucket holding the ⌈q·n⌉-th smallest sample, interpolated geometrically
 * within it, so the estimate is within one bucket (±19 %) of the exact value.
 */
export function percentile(histogram: readonly number[], q: number): number | null {
  const n = total(histogram);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const c = histogram[i] ?? 0;
    if (c === 0) continue;
    if (seen + c >= rank) {
      const within = (rank - seen) / c;
      if (i === 0) return within;
      if (i >= BUCKETS - 1) return bucketLowerMs(i);
      const lo = bucketLowerMs(i);
      const hi = bucketUpperMs(i);
      return lo * (hi / lo) ** within;
    }
    seen += c;
  }
  return bucketLowerMs(histogram.length - 1);
}
