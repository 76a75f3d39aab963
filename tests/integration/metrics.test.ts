import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_STAGE, seedDemo } from "../../lib/services/seed";
import { requestSeries } from "../../lib/services/metrics";
import { query } from "../helpers/database";
import { ARN } from "../helpers/fixtures";
import { waitFor } from "../helpers/gateway";
import { createStack, type Stack } from "../helpers/stack";

let stack: Stack;
let apiId: string;

beforeAll(async () => {
  stack = await createStack(inject("pgServerUrl"));
  apiId = (await seedDemo(stack.prisma, ARN))!.restApiId;
  await stack.startGateway();
});

afterAll(() => stack?.close());

interface MetricRow {
  restApiId: string;
  stage: string;
  periodStart: Date;
  count: number;
  count4xx: number;
  count5xx: number;
}

const metricRows = () => query<MetricRow>(stack.db.url, `SELECT * FROM "ApiMetric" WHERE "resolution" = 60 ORDER BY "periodStart"`);

const countsByClass = (rows: MetricRow[]) => {
  const sums: Record<number, number> = {};
  const add = (cls: number, n: number) => {
    if (n > 0) sums[cls] = (sums[cls] ?? 0) + n;
  };
  for (const r of rows) {
    add(2, r.count - r.count4xx - r.count5xx);
    add(4, r.count4xx);
    add(5, r.count5xx);
  }
  return sums;
};

describe("request metrics", () => {
  it("writes per-minute counts by status class", async () => {
    expect(await metricRows()).toEqual([]);
    for (let i = 0; i < 5; i++) expect((await stack.gateway.request(`/${DEMO_STAGE}/users`, { apiId })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await stack.gateway.request(`/${DEMO_STAGE}/nope`, { apiId })).status).toBe(403);
    // Not counted: the API is unknown, so there is no stage to count it against.
    await stack.gateway.request(`/${DEMO_STAGE}/users`, { apiId: "zzzzzzzzzz" });

    const rows = await waitFor(async () => {
      const r = await metricRows();
      const sums = countsByClass(r);
      return sums[2] === 5 && sums[4] === 2 ? r : undefined;
    });
    for (const row of rows) {
      expect(row).toMatchObject({ restApiId: apiId, stage: DEMO_STAGE });
      expect(row.periodStart.getTime() % 60_000).toBe(0);
    }
    // Several flushes later, nothing was counted twice.
    await new Promise((r) => setTimeout(r, 600));
    expect(countsByClass(await metricRows())).toEqual({ 2: 5, 4: 2 });
    // The API page's chart (GET /api/v1/restapis/{id}/metrics) reads the same rows.
    const series = await requestSeries(stack.prisma, apiId);
    expect(series.total).toBe(7);
    const sum = (key: "2xx" | "4xx" | "5xx") => series.points.reduce((n, p) => n + p[key], 0);
    expect([sum("2xx"), sum("4xx"), sum("5xx")]).toEqual([5, 2, 0]);
  });
});
