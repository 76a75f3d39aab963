import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deployApi } from "../../lib/services/deploy";
import { MINUTE, HOUR, rollUp, SELECT_ROW, fromDb } from "../../gateway/metrics/rollup";
import { merge, percentile } from "../../gateway/metrics/histogram";
import type { MetricRow } from "../../gateway/metrics/aggregator";
import { metricsDashboard, usageCsv, usageReport } from "../../lib/services/metrics-dashboard";
import { addHttpMethod, createRestApi } from "../helpers/fixtures";
import { startTestGateway, waitFor, type TestGateway } from "../helpers/gateway";
import { createStack, type Stack } from "../helpers/stack";

/** Detailed metrics (issue 9): per-minute rows with histograms, two gateways merging, /metrics, shutdown flush, traceparent. */

let stack: Stack;
let apiId: string;
let backend: http.Server;
let pool: pg.Pool;
const traceparents: string[] = [];

beforeAll(async () => {
  backend = http.createServer((req, res) => {
    traceparents.push(String(req.headers.traceparent ?? ""));
    const done = (status: number) => res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify({ status }));
    if (req.url?.includes("/slow")) setTimeout(() => done(200), 300);
    else if (req.url?.includes("/fail")) done(500);
    else done(200);
  });
  await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
  const upstream = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  stack = await createStack(inject("pgServerUrl"));
  apiId = await createRestApi(stack.prisma, "metrics");
  await addHttpMethod(stack.prisma, apiId, "/p/{proxy+}", "ANY", { type: "HTTP_PROXY", uri: `${upstream}/{proxy}` });
  await deployApi(stack.prisma, { restApiId: apiId, stageName: "test" });
  await stack.startGateway();
  pool = new pg.Pool({ connectionString: stack.db.url, max: 2 });
});

afterAll(async () => {
  await pool?.end();
  await stack?.close();
  backend?.close();
});

async function minuteRows(): Promise<MetricRow[]> {
  const { rows } = await pool.query(`SELECT ${SELECT_ROW} FROM "ApiMetric" WHERE "resolution" = 60`);
  return rows.map(fromDb);
}

const sum = (rows: MetricRow[], f: (r: MetricRow) => number) => rows.reduce((n, r) => n + f(r), 0);

async function send(gw: TestGateway, path: string, times: number, headers?: Record<string, string>) {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) statuses.push((await gw.request(`/test${path}`, { apiId, headers })).status);
  return statuses;
}

describe("detailed metrics", () => {
  it("counts a mix of 2xx, 4xx, 5xx and slow requests from two gateways; histograms merge; p99 ≥ the slow latency", async () => {
    const second = await startTestGateway(stack.db.url);
    try {
      expect(await send(stack.gateway, "/p/ok", 10)).toEqual(Array(10).fill(200));
      expect(await send(stack.gateway, "/p/fail", 3)).toEqual(Array(3).fill(500));
      expect(await send(stack.gateway, "/nope", 2)).toEqual([403, 403]);
      expect(await send(stack.gateway, "/p/slow", 1)).toEqual([200]);
      expect(await send(second, "/p/ok", 5)).toEqual(Array(5).fill(200));
      expect(await send(second, "/p/slow", 1)).toEqual([200]);

      const rows = await waitFor(async () => {
        const r = await minuteRows();
        return sum(r, (x) => x.count) === 22 ? r : undefined;
      });
      expect(sum(rows, (r) => r.count4xx)).toBe(2);
      expect(sum(rows, (r) => r.count5xx)).toBe(3);
      for (const r of rows) expect(r).toMatchObject({ restApiId: apiId, stage: "test", apiKeyId: "" });
      // Method + resource dimension (the method as configured, as AWS's Method dimension); unmatched requests have none.
      expect(sum(rows.filter((r) => r.method === "ANY" && r.resource === "/p/{proxy+}"), (r) => r.count)).toBe(20);
      expect(sum(rows.filter((r) => r.method === "" && r.resource === ""), (r) => r.count)).toBe(2);
      // Both gateways added into the same rows; the merged histograms hold every request.
      const latency = merge(...rows.map((r) => r.latencyHist));
      expect(latency.reduce((a, b) => a + b, 0)).toBe(22);
      expect(percentile(latency, 0.99)!).toBeGreaterThanOrEqual(300 / 1.19);
      const integration = merge(...rows.map((r) => r.integrationHist));
      expect(sum(rows, (r) => r.integrationCount)).toBe(20);
      expect(percentile(integration, 0.99)!).toBeGreaterThanOrEqual(300 / 1.19);
      expect(percentile(integration, 0.5)!).toBeLessThan(100);
      expect(sum(rows, (r) => r.bytesOut)).toBeGreaterThan(0);

      // Hour rollup recomputes from the minute rows (idempotent).
      const now = Date.now();
      await rollUp(pool, MINUTE, HOUR, now - 7_200_000, now + 3_600_000);
      await rollUp(pool, MINUTE, HOUR, now - 7_200_000, now + 3_600_000);
      const { rows: hours } = await pool.query(`SELECT ${SELECT_ROW} FROM "ApiMetric" WHERE "resolution" = 3600`);
      expect(sum(hours.map(fromDb), (r) => r.count)).toBe(22);
      expect(merge(...hours.map(fromDb).map((r) => r.latencyHist))).toEqual(latency);
    } finally {
      await second.stop();
    }
  });

  it("answers the dashboard and usage queries from those rows", async () => {
    const api = await metricsDashboard(stack.prisma, { range: "1h", restApiId: apiId });
    expect(api.totals).toMatchObject({ count: 22, count4xx: 2, count5xx: 3 });
    expect(api.totals.errorRate).toBeCloseTo(5 / 22);
    expect(api.totals.latency.p99!).toBeGreaterThanOrEqual(250);
    expect(api.stepSeconds).toBe(60);
    expect(api.points.length).toBeGreaterThanOrEqual(60); // the current minute included
    expect(api.points.length).toBeLessThanOrEqual(61);
    expect(api.points.reduce((n, p) => n + p.count, 0)).toBe(22);
    expect(api.methods[0]).toMatchObject({ method: "ANY", resource: "/p/{proxy+}", count: 20, count5xx: 3 });
    const account = await metricsDashboard(stack.prisma, { range: "7d" });
    expect(account.stepSeconds).toBe(3600);
    expect(account.topApis[0]).toMatchObject({ restApiId: apiId, name: "metrics", count: 22 });
    const usage = await usageReport(stack.prisma, { perMillionRequests: 1_000_000, perGbOut: 0, cachePerHour: 0 }, undefined, apiId);
    expect(usage.total).toMatchObject({ requests: 22, requestCost: 22, cost: 22 });
    expect(usage.rows).toEqual([expect.objectContaining({ restApiId: apiId, apiName: "metrics", stage: "test", apiKeyId: "", requests: 22 })]);
    expect(usageCsv(usage)).toContain(`${usage.month},TOTAL,,,,,22,`);
  });

  it("serves Prometheus counters and histograms on the admin port, and /health", async () => {
    const port = stack.gateway.adminPort!;
    expect(port).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}+.]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1]);
    // This gateway served 10 + 1 ok (2xx), 3 failures (5xx), 2 unmatched (4xx) in the first test.
    expect(value(`gatehouse_requests_total{api="${apiId}",stage="test",status_class="2xx"}`)).toBe(11);
    expect(value(`gatehouse_requests_total{api="${apiId}",stage="test",status_class="5xx"}`)).toBe(3);
    expect(value(`gatehouse_requests_total{api="${apiId}",stage="test",status_class="4xx"}`)).toBe(2);
    expect(value(`gatehouse_request_duration_seconds_count{api="${apiId}",stage="test"}`)).toBe(16);
    expect(value(`gatehouse_request_duration_seconds_bucket{api="${apiId}",stage="test",le="+Inf"}`)).toBe(16);
    expect(value(`gatehouse_request_duration_seconds_bucket{api="${apiId}",stage="test",le="0.25"}`)).toBe(15);
    expect(value(`gatehouse_metric_drops_total{reason="buffer"}`)).toBe(0);
    expect(value("process_resident_memory_bytes")).toBeGreaterThan(0);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await health.json()).toMatchObject({ status: "ok" });
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });

  it("propagates W3C traceparent to HTTP integrations: continues the client's trace or starts one", async () => {
    traceparents.length = 0;
    await send(stack.gateway, "/p/ok", 1, { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" });
    await send(stack.gateway, "/p/ok", 1);
    expect(traceparents[0]).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-(?!00f067aa0ba902b7)[0-9a-f]{16}-01$/);
    expect(traceparents[1]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it("writes what it holds on graceful shutdown", async () => {
    await new Promise((r) => setTimeout(r, 500)); // the other gateways' last flushes
    await pool.query(`DELETE FROM "ApiMetric"`);
    // A flush interval far beyond the test: only the shutdown flush can write these.
    const gw = await startTestGateway(stack.db.url, { GATEHOUSE_METRICS_FLUSH_MS: "60000" });
    await send(gw, "/p/ok", 4);
    await new Promise((r) => setTimeout(r, 300));
    expect(sum(await minuteRows(), (r) => r.count)).toBe(0);
    await gw.stop();
    expect(sum(await minuteRows(), (r) => r.count)).toBe(4);
  });
});
