import type pg from "pg";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import type { RequestContext } from "../pipeline/context";
import { MetricsAggregator, type MetricSample } from "./aggregator";
import { pgMetricSink } from "./pg-sink";
import { PrometheusMetrics } from "./prometheus";
import { DEFAULT_RETENTION, MetricsRollup, type MetricsRetention } from "./rollup";

export interface GatewayMetricsOptions {
  flushMs: number;
  /** false: nothing is recorded (the admin port still serves process metrics). */
  enabled?: boolean;
  maxSeries?: number;
  maxBufferedRows?: number;
  retention?: MetricsRetention;
  /** How often hour and day rows are recomputed (ms); 0 turns rollups and retention off in this process. */
  rollupMs?: number;
  log: (level: "info" | "warn" | "error", message: string) => void;
}

/**
 * Detailed metrics of one gateway process: per-minute rows (issue 9) written
 * in batches to `ApiMetric`, their hour/day rollups and retention, and the
 * Prometheus counters behind the admin port's `/metrics`.
 */
export class GatewayMetrics {
  readonly aggregator: MetricsAggregator;
  readonly prometheus: PrometheusMetrics;
  private readonly rollup: MetricsRollup;
  private readonly cacheOutcome = new WeakMap<RequestContext, boolean>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    pool: pg.Pool,
    private readonly options: GatewayMetricsOptions,
  ) {
    this.aggregator = new MetricsAggregator(pgMetricSink(pool), {
      maxSeries: options.maxSeries ?? 5000,
      maxBufferedRows: options.maxBufferedRows ?? 50_000,
      log: options.log,
    });
    this.prometheus = new PrometheusMetrics(() => [
      "# HELP gatehouse_metric_drops_total Requests whose detailed metrics were dropped (buffer: database unavailable too long) or folded into an overflow series (cardinality).",
      "# TYPE gatehouse_metric_drops_total counter",
      `gatehouse_metric_drops_total{reason="buffer"} ${this.aggregator.dropped.buffer}`,
      `gatehouse_metric_drops_total{reason="cardinality"} ${this.aggregator.dropped.cardinality}`,
      "# HELP gatehouse_metric_series_buffered Metric rows held in memory for the next write.",
      "# TYPE gatehouse_metric_series_buffered gauge",
      `gatehouse_metric_series_buffered ${this.aggregator.size}`,
    ]);
    this.rollup = new MetricsRollup(pool, options.retention ?? DEFAULT_RETENTION, options.log);
  }

  start(): void {
    this.timer = setInterval(() => void this.aggregator.flush(), this.options.flushMs);
    this.timer.unref();
    if (this.options.rollupMs !== 0) this.rollup.start(this.options.rollupMs ?? 60_000);
  }

  /** The cache stage's outcome for this request (cached methods only). */
  recordCache(ctx: RequestContext, hit: boolean): void {
    if (this.options.enabled === false) return;
    this.cacheOutcome.set(ctx, hit);
  }

  /** One answered request (after its response was written). */
  observe(ctx: RequestContext, result: HttpResult, throttled: boolean, now = Date.now()): void {
    if (this.options.enabled === false) return;
    if (!ctx.restApiId || !ctx.stageName || !ctx.stage) return;
    const sample: MetricSample = {
      restApiId: ctx.restApiId,
      stage: ctx.stageName,
      method: ctx.route?.method.httpMethod ?? "",
      resource: ctx.route?.resource.path ?? "",
      apiKeyId: ctx.identity?.apiKeyId ?? "",
      status: result.statusCode,
      latencyMs: Math.max(0, now - ctx.receivedAt),
      integrationLatencyMs: ctx.integration?.latencyMs,
      bytesIn: ctx.request.body?.length ?? 0,
      bytesOut: ctx.request.httpMethod === "HEAD" ? 0 : result.body.length,
      throttled,
      cacheHit: this.cacheOutcome.get(ctx),
      at: ctx.receivedAt,
    };
    this.aggregator.record(sample);
    this.prometheus.record(sample);
  }

  flush(): Promise<void> {
    return this.aggregator.flush();
  }

  /** Last write on shutdown. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.rollup.stop();
    await this.aggregator.flush();
    // A flush that was running when stop began may have left rows for one more write.
    if (this.aggregator.size > 0) await this.aggregator.flush();
    this.prometheus.close();
  }
}
