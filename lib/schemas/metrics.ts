import { z } from "zod";

/** Dashboards and usage (issue 9): the contract of /api/v1/metrics and /api/v1/usage. */

export const ZMetricsQuery = z.object({
  range: z.enum(["1h", "24h", "7d", "custom"]).default("1h"),
  /** With range=custom. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  restApiId: z.string().min(1).optional(),
  stage: z.string().min(1).optional(),
});
export type TMetricsQuery = z.output<typeof ZMetricsQuery>;

const ZLatency = z.object({
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p99: z.number().nullable(),
  avg: z.number().nullable(),
});

export const ZMetricTotals = z.object({
  count: z.number(),
  count4xx: z.number(),
  count5xx: z.number(),
  /** (4xx + 5xx) / count, 0 when there were no requests. */
  errorRate: z.number(),
  throttled: z.number(),
  cacheHits: z.number(),
  cacheMisses: z.number(),
  bytesIn: z.number(),
  bytesOut: z.number(),
  /** Milliseconds, from the merged histograms (within one bucket, ±19 %). */
  latency: ZLatency,
  integrationLatency: ZLatency,
});
export type TMetricTotals = z.output<typeof ZMetricTotals>;

export const ZMetricPoint = ZMetricTotals.extend({ time: z.string() });
export type TMetricPoint = z.output<typeof ZMetricPoint>;

export const ZMethodMetric = ZMetricTotals.extend({ method: z.string(), resource: z.string() });
export const ZTopApi = ZMetricTotals.extend({ restApiId: z.string(), name: z.string().nullable() });
export const ZTopKey = ZMetricTotals.extend({ apiKeyId: z.string(), name: z.string().nullable() });

export const ZMetricsOut = z.object({
  from: z.string(),
  to: z.string(),
  /** Width of each point, seconds. */
  stepSeconds: z.number(),
  totals: ZMetricTotals,
  points: z.array(ZMetricPoint),
  /** Per method+resource (with restApiId given), by traffic. */
  methods: z.array(ZMethodMetric),
  topApis: z.array(ZTopApi),
  topKeys: z.array(ZTopKey),
  /** Requests whose metrics were dropped (database outage beyond the buffer) or folded (series cap) in the range. */
  dropped: z.object({ buffer: z.number(), cardinality: z.number() }),
});
export type TMetricsOut = z.output<typeof ZMetricsOut>;

export const ZUsageQuery = z.object({
  /** YYYY-MM (UTC); default the current month. */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM").optional(),
  restApiId: z.string().min(1).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

export const ZUsageRow = z.object({
  restApiId: z.string(),
  apiName: z.string().nullable(),
  stage: z.string(),
  apiKeyId: z.string(),
  apiKeyName: z.string().nullable(),
  requests: z.number(),
  bytesOut: z.number(),
  requestCost: z.number(),
  dataCost: z.number(),
  cost: z.number(),
});

export const ZUsageOut = z.object({
  month: z.string(),
  prices: z.object({ perMillionRequests: z.number(), perGbOut: z.number(), cachePerHour: z.number() }),
  rows: z.array(ZUsageRow),
  /** Stages with a cache on: hours billed this month so far (from now back to the month start, or the whole month). */
  caches: z.array(z.object({ restApiId: z.string(), stage: z.string(), size: z.string(), hours: z.number(), cost: z.number() })),
  total: z.object({ requests: z.number(), bytesOut: z.number(), requestCost: z.number(), dataCost: z.number(), cacheCost: z.number(), cost: z.number() }),
});
export type TUsageOut = z.output<typeof ZUsageOut>;
