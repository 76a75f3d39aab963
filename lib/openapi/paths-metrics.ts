import * as m from "../schemas/metrics";
import type { RouteDoc } from "./paths";

const str = (description: string) => ({ description, schema: { type: "string" } });

/** Dashboards and usage (lib/schemas/metrics.ts, registered in document.ts). */
export const METRICS_ROUTES: RouteDoc[] = [
  {
    method: "get",
    path: "/metrics",
    summary:
      "Metrics for the account, one API (restApiId) or one stage (restApiId and stage): totals, points over time (Count, 4XX, 5XX, Latency and IntegrationLatency p50/p90/p99, cache hits and misses, throttled, bytes), per method+resource, top APIs and keys",
    permission: "read",
    query: {
      range: { description: "1h (default), 24h, 7d or custom", schema: { type: "string", enum: ["1h", "24h", "7d", "custom"] } },
      from: { description: "With range=custom: start (ISO 8601)", schema: { type: "string", format: "date-time" } },
      to: { description: "With range=custom: end (ISO 8601)", schema: { type: "string", format: "date-time" } },
      restApiId: str("Only this REST API"),
      stage: str("Only this stage (with restApiId)"),
    },
    status: 200,
    response: m.ZMetricsOut,
  },
  {
    method: "get",
    path: "/usage",
    summary: "Requests and data out per API, stage and API key for a month, priced with the GATEHOUSE_PRICE_* settings (estimated bill); format=csv downloads it as CSV",
    permission: "read",
    query: {
      month: str("YYYY-MM (UTC); default the current month"),
      restApiId: str("Only this REST API"),
      format: { description: "json (default) or csv", schema: { type: "string", enum: ["json", "csv"] } },
    },
    status: 200,
    response: m.ZUsageOut,
  },
];
