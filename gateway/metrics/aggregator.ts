import { emptyHistogram, mergeInto, observe, trimmed } from "./histogram";

/** One answered request, as the metrics see it. */
export interface MetricSample {
  restApiId: string;
  stage: string;
  /** HTTP method of the matched method ('' when none matched, e.g. 403 Missing Authentication Token). */
  method: string;
  /** Resource path of the matched resource ('' when none). */
  resource: string;
  /** The API key's id ('' when none). */
  apiKeyId: string;
  status: number;
  /** Received → response written, ms. */
  latencyMs: number;
  /** Time spent in the integration, ms (undefined when none was called). */
  integrationLatencyMs?: number;
  bytesIn: number;
  bytesOut: number;
  throttled: boolean;
  /** Cached methods: whether the lookup hit (undefined: not a cached method). */
  cacheHit?: boolean;
  /** Epoch ms of the request. */
  at: number;
}

/** One series' totals over one period (resolution 60 s for what the gateway writes). */
export interface MetricRow {
  resolution: number;
  periodStart: number;
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
  bytesIn: number;
  bytesOut: number;
  latencySumMs: number;
  latencyHist: number[];
  integrationCount: number;
  integrationSumMs: number;
  integrationHist: number[];
}

export type DropReason = "cardinality" | "buffer";

export interface MetricDropRow {
  minute: number;
  reason: DropReason;
  count: number;
}

/** Where batches go (PostgreSQL in the gateway, a fake in unit tests). */
export interface MetricSink {
  /** Adds the rows to what is stored (several instances add up). */
  addRows(rows: MetricRow[], drops: MetricDropRow[]): Promise<void>;
}

export interface AggregatorOptions {
  /** Distinct series (minute × API × stage × method+resource × key) held per flush; more fold into one overflow series per API and stage. */
  maxSeries: number;
  /** Rows kept while the sink fails; beyond that rows are dropped and counted. */
  maxBufferedRows: number;
  log?: (level: "info" | "warn" | "error", message: string) => void;
}

/** The series requests fold into once `maxSeries` is reached. */
export const OVERFLOW = "~other";

const SEP = "\u0000";

export function emptyRow(resolution: number, periodStart: number, restApiId: string, stage: string, method: string, resource: string, apiKeyId: string): MetricRow {
  return {
    resolution, periodStart, restApiId, stage, method, resource, apiKeyId,
    count: 0, count4xx: 0, count5xx: 0, throttledCount: 0, cacheHitCount: 0, cacheMissCount: 0,
    bytesIn: 0, bytesOut: 0, latencySumMs: 0, latencyHist: emptyHistogram(), integrationCount: 0, integrationSumMs: 0, integrationHist: emptyHistogram(),
  };
}

export const rowKey = (r: Pick<MetricRow, "resolution" | "periodStart" | "restApiId" | "stage" | "method" | "resource" | "apiKeyId">) =>
  `${r.resolution}${SEP}${r.periodStart}${SEP}${r.restApiId}${SEP}${r.stage}${SEP}${r.method}${SEP}${r.resource}${SEP}${r.apiKeyId}`;

/** Adds `from` into `into` (same series and period). */
export function addRow(into: MetricRow, from: MetricRow): void {
  into.count += from.count;
  into.count4xx += from.count4xx;
  into.count5xx += from.count5xx;
  into.throttledCount += from.throttledCount;
  into.cacheHitCount += from.cacheHitCount;
  into.cacheMissCount += from.cacheMissCount;
  into.bytesIn += from.bytesIn;
  into.bytesOut += from.bytesOut;
  into.latencySumMs += from.latencySumMs;
  mergeInto(into.latencyHist, from.latencyHist);
  into.integrationCount += from.integrationCount;
  into.integrationSumMs += from.integrationSumMs;
  mergeInto(into.integrationHist, from.integrationHist);
}

/**
 * Aggregates requests per minute and series in memory and hands whole batches
 * to a sink. Memory is bounded twice: at most `maxSeries` series per flush
 * (further series fold into an overflow series per API and stage, counted as
 * "cardinality" drops of detail; past twice the cap samples are dropped), and
 * at most `maxBufferedRows` rows kept while the sink fails (further rows are
 * dropped and counted as "buffer" drops). Drop counts are written with the
 * next successful batch and kept in `dropped` for /metrics.
 */
export class MetricsAggregator {
  private series = new Map<string, MetricRow>();
  /** Rows of failed batches, merged by key, retried with the next flush. */
  private pending = new Map<string, MetricRow>();
  private drops = new Map<string, MetricDropRow>();
  /** Since the process started, by reason (for /metrics). */
  readonly dropped: Record<DropReason, number> = { cardinality: 0, buffer: 0 };
  private writing: Promise<void> | null = null;
  /** The series the last sample went to (cleared when the series are handed to a write). */
  private last: { minute: number; restApiId: string; stage: string; method: string; resource: string; apiKeyId: string; row: MetricRow } | null = null;

  constructor(
    private readonly sink: MetricSink,
    private readonly options: AggregatorOptions,
  ) {}

  /** Series held for the next flush plus rows kept from failed ones. */
  get size(): number {
    return this.series.size + this.pending.size;
  }

  record(s: MetricSample): void {
    const minute = s.at - (s.at % 60_000);
    // Consecutive requests mostly hit the series the last one did: compare its parts rather than build and hash a key.
    const last = this.last;
    const row =
      last !== null && last.minute === minute && last.restApiId === s.restApiId && last.stage === s.stage && last.method === s.method && last.resource === s.resource && last.apiKeyId === s.apiKeyId
        ? last.row
        : this.seriesFor(s, minute);
    if (!row) return;
    row.count++;
    if (s.status >= 500) row.count5xx++;
    else if (s.status >= 400) row.count4xx++;
    if (s.throttled) row.throttledCount++;
    if (s.cacheHit === true) row.cacheHitCount++;
    else if (s.cacheHit === false) row.cacheMissCount++;
    row.bytesIn += s.bytesIn;
    row.bytesOut += s.bytesOut;
    row.latencySumMs += s.latencyMs;
    observe(row.latencyHist, s.latencyMs);
    if (s.integrationLatencyMs !== undefined) {
      row.integrationCount++;
      row.integrationSumMs += s.integrationLatencyMs;
      observe(row.integrationHist, s.integrationLatencyMs);
    }
  }

  /** The row a sample adds to (null: dropped, past twice the series cap), remembered for the next sample. */
  private seriesFor(s: MetricSample, minute: number): MetricRow | null {
    const key = `60${SEP}${minute}${SEP}${s.restApiId}${SEP}${s.stage}${SEP}${s.method}${SEP}${s.resource}${SEP}${s.apiKeyId}`;
    let row = this.series.get(key);
    if (!row) {
      if (this.series.size < this.options.maxSeries) {
        this.series.set(key, (row = emptyRow(60, minute, s.restApiId, s.stage, s.method, s.resource, s.apiKeyId)));
      } else {
        this.countDrop(minute, "cardinality", 1);
        this.last = null;
        const overflowKey = `60${SEP}${minute}${SEP}${s.restApiId}${SEP}${s.stage}${SEP}${OVERFLOW}${SEP}${OVERFLOW}${SEP}`;
        row = this.series.get(overflowKey);
        if (!row) {
          if (this.series.size >= this.options.maxSeries * 2) return null;
          this.series.set(overflowKey, (row = emptyRow(60, minute, s.restApiId, s.stage, OVERFLOW, OVERFLOW, "")));
        }
        // Not remembered: each sample of an overflowing series is counted as a cardinality drop.
        return row;
      }
    }
    this.last = { minute, restApiId: s.restApiId, stage: s.stage, method: s.method, resource: s.resource, apiKeyId: s.apiKeyId, row };
    return row;
  }

  private countDrop(minute: number, reason: DropReason, count: number): void {
    this.dropped[reason] += count;
    const key = `${minute}${SEP}${reason}`;
    const d = this.drops.get(key);
    if (d) d.count += count;
    else this.drops.set(key, { minute, reason, count });
  }

  /** Writes everything held (never two writes at once); a failed batch is kept for the next flush, up to the bound. */
  flush(): Promise<void> {
    this.writing ??= this.writeBatch().finally(() => {
      this.writing = null;
    });
    return this.writing;
  }

  private async writeBatch(): Promise<void> {
    const batch = this.pending;
    for (const [key, row] of this.series) {
      const into = batch.get(key);
      if (into) addRow(into, row);
      else batch.set(key, row);
    }
    this.series = new Map();
    this.last = null;
    this.pending = new Map();
    const drops = this.drops;
    this.drops = new Map();
    if (batch.size === 0 && drops.size === 0) return;
    const rows = [...batch.values()].map((r) => ({ ...r, latencyHist: trimmed(r.latencyHist), integrationHist: trimmed(r.integrationHist) }));
    try {
      await this.sink.addRows(rows, [...drops.values()]);
    } catch (err) {
      // Keep what fits within the bound (oldest periods first), count the rest as dropped.
      const kept = [...batch].sort((a, b) => a[1].periodStart - b[1].periodStart);
      for (const [key, row] of kept) {
        const into = this.pending.get(key);
        if (into) addRow(into, row);
        else if (this.pending.size < this.options.maxBufferedRows) this.pending.set(key, row);
        else this.countDrop(row.periodStart, "buffer", row.count);
      }
      for (const d of drops.values()) {
        const key = `${d.minute}${SEP}${d.reason}`;
        const into = this.drops.get(key);
        if (into) into.count += d.count;
        else this.drops.set(key, d);
      }
      this.options.log?.("warn", `could not write metrics (${this.pending.size} rows kept, ${this.dropped.buffer} requests dropped so far): ${(err as Error).message}`);
    }
  }
}
