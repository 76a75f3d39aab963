import type pg from "pg";
import { PeriodicFlush } from "./periodic-flush";

type Log = (level: "info" | "warn" | "error", message: string) => void;

/**
 * Counts requests per API, stage, minute and status class in memory and writes
 * them in one statement per flush, so the request path never touches the
 * database. Counts that cannot be written are kept for the next flush.
 */
export class RequestMetrics {
  private counts = new Map<string, number>();
  private readonly periodic = new PeriodicFlush(() => this.writeBatch());

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Log,
  ) {}

  record(restApiId: string, stage: string, status: number, at = Date.now()): void {
    const minute = Math.floor(at / 60000) * 60000;
    const key = `${restApiId}\u0000${stage}\u0000${minute}\u0000${Math.floor(status / 100)}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
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
    const rows = [...batch].map(([key, count]) => {
      const [apiId, stage, minute, statusClass] = key.split("\u0000");
      return { apiId, stage, minute: new Date(Number(minute)), statusClass: Number(statusClass), count };
    });
    await this.pool
      .query(
        `INSERT INTO "RequestMetric" ("restApiId", "stage", "minute", "statusClass", "count")
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[], $4::int[], $5::int[])
         ON CONFLICT ("restApiId", "stage", "minute", "statusClass")
         DO UPDATE SET "count" = "RequestMetric"."count" + EXCLUDED."count"`,
        [
          rows.map((r) => r.apiId),
          rows.map((r) => r.stage),
          rows.map((r) => r.minute.toISOString().replace("Z", "")),
          rows.map((r) => r.statusClass),
          rows.map((r) => r.count),
        ],
      )
      .catch((err: Error) => {
        // Put the batch back; it is retried with the next flush.
        for (const [key, count] of batch) this.counts.set(key, (this.counts.get(key) ?? 0) + count);
        this.log("warn", `could not write request metrics, will retry: ${err.message}`);
      });
  }
}
