import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addMethod, createRestApi } from "../helpers/fixtures";
import { query } from "../helpers/database";
import { waitFor, type GatewayResponse } from "../helpers/gateway";
import { setupManagement, userWithToken, type ManagementClient, type ManagementSetup } from "./management-harness";

/**
 * Stage, method and account throttling on one gateway (memory backend), set
 * the way a user does: AWS patch operations on the stage and the account API,
 * applied live (no redeploy, no restart).
 */

let setup: ManagementSetup;
let api: ManagementClient;
let apiId: string;

const get = (path: string) => setup.stack.gateway.request(`/prod${path}`, { apiId });
const statuses = (responses: GatewayResponse[]) => responses.map((r) => r.status);
const count = (responses: GatewayResponse[], status: number) => responses.filter((r) => r.status === status).length;

/** 50 requests as fast as the test can send them (10 at a time). */
async function fire(path: string, n = 50): Promise<GatewayResponse[]> {
  const out: GatewayResponse[] = [];
  for (let i = 0; i < n; i += 10) out.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => get(path)))));
  return out;
}

beforeAll(async () => {
  setup = await setupManagement(inject("pgServerUrl"));
  api = setup.api;
  const db = setup.stack.prisma;
  apiId = await createRestApi(db, "throttled-api");
  for (const path of ["/items", "/other", "/open"]) {
    await addMethod(db, apiId, path, "GET", { type: "MOCK", requestTemplate: '{"statusCode": 200}', responses: [{ statusCode: "200", body: '{"ok": true}' }] });
  }
  expect((await api.post(`/restapis/${apiId}/deployments`, { stageName: "prod" })).status).toBe(201);
  await setup.stack.startGateway();
});
afterAll(() => setup?.close());

describe("throttling", () => {
  it("a method throttle of 5 req/s set with a patch operation: 50 quick requests get 429 Too Many Requests", async () => {
    const res = await api.patch(`/restapis/${apiId}/stages/prod`, {
      patchOperations: [
        { op: "replace", path: "/~1items/GET/throttling/rateLimit", value: "5" },
        { op: "replace", path: "/~1items/GET/throttling/burstLimit", value: "5" },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.methodSettings["~1items/GET"]).toMatchObject({ throttlingRateLimit: 5, throttlingBurstLimit: 5 });
    // Live: the gateway reloads the stage on the notice.
    const responses = await waitFor(async () => {
      const batch = await fire("/items");
      return count(batch, 429) > 0 ? batch : undefined;
    });
    const throttled = responses.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(30);
    expect(count(responses, 200)).toBeLessThanOrEqual(15);
    expect(throttled[0].json()).toEqual({ message: "Too Many Requests" });
    expect(throttled[0].headers["x-amzn-errortype"]).toBe("TooManyRequestsException");
    // Other methods have their own buckets: not throttled.
    expect(statuses(await fire("/other", 20)).every((s) => s === 200)).toBe(true);
  });

  it("the stage default */* gives each method its own bucket with those limits; the method override wins", async () => {
    const stage = (await api.get(`/restapis/${apiId}/stages/prod`)).body;
    const res = await api.patch(`/restapis/${apiId}/stages/prod`, {
      patchOperations: [
        { op: "replace", path: "/*/*/throttling/rateLimit", value: "2" },
        { op: "replace", path: "/*/*/throttling/burstLimit", value: "2" },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.version).toBe(stage.version + 1);
    expect(res.body.methodSettings["~1items/GET"].throttlingRateLimit).toBe(5);
    await waitFor(async () => (count(await fire("/other", 10), 429) > 0 ? true : undefined));
    await new Promise((r) => setTimeout(r, 1100));
    const other = await fire("/other", 10);
    const open = await fire("/open", 10);
    expect(count(other, 200)).toBeLessThanOrEqual(4);
    expect(count(open, 200)).toBeGreaterThanOrEqual(2);
    expect(count(open, 200)).toBeLessThanOrEqual(4);
    // Removing the settings lifts the throttle without a redeploy.
    const cleared = await api.patch(`/restapis/${apiId}/stages/prod`, {
      patchOperations: [
        { op: "remove", path: "/*/*" },
        { op: "remove", path: "/~1items/GET" },
      ],
    });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body.methodSettings).toEqual({});
    await waitFor(async () => (count(await fire("/other", 20), 200) === 20 ? true : undefined));
  });

  it("refuses negative, non-numeric and above-account values naming the field and the allowed range", async () => {
    const negative = await api.patch(`/restapis/${apiId}/stages/prod`, { patchOperations: [{ op: "replace", path: "/*/*/throttling/rateLimit", value: "-1" }] });
    expect(negative.status).toBe(400);
    expect(negative.body.problems).toEqual([{ field: 'methodSettings["*/*"].throttlingRateLimit', message: "must be between 0 and the account rate limit" }]);
    const text = await api.patch(`/restapis/${apiId}/stages/prod`, { patchOperations: [{ op: "replace", path: "/~1items/GET/throttling/burstLimit", value: "lots" }] });
    expect(text.status).toBe(400);
    expect(text.body.problems[0]).toEqual({ field: 'methodSettings["~1items/GET"].throttlingBurstLimit', message: "must be a whole number of requests between 0 and the account burst limit" });
    const stage = (await api.get(`/restapis/${apiId}/stages/prod`)).body;
    const tooHigh = await api.patch(`/restapis/${apiId}/stages/prod`, { version: stage.version, methodSettings: { "*/*": { throttlingRateLimit: 20_000, throttlingBurstLimit: 10 } } });
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.body.problems).toEqual([{ field: 'methodSettings["*/*"].throttlingRateLimit', message: "must be between 0 and 10000 (the account rate limit); got 20000" }]);
    const unknown = await api.patch(`/restapis/${apiId}/stages/prod`, { patchOperations: [{ op: "replace", path: "/*/*/throttling/speed", value: "1" }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.problems[0].field).toBe("patchOperations[0].path");
  });

  it("account limits: GET in AWS's shape, PATCH by admins only, applied by the gateway without a restart", async () => {
    const account = await api.get("/account");
    expect(account.status).toBe(200);
    expect(account.body.throttleSettings).toEqual({ rateLimit: 10000, burstLimit: 5000 });
    const owner = await userWithToken(setup.stack.prisma, "owner");
    expect((await owner.api.patch("/account", { throttleSettings: { rateLimit: 1 } })).status).toBe(403);
    const bad = await api.patch("/account", { patchOperations: [{ op: "replace", path: "/throttle/rateLimit", value: "-3" }] });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0]).toEqual({ field: "throttleSettings.rateLimit", message: "must be between 0 and 1000000" });

    const changed = await api.patch("/account", { patchOperations: [{ op: "replace", path: "/throttle/rateLimit", value: "2" }, { op: "replace", path: "/throttle/burstLimit", value: "3" }] });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.throttleSettings).toEqual({ rateLimit: 2, burstLimit: 3 });
    await waitFor(async () => {
      const batch = await fire("/open", 10);
      return count(batch, 429) > 0 ? batch : undefined;
    });
    // The batch that first saw a 429 may have started under the old limit: measure a fresh one once the bucket refilled.
    await new Promise((r) => setTimeout(r, 1_600));
    const limited = await fire("/open", 10);
    expect(count(limited, 429)).toBeGreaterThan(0);
    expect(count(limited, 200)).toBeLessThanOrEqual(4);
    // Stage values above the new account limit are refused.
    const stage = (await api.get(`/restapis/${apiId}/stages/prod`)).body;
    const above = await api.patch(`/restapis/${apiId}/stages/prod`, { version: stage.version, methodSettings: { "~1open/GET": { throttlingRateLimit: 5, throttlingBurstLimit: 1 } } });
    expect(above.status).toBe(400);
    expect(above.body.problems[0]).toEqual({ field: 'methodSettings["~1open/GET"].throttlingRateLimit', message: "must be between 0 and 2 (the account rate limit); got 5" });

    const reset = await api.patch("/account", { reset: true });
    expect(reset.body.throttleSettings).toEqual({ rateLimit: 10000, burstLimit: 5000 });
    await waitFor(async () => (count(await fire("/open", 10), 200) === 10 ? true : undefined));
  });

  it("counts throttled requests in the metrics", async () => {
    const rows = await waitFor(async () => {
      const r = await query<{ throttled: number }>(setup.stack.db.url, `SELECT SUM("throttledCount")::int AS throttled FROM "ApiMetric" WHERE "resolution" = 60 AND "restApiId" = $1`, [apiId]);
      return r[0].throttled > 0 ? r : undefined;
    });
    const [{ fours }] = await query<{ fours: number }>(setup.stack.db.url, `SELECT SUM("count4xx")::int AS fours FROM "ApiMetric" WHERE "resolution" = 60 AND "restApiId" = $1`, [apiId]);
    expect(rows[0].throttled).toBeGreaterThan(30);
    expect(rows[0].throttled).toBeLessThanOrEqual(fours);
  });
});
