import type pg from "pg";
import { PeriodicFlush } from "./periodic-flush";

type Log = (level: "info" | "warn" | "error", message: string) => void;

interface Counts {
  count: number;
  throttled: number;
  cacheHits: number;
  cacheMisses: number;
}

/**
 * Counts requests per API, stage, minute and status class in memory, with how
 * many of them were throttled (429 Too Many Requests) and, for cached methods,
 * cache hits and misses (AWS's CacheHitCount / CacheMissCount), and writes them
 * in one statement per flush, so the request path never touches the database.
 * Counts that cannot be written are kept for the next flush.
 */
export class RequestMetrics {
  private counts = new Map<string, Counts>();
  private readonly periodic = new PeriodicFlush(() => this.writeBatch());

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Log,
  ) {}

  private entry(restApiId: string, stage: string, status: number, at: number): Counts {
    const minute = Math.floor(at / 60000) * 60000;
    const key = `${restApiId}\u0000${stage}\u0000${minute}\u0000${Math.floor(status / 100)}`;
    let counts = this.counts.get(key);
    if (!counts) this.counts.set(key, (counts = { count: 0, throttled: 0, cacheHits: 0, cacheMisses: 0 }));
    return counts;
  }

  /** One request answered with `status`; `throttled` when it was refused with 429 Too Many Requests. */
  record(restApiId: string, stage: string, status: number, at = Date.now(), throttled = false): void {
    const counts = this.entry(restApiId, stage, status, at);
    counts.count++;
    if (throttled) counts.throttled++;
  }

  /**
   * A cache lookup of a cached method: a hit or a miss. Counted beside the
   * request (which `record` counts), in the row of its status class (200 unless given).
   */
  recordCache(restApiId: string, stage: string, hit: boolean, status = 200, at = Date.now()): void {
    const counts = this.entry(restApiId, stage, status, at);
    if (hit) counts.cacheHits++;
    else counts.cacheMisses++;
  }

  start(intervalMs: number): void {
    this.periodic.start(intervalMs);
  }

  flush(): Promise<void> {
    return this.periodic.flush();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  private async writeBatch(): Promise<void> {
    if (this.counts.size === 0) return;
    const batch = this.counts;
    this.counts = new Map();
    const rows = [...batch].map(([key, counts]) => {
      const [apiId, stage, minute, statusClass] = key.split("\u0000");
      return { apiId, stage, minute: new Date(Number(minute)), statusClass: Number(statusClass), ...counts };
    });
    await this.pool
      .query(
        `INSERT INTO "RequestMetric" ("restApiId", "stage", "minute", "statusClass", "count", "throttledCount", "cacheHitCount", "cacheMissCount")
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[])
         ON CONFLICT ("restApiId", "stage", "minute", "statusClass")
         DO UPDATE SET "count" = "RequestMetric"."count" + EXCLUDED."count",
           "throttledCount" = "RequestMetric"."throttledCount" + EXCLUDED."throttledCount",
           "cacheHitCount" = "RequestMetric"."cacheHitCount" + EXCLUDED."cacheHitCount",
           "cacheMissCount" = "RequestMetric"."cacheMissCount" + EXCLUDED."cacheMissCount"`,
        [
          rows.map((r) => r.apiId),
          rows.map((r) => r.stage),
          rows.map((r) => r.minute.toISOString().replace("Z", "")),
          rows.map((r) => r.statusClass),
          rows.map((r) => r.count),
          rows.map((r) => r.throttled),
          rows.map((r) => r.cacheHits),
          rows.map((r) => r.cacheMisses),
        ],
      )
      .catch((err: Error) => {
        // Put the batch back; it is retried with the next flush.
        for (const [key, counts] of batch) {
          const into = this.counts.get(key);
          if (!into) this.counts.set(key, counts);
          else {
            into.count += counts.count;
            into.throttled += counts.throttled;
            into.cacheHits += counts.cacheHits;
            into.cacheMisses += counts.cacheMisses;
          }
        }
        this.log("warn", `could not write request metrics, will retry: ${err.message}`);
      });
  }
}
