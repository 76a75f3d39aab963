import type { Db } from "../db";
import type { TMetricPoint, TMetricsOut, TMetricsQuery, TMetricTotals, TUsageOut } from "../schemas/metrics";
import { mergeInto, percentile } from "../../gateway/metrics/histogram";
import { AppError } from "../errors";

/** Sums of a set of metric rows (histograms merged by adding buckets). */
interface Acc {
  count: number;
  count4xx: number;
  count5xx: number;
  throttled: number;
  cacheHits: number;
  cacheMisses: number;
  bytesIn: number;
  bytesOut: number;
  latencySum: number;
  latency: number[];
  integrationCount: number;
  integrationSum: number;
  integration: number[];
}

interface Row {
  periodStart: Date;
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
  bytesIn: bigint;
  bytesOut: bigint;
  latencySumMs: number;
  latencyHist: number[];
  integrationCount: number;
  integrationSumMs: number;
  integrationHist: number[];
}

const newAcc = (): Acc => ({ count: 0, count4xx: 0, count5xx: 0, throttled: 0, cacheHits: 0, cacheMisses: 0, bytesIn: 0, bytesOut: 0, latencySum: 0, latency: [], integrationCount: 0, integrationSum: 0, integration: [] });

function add(acc: Acc, r: Row): void {
  acc.count += r.count;
  acc.count4xx += r.count4xx;
  acc.count5xx += r.count5xx;
  acc.throttled += r.throttledCount;
  acc.cacheHits += r.cacheHitCount;
  acc.cacheMisses += r.cacheMissCount;
  acc.bytesIn += Number(r.bytesIn);
  acc.bytesOut += Number(r.bytesOut);
  acc.latencySum += r.latencySumMs;
  mergeInto(acc.latency, r.latencyHist);
  acc.integrationCount += r.integrationCount;
  acc.integrationSum += r.integrationSumMs;
  mergeInto(acc.integration, r.integrationHist);
}

const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

function totals(acc: Acc): TMetricTotals {
  return {
    count: acc.count,
    count4xx: acc.count4xx,
    count5xx: acc.count5xx,
    errorRate: acc.count ? (acc.count4xx + acc.count5xx) / acc.count : 0,
    throttled: acc.throttled,
    cacheHits: acc.cacheHits,
    cacheMisses: acc.cacheMisses,
    bytesIn: acc.bytesIn,
    bytesOut: acc.bytesOut,
    latency: {
      p50: round(percentile(acc.latency, 0.5)),
      p90: round(percentile(acc.latency, 0.9)),
      p99: round(percentile(acc.latency, 0.99)),
      avg: acc.count ? round(acc.latencySum / acc.count) : null,
    },
    integrationLatency: {
      p50: round(percentile(acc.integration, 0.5)),
      p90: round(percentile(acc.integration, 0.9)),
      p99: round(percentile(acc.integration, 0.99)),
      avg: acc.integrationCount ? round(acc.integrationSum / acc.integrationCount) : null,
    },
  };
}

const RANGES = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 } as const;

/**
 * The resolution rows are read at and the width of one point: minute rows up to
 * two days (so the last minutes show at once), hour rows up to 60 days, day rows beyond.
 */
export function plan(spanMs: number): { resolution: number; stepMs: number } {
  const minutes = spanMs / 60_000;
  if (minutes <= 2 * 1440) {
    const steps = [1, 2, 5, 10, 15, 30, 60];
    return { resolution: 60, stepMs: (steps.find((s) => minutes / s <= 180) ?? 60) * 60_000 };
  }
  const hours = minutes / 60;
  if (hours <= 60 * 24) {
    const steps = [1, 2, 3, 6, 12, 24];
    return { resolution: 3600, stepMs: (steps.find((s) => hours / s <= 200) ?? 24) * 3_600_000 };
  }
  return { resolution: 86400, stepMs: 86_400_000 };
}

export function resolveRange(q: Pick<TMetricsQuery, "range" | "from" | "to">, now = Date.now()): { from: number; to: number } {
  if (q.range === "custom") {
    if (!q.from || !q.to) throw new AppError("validation-failed", "from and to are required with range=custom", [{ field: "from", message: "required" }, { field: "to", message: "required" }]);
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (!(to > from)) throw new AppError("validation-failed", "to must be after from", [{ field: "to", message: "must be after from" }]);
    if (to - from > 400 * 86_400_000) throw new AppError("validation-failed", "at most 400 days", [{ field: "from", message: "at most 400 days before to" }]);
    return { from, to };
  }
  return { from: now - RANGES[q.range], to: now };
}

/** Account overview (no restApiId), one API, or one API's stage: totals, points over time, methods, top APIs and keys. */
export async function metricsDashboard(db: Db, q: TMetricsQuery, now = Date.now()): Promise<TMetricsOut> {
  const { from, to } = resolveRange(q, now);
  const { resolution, stepMs } = plan(to - from);
  const start = Math.floor(from / stepMs) * stepMs;
  const rows = (await db.apiMetric.findMany({
    where: {
      resolution,
      periodStart: { gte: new Date(Math.floor(start / (resolution * 1000)) * resolution * 1000), lt: new Date(to) },
      ...(q.restApiId ? { restApiId: q.restApiId } : {}),
      ...(q.stage ? { stage: q.stage } : {}),
    },
  })) as Row[];
  const all = newAcc();
  const points = new Map<number, Acc>();
  for (let t = start; t < to; t += stepMs) points.set(t, newAcc());
  const methods = new Map<string, Acc>();
  const apis = new Map<string, Acc>();
  const keys = new Map<string, Acc>();
  const into = <K>(map: Map<K, Acc>, key: K) => {
    let acc = map.get(key);
    if (!acc) map.set(key, (acc = newAcc()));
    return acc;
  };
  for (const r of rows) {
    add(all, r);
    const t = Math.floor(r.periodStart.getTime() / stepMs) * stepMs;
    const point = points.get(t);
    if (point) add(point, r);
    if (q.restApiId) add(into(methods, `${r.method} ${r.resource}`), r);
    add(into(apis, r.restApiId), r);
    if (r.apiKeyId) add(into(keys, r.apiKeyId), r);
  }
  const top = <K>(map: Map<K, Acc>, n: number) => [...map].sort((a, b) => b[1].count - a[1].count).slice(0, n);
  const topApis = top(apis, 10);
  const topKeys = top(keys, 10);
  const [apiNames, keyNames, drops] = await Promise.all([
    db.restApi.findMany({ where: { id: { in: topApis.map(([id]) => id) } }, select: { id: true, name: true } }),
    db.apiKey.findMany({ where: { id: { in: topKeys.map(([id]) => id) } }, select: { id: true, name: true } }),
    db.metricDrop.groupBy({ by: ["reason"], where: { minute: { gte: new Date(from), lt: new Date(to) } }, _sum: { count: true } }),
  ]);
  const name = (list: Array<{ id: string; name: string }>, id: string) => list.find((x) => x.id === id)?.name ?? null;
  const dropped = { buffer: 0, cardinality: 0 };
  for (const d of drops) if (d.reason === "buffer" || d.reason === "cardinality") dropped[d.reason] = d._sum.count ?? 0;
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    stepSeconds: stepMs / 1000,
    totals: totals(all),
    points: [...points].map(([t, acc]): TMetricPoint => ({ time: new Date(t).toISOString(), ...totals(acc) })),
    methods: top(methods, 500).map(([key, acc]) => {
      const space = key.indexOf(" ");
      return { method: key.slice(0, space), resource: key.slice(space + 1), ...totals(acc) };
    }),
    topApis: topApis.map(([id, acc]) => ({ restApiId: id, name: name(apiNames, id), ...totals(acc) })),
    topKeys: topKeys.map(([id, acc]) => ({ apiKeyId: id, name: name(keyNames, id), ...totals(acc) })),
    dropped,
  };
}

export interface PriceTable {
  perMillionRequests: number;
  perGbOut: number;
  cachePerHour: number;
}

const GB = 1024 ** 3;
const cents = (v: number) => Math.round(v * 10_000) / 10_000;

/**
 * Requests and data out per API, stage and key for one UTC month (from the day
 * rows, plus today's hour rows not yet rolled up), priced with the table; cache
 * hours for stages whose cache is on now (assumed on for the whole month so far).
 */
export async function usageReport(db: Db, prices: PriceTable, month?: string, restApiId?: string, now = Date.now()): Promise<TUsageOut> {
  const current = new Date(now);
  const [y, m] = month ? month.split("-").map(Number) : [current.getUTCFullYear(), current.getUTCMonth() + 1];
  const start = Date.UTC(y, m - 1, 1);
  const end = Date.UTC(y, m, 1);
  // Hour rows cover the whole month while they are retained (60 days by default); day rows beyond.
  const useHours = now - start <= 55 * 86_400_000;
  const grouped = await db.apiMetric.groupBy({
    by: ["restApiId", "stage", "apiKeyId"],
    where: { resolution: useHours ? 3600 : 86400, periodStart: { gte: new Date(start), lt: new Date(end) }, ...(restApiId ? { restApiId } : {}) },
    _sum: { count: true, bytesOut: true },
  });
  const [apis, keys, stages] = await Promise.all([
    db.restApi.findMany({ select: { id: true, name: true } }),
    db.apiKey.findMany({ select: { id: true, name: true } }),
    db.stage.findMany({ where: { cacheClusterEnabled: true, ...(restApiId ? { restApiId } : {}) }, select: { restApiId: true, name: true, cacheClusterSize: true } }),
  ]);
  const rows = grouped
    .map((g) => {
      const requests = g._sum.count ?? 0;
      const bytesOut = Number(g._sum.bytesOut ?? 0);
      const requestCost = (requests / 1e6) * prices.perMillionRequests;
      const dataCost = (bytesOut / GB) * prices.perGbOut;
      return {
        restApiId: g.restApiId,
        apiName: apis.find((a) => a.id === g.restApiId)?.name ?? null,
        stage: g.stage,
        apiKeyId: g.apiKeyId,
        apiKeyName: g.apiKeyId ? (keys.find((k) => k.id === g.apiKeyId)?.name ?? null) : null,
        requests,
        bytesOut,
        requestCost: cents(requestCost),
        dataCost: cents(dataCost),
        cost: cents(requestCost + dataCost),
      };
    })
    .sort((a, b) => b.cost - a.cost || b.requests - a.requests);
  const billedHours = Math.max(0, Math.ceil((Math.min(now, end) - start) / 3_600_000));
  const caches = stages.map((s) => ({ restApiId: s.restApiId, stage: s.name, size: s.cacheClusterSize, hours: billedHours, cost: cents(billedHours * prices.cachePerHour) }));
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + f(r), 0);
  const requestCost = sum((r) => r.requestCost);
  const dataCost = sum((r) => r.dataCost);
  const cacheCost = caches.reduce((n, c) => n + c.cost, 0);
  return {
    month: `${y}-${String(m).padStart(2, "0")}`,
    prices,
    rows,
    caches,
    total: { requests: sum((r) => r.requests), bytesOut: sum((r) => r.bytesOut), requestCost: cents(requestCost), dataCost: cents(dataCost), cacheCost: cents(cacheCost), cost: cents(requestCost + dataCost + cacheCost) },
  };
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The usage report as CSV (one line per API, stage and key, then caches and the total). */
export function usageCsv(report: TUsageOut): string {
  const lines = [["month", "restApiId", "apiName", "stage", "apiKeyId", "apiKeyName", "requests", "bytesOut", "requestCost", "dataCost", "cacheCost", "cost"]];
  for (const r of report.rows) lines.push([report.month, r.restApiId, r.apiName ?? "", r.stage, r.apiKeyId, r.apiKeyName ?? "", String(r.requests), String(r.bytesOut), String(r.requestCost), String(r.dataCost), "0", String(r.cost)]);
  for (const c of report.caches) lines.push([report.month, c.restApiId, "", c.stage, "", `cache ${c.size} GB, ${c.hours} h`, "0", "0", "0", "0", String(c.cost), String(c.cost)]);
  const t = report.total;
  lines.push([report.month, "TOTAL", "", "", "", "", String(t.requests), String(t.bytesOut), String(t.requestCost), String(t.dataCost), String(t.cacheCost), String(t.cost)]);
  return `${lines.map((l) => l.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
