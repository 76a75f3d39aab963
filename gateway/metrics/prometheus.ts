import { monitorEventLoopDelay } from "node:perf_hooks";
import type { MetricSample } from "./aggregator";

/** Prometheus histogram bounds (seconds) for request and integration latency. */
export const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

interface Series {
  api: string;
  stage: string;
  /** Requests by status class: index 2 counts 2xx, … (classes never seen are not rendered). */
  requests: number[];
  throttled: number;
  cacheHits: number;
  cacheMisses: number;
  bytesIn: number;
  bytesOut: number;
  latency: number[];
  latencySum: number;
  integration: number[];
  integrationSum: number;
  integrationCount: number;
}

/** Label values escaped as the text format requires. */
const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

function bucketIndex(seconds: number): number {
  let i = 0;
  while (i < LATENCY_BUCKETS_S.length && seconds > LATENCY_BUCKETS_S[i]) i++;
  return i;
}

/**
 * Counters since the process started, per API and stage (bounded by the
 * deployed stages), rendered in the Prometheus text exposition format
 * (version 0.0.4) on the admin port's `/metrics`.
 */
export class PrometheusMetrics {
  private series = new Map<string, Series>();
  /** The series of the last sample (consecutive requests mostly share it). */
  private last: Series | null = null;
  private lastApi = "";
  private lastStage = "";
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 20 });
  private readonly startedAt = Date.now() / 1000;

  constructor(private readonly extra: () => string[] = () => []) {
    this.loopDelay.enable();
  }

  record(s: MetricSample): void {
    let series = this.last !== null && this.lastApi === s.restApiId && this.lastStage === s.stage ? this.last : this.series.get(`${s.restApiId}\u0000${s.stage}`);
    if (!series) {
      const key = `${s.restApiId}\u0000${s.stage}`;
      const zeros = () => new Array<number>(LATENCY_BUCKETS_S.length + 1).fill(0);
      series = { api: esc(s.restApiId), stage: esc(s.stage), requests: [0, 0, 0, 0, 0, 0], throttled: 0, cacheHits: 0, cacheMisses: 0, bytesIn: 0, bytesOut: 0, latency: zeros(), latencySum: 0, integration: zeros(), integrationSum: 0, integrationCount: 0 };
      this.series.set(key, series);
    }
    this.last = series;
    this.lastApi = s.restApiId;
    this.lastStage = s.stage;
    series.requests[Math.min(5, Math.max(0, Math.floor(s.status / 100)))]++;
    if (s.throttled) series.throttled++;
    if (s.cacheHit === true) series.cacheHits++;
    else if (s.cacheHit === false) series.cacheMisses++;
    series.bytesIn += s.bytesIn;
    series.bytesOut += s.bytesOut;
    series.latency[bucketIndex(s.latencyMs / 1000)]++;
    series.latencySum += s.latencyMs / 1000;
    if (s.integrationLatencyMs !== undefined) {
      series.integration[bucketIndex(s.integrationLatencyMs / 1000)]++;
      series.integrationSum += s.integrationLatencyMs / 1000;
      series.integrationCount++;
    }
  }

  render(): string {
    const out: string[] = [];
    const family = (name: string, type: string, help: string, lines: string[]) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines);
    };
    const all = [...this.series.values()];
    const labels = (s: Series) => `api="${s.api}",stage="${s.stage}"`;
    family("gatehouse_requests_total", "counter", "Requests answered, by API, stage and status class.",
      all.flatMap((s) => s.requests.flatMap((n, cls) => (n > 0 ? [`gatehouse_requests_total{${labels(s)},status_class="${cls}xx"} ${n}`] : []))));
    family("gatehouse_throttled_requests_total", "counter", "Requests refused with 429 Too Many Requests.", all.map((s) => `gatehouse_throttled_requests_total{${labels(s)}} ${s.throttled}`));
    family("gatehouse_cache_hits_total", "counter", "Response cache hits (cached methods).", all.map((s) => `gatehouse_cache_hits_total{${labels(s)}} ${s.cacheHits}`));
    family("gatehouse_cache_misses_total", "counter", "Response cache misses (cached methods).", all.map((s) => `gatehouse_cache_misses_total{${labels(s)}} ${s.cacheMisses}`));
    family("gatehouse_request_bytes_total", "counter", "Request body bytes received.", all.map((s) => `gatehouse_request_bytes_total{${labels(s)}} ${s.bytesIn}`));
    family("gatehouse_response_bytes_total", "counter", "Response body bytes sent.", all.map((s) => `gatehouse_response_bytes_total{${labels(s)}} ${s.bytesOut}`));
    const histogram = (name: string, help: string, get: (s: Series) => [number[], number, number]) =>
      family(name, "histogram", help, all.flatMap((s) => {
        const [buckets, sum, count] = get(s);
        let cumulative = 0;
        const lines = LATENCY_BUCKETS_S.map((le, i) => `${name}_bucket{${labels(s)},le="${le}"} ${(cumulative += buckets[i])}`);
        lines.push(`${name}_bucket{${labels(s)},le="+Inf"} ${count}`, `${name}_sum{${labels(s)}} ${sum}`, `${name}_count{${labels(s)}} ${count}`);
        return lines;
      }));
    histogram("gatehouse_request_duration_seconds", "Time from receiving a request to writing its response.", (s) => {
      let n = 0;
      for (const c of s.requests) n += c;
      return [s.latency, s.latencySum, n];
    });
    histogram("gatehouse_integration_duration_seconds", "Time spent in the integration.", (s) => [s.integration, s.integrationSum, s.integrationCount]);
    out.push(...this.extra());
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage();
    family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", [`process_resident_memory_bytes ${mem.rss}`]);
    family("nodejs_heap_used_bytes", "gauge", "V8 heap used in bytes.", [`nodejs_heap_used_bytes ${mem.heapUsed}`]);
    family("nodejs_heap_total_bytes", "gauge", "V8 heap size in bytes.", [`nodejs_heap_total_bytes ${mem.heapTotal}`]);
    family("process_cpu_seconds_total", "counter", "User and system CPU time spent in seconds.", [`process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`]);
    family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.", [`process_start_time_seconds ${this.startedAt}`]);
    const lag = this.loopDelay;
    family("nodejs_eventloop_lag_p99_seconds", "gauge", "Event loop delay, 99th percentile since the last scrape.", [`nodejs_eventloop_lag_p99_seconds ${Number.isFinite(lag.percentile(99)) ? lag.percentile(99) / 1e9 : 0}`]);
    family("nodejs_eventloop_lag_max_seconds", "gauge", "Event loop delay, maximum since the last scrape.", [`nodejs_eventloop_lag_max_seconds ${lag.max > 0 ? lag.max / 1e9 : 0}`]);
    lag.reset();
    return `${out.join("\n")}\n`;
  }

  close(): void {
    this.loopDelay.disable();
  }
}
