import { describe, expect, it } from "vitest";
import { MetricsAggregator, OVERFLOW, type MetricDropRow, type MetricRow, type MetricSample, type MetricSink } from "../../gateway/metrics/aggregator";
import { percentile } from "../../gateway/metrics/histogram";
import { PrometheusMetrics } from "../../gateway/metrics/prometheus";
import { parseTraceparent, traceFor, withTraceHeaders } from "../../gateway/metrics/traceparent";
import type { RequestContext } from "../../gateway/pipeline/context";

const MINUTE = Date.UTC(2026, 10, 27, 3, 0);

function sample(over: Partial<MetricSample> = {}): MetricSample {
  return { restApiId: "api1", stage: "prod", method: "GET", resource: "/users", apiKeyId: "", status: 200, latencyMs: 5, bytesIn: 10, bytesOut: 100, throttled: false, at: MINUTE + 1000, ...over };
}

class FakeSink implements MetricSink {
  rows: MetricRow[] = [];
  drops: MetricDropRow[] = [];
  failing = false;
  async addRows(rows: MetricRow[], drops: MetricDropRow[]) {
    if (this.failing) throw new Error("database down");
    this.rows.push(...rows);
    this.drops.push(...drops);
  }
  total = () => this.rows.reduce((n, r) => n + r.count, 0);
}

describe("metrics aggregator", () => {
  it("counts a minute's requests per series: classes, throttled, cache, bytes, latency histograms", async () => {
    const sink = new FakeSink();
    const agg = new MetricsAggregator(sink, { maxSeries: 100, maxBufferedRows: 100 });
    agg.record(sample());
    agg.record(sample({ status: 404, latencyMs: 2 }));
    agg.record(sample({ status: 429, throttled: true }));
    agg.record(sample({ status: 502, integrationLatencyMs: 800, latencyMs: 810, cacheHit: false }));
    agg.record(sample({ cacheHit: true, at: MINUTE + 59_999 }));
    agg.record(sample({ at: MINUTE + 60_000 }));
    await agg.flush();
    expect(sink.rows).toHaveLength(2);
    const [first] = sink.rows.sort((a, b) => a.periodStart - b.periodStart);
    expect(first).toMatchObject({ resolution: 60, periodStart: MINUTE, count: 5, count4xx: 2, count5xx: 1, throttledCount: 1, cacheHitCount: 1, cacheMissCount: 1, bytesIn: 50, bytesOut: 500, integrationCount: 1 });
    expect(percentile(first.latencyHist, 0.99)!).toBeGreaterThan(700);
    expect(percentile(first.integrationHist, 0.5)!).toBeGreaterThan(700);
    // Nothing is written twice.
    await agg.flush();
    expect(sink.rows).toHaveLength(2);
  });

  it("caps distinct series: more fold into one overflow series per API and stage, counted as cardinality drops", async () => {
    const sink = new FakeSink();
    const agg = new MetricsAggregator(sink, { maxSeries: 10, maxBufferedRows: 100 });
    for (let i = 0; i < 50; i++) agg.record(sample({ apiKeyId: `key${i}` }));
    expect(agg.size).toBe(11);
    expect(agg.dropped.cardinality).toBe(40);
    await agg.flush();
    expect(sink.total()).toBe(50);
    expect(sink.rows.find((r) => r.method === OVERFLOW)).toMatchObject({ count: 40, resource: OVERFLOW, apiKeyId: "" });
    expect(sink.drops).toEqual([{ minute: MINUTE, reason: "cardinality", count: 40 }]);
  });

  it("keeps batches while the sink fails, up to the bound; beyond it counts requests as dropped and reports them later", async () => {
    const sink = new FakeSink();
    const agg = new MetricsAggregator(sink, { maxSeries: 1000, maxBufferedRows: 5 });
    sink.failing = true;
    for (let i = 0; i < 8; i++) agg.record(sample({ resource: `/r${i}` }));
    agg.record(sample({ resource: "/r0" }));
    await agg.flush();
    expect(agg.size).toBe(5);
    // /r0 (2 requests) … /r4 kept; /r5, /r6, /r7 dropped.
    expect(agg.dropped.buffer).toBe(3);
    // Rows kept merge with new ones for the same series rather than growing the buffer.
    agg.record(sample({ resource: "/r0" }));
    await agg.flush();
    expect(agg.size).toBe(5);
    expect(agg.dropped.buffer).toBe(3);
    sink.failing = false;
    await agg.flush();
    expect(agg.size).toBe(0);
    expect(sink.total()).toBe(7);
    expect(sink.rows.find((r) => r.resource === "/r0")!.count).toBe(3);
    expect(sink.drops).toEqual([{ minute: MINUTE, reason: "buffer", count: 3 }]);
  });

  it("renders Prometheus counters and cumulative histograms", () => {
    const prom = new PrometheusMetrics(() => ["extra_metric 1"]);
    prom.record(sample({ latencyMs: 3 }));
    prom.record(sample({ latencyMs: 300, status: 503, integrationLatencyMs: 290 }));
    const text = prom.render();
    prom.close();
    expect(text).toContain('gatehouse_requests_total{api="api1",stage="prod",status_class="2xx"} 1');
    expect(text).toContain('gatehouse_requests_total{api="api1",stage="prod",status_class="5xx"} 1');
    expect(text).toContain('gatehouse_request_duration_seconds_bucket{api="api1",stage="prod",le="0.005"} 1');
    expect(text).toContain('gatehouse_request_duration_seconds_bucket{api="api1",stage="prod",le="0.5"} 2');
    expect(text).toContain('gatehouse_request_duration_seconds_count{api="api1",stage="prod"} 2');
    expect(text).toContain('gatehouse_integration_duration_seconds_count{api="api1",stage="prod"} 1');
    expect(text).toContain("extra_metric 1");
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
    for (const line of text.trim().split("\n")) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?[\d.e+-]+)$/);
  });
});

describe("W3C traceparent", () => {
  const ctx = (headers: Array<[string, string]>) => ({ request: { headerPairs: headers } }) as unknown as RequestContext;

  it("continues a valid incoming trace with a new span id and forwards tracestate", () => {
    const c = ctx([["traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"], ["tracestate", "a=1"]]);
    const out = withTraceHeaders(c, [["Traceparent", "old"], ["X-Other", "y"]]);
    const tp = out.find(([n]) => n === "traceparent")![1];
    expect(tp).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(tp).not.toContain("00f067aa0ba902b7");
    expect(out).toContainEqual(["tracestate", "a=1"]);
    expect(out.filter(([n]) => n.toLowerCase() === "traceparent")).toHaveLength(1);
    // The same span for every integration call of one request.
    expect(traceFor(c)).toBe(traceFor(c));
  });

  it("starts a new trace for a missing or invalid traceparent", () => {
    for (const bad of [undefined, "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"]) {
      expect(parseTraceparent(bad)).toBeUndefined();
      const c = ctx(bad ? [["traceparent", bad], ["tracestate", "dropped=1"]] : []);
      const out = withTraceHeaders(c, []);
      expect(out[0][1]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(out).toHaveLength(1);
    }
  });
});
