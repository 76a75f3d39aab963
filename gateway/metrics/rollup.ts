import type pg from "pg";
import { addRow, emptyRow, rowKey, type MetricRow } from "./aggregator";
import { upsertMetricRows } from "./pg-sink";

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86400;

export interface MetricsRetention {
  /** Minute rows, days. */
  minuteDays: number;
  /** Hour rows, days. */
  hourDays: number;
  /** Day rows and drop counts, days. */
  dayDays: number;
}

export const DEFAULT_RETENTION: MetricsRetention = { minuteDays: 2, hourDays: 60, dayDays: 400 };

interface DbRow {
  resolution: number;
  /** Epoch ms (read as UTC, as the column holds it). */
  periodMs: number;
  restApiId: string;
  stage: string;
  method: string;
  resource: string;
  apiKeyId: string;
  count: number;
  count4xx: number;
  count5xx: number;
  throttledCount: number;
  cacheHitCount: number;
  cacheMissCount: number;
  bytesIn: string;
  bytesOut: string;
  latencySumMs: number;
  latencyHist: number[] | null;
  integrationCount: number;
  integrationSumMs: number;
  integrationHist: number[] | null;
}

export function fromDb(r: DbRow): MetricRow {
  return {
    resolution: r.resolution,
    periodStart: Number(r.periodMs),
    restApiId: r.restApiId,
    stage: r.stage,
    method: r.method,
    resource: r.resource,
    apiKeyId: r.apiKeyId,
    count: r.count,
    count4xx: r.count4xx,
    count5xx: r.count5xx,
    throttledCount: r.throttledCount,
    cacheHitCount: r.cacheHitCount,
    cacheMissCount: r.cacheMissCount,
    latencySumMs: r.latencySumMs,
    integrationCount: r.integrationCount,
    integrationSumMs: r.integrationSumMs,
    bytesIn: Number(r.bytesIn),
    bytesOut: Number(r.bytesOut),
    latencyHist: r.latencyHist ?? [],
    integrationHist: r.integrationHist ?? [],
  };
}

/** The columns to select for `fromDb`: the period as epoch ms, whatever the process's time zone. */
export const SELECT_ROW = `*, (extract(epoch from "periodStart") * 1000)::float8 AS "periodMs"`;

/**
 * Recomputes the `to`-resolution rows of [from, until) from the `fromRes` rows:
 * replaces them wholly, so running it again (or on several gateways at once) is harmless.
 */
export async function rollUp(pool: pg.Pool, fromRes: number, toRes: number, from: number, until: number): Promise<number> {
  const { rows } = await pool.query<DbRow>(
    `SELECT ${SELECT_ROW} FROM "ApiMetric" WHERE "resolution" = $1 AND "periodStart" >= $2::timestamp AND "periodStart" < $3::timestamp`,
    [fromRes, new Date(from).toISOString().replace("Z", ""), new Date(until).toISOString().replace("Z", "")],
  );
  const out = new Map<string, MetricRow>();
  for (const db of rows) {
    const r = fromDb(db);
    const start = r.periodStart - (r.periodStart % (toRes * 1000));
    const target = emptyRow(toRes, start, r.restApiId, r.stage, r.method, r.resource, r.apiKeyId);
    const key = rowKey(target);
    const into = out.get(key);
    if (into) addRow(into, r);
    else {
      addRow(target, r);
      out.set(key, target);
    }
  }
  await upsertMetricRows(pool, [...out.values()], "replace");
  return out.size;
}

/**
 * Keeps hour and day rows current (the running hour and day are recomputed each
 * time, the previous ones during the first ten minutes after they end, for
 * late flushes) and deletes rows past their retention, at most hourly.
 */
export class MetricsRollup {
  private timer: NodeJS.Timeout | null = null;
  private lastPrune = 0;
  private running: Promise<void> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly retention: MetricsRetention,
    private readonly log: (level: "info" | "warn" | "error", message: string) => void,
  ) {}

  start(intervalMs = 60_000): void {
    void this.run();
    this.timer = setInterval(() => void this.run(), intervalMs);
    this.timer.unref();
  }

  run(now = Date.now()): Promise<void> {
    this.running ??= this.once(now)
      .catch((err: Error) => this.log("warn", `metrics rollup failed, will retry: ${err.message}`))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async once(now: number): Promise<void> {
    const hourStart = now - (now % 3_600_000);
    const late = now - hourStart < 600_000;
    await rollUp(this.pool, MINUTE, HOUR, late ? hourStart - 3_600_000 : hourStart, hourStart + 3_600_000);
    const dayStart = now - (now % 86_400_000);
    await rollUp(this.pool, HOUR, DAY, now - dayStart < 4_200_000 ? dayStart - 86_400_000 : dayStart, dayStart + 86_400_000);
    if (now - this.lastPrune >= 3_600_000) {
      this.lastPrune = now;
      await this.prune(now);
    }
  }

  async prune(now = Date.now()): Promise<void> {
    const before = (days: number) => new Date(now - days * 86_400_000).toISOString().replace("Z", "");
    await this.pool.query(`DELETE FROM "ApiMetric" WHERE "resolution" = $1 AND "periodStart" < $2::timestamp`, [MINUTE, before(this.retention.minuteDays)]);
    await this.pool.query(`DELETE FROM "ApiMetric" WHERE "resolution" = $1 AND "periodStart" < $2::timestamp`, [HOUR, before(this.retention.hourDays)]);
    await this.pool.query(`DELETE FROM "ApiMetric" WHERE "resolution" = $1 AND "periodStart" < $2::timestamp`, [DAY, before(this.retention.dayDays)]);
    await this.pool.query(`DELETE FROM "MetricDrop" WHERE "minute" < $1::timestamp`, [before(this.retention.dayDays)]);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
