import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addMethod, createRestApi } from "../helpers/fixtures";
import { startTestGateway, waitFor, type GatewayResponse, type TestGateway } from "../helpers/gateway";
import { setupManagement, type ManagementClient, type ManagementSetup } from "./management-harness";

/**
 * API keys and usage plans end to end: keys and plans made through the
 * management services, a deployed MOCK method with apiKeyRequired, and the
 * real gateway process enforcing keys, throttles and quotas, hearing changes
 * through notifications.
 */

let setup: ManagementSetup;
let api: ManagementClient;
let apiId: string;
const SECRET_KEY = "api-keys-gateway-secret-key-0123456789abcdef";
const previousKey = process.env.GATEHOUSE_SECRET_KEY;
const COOLDOWN_MS = 1500;

interface Key {
  id: string;
  value: string;
  version: number;
}
let basicKey: Key;
let quotaKey: Key;
let devOnlyKey: Key;
let quotaPlanId: string;
const allValues: string[] = [];

const call = (path: string, key?: string) =>
  setup.stack.gateway.request(`/prod${path}`, {
    apiId,
    headers: key === undefined ? {} : { "x-api-key": key },
  });
const message = (res: GatewayResponse) => (res.json() as { message: string }).message;

async function createKey(name: string): Promise<Key> {
  const res = await api.post("/apikeys", { name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  allValues.push(res.body.value);
  return res.body;
}

async function createPlan(body: Record<string, unknown>, keys: Key[]): Promise<string> {
  const res = await api.post("/usageplans", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  for (const key of keys) expect((await api.post(`/usageplans/${res.body.id}/keys`, { keyId: key.id })).status).toBe(201);
  return res.body.id;
}

beforeAll(async () => {
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY;
  setup = await setupManagement(inject("pgServerUrl"));
  api = setup.api;
  const db = setup.stack.prisma;
  apiId = await createRestApi(db, "keyed-api");
  await addMethod(db, apiId, "/pets", "GET", {
    type: "MOCK",
    requestTemplate: '{"statusCode": 200}',
    responses: [
      {
        statusCode: "200",
        body: '{"keyId": "$context.identity.apiKeyId", "apiKey": "$context.identity.apiKey"}',
      },
    ],
  });
  await addMethod(db, apiId, "/open", "GET", {
    type: "MOCK",
    requestTemplate: '{"statusCode": 200}',
    responses: [{ statusCode: "200", body: '{"open": true}' }],
  });
  await db.method.updateMany({
    where: { resource: { restApiId: apiId, path: "/pets" } },
    data: { apiKeyRequired: true },
  });
  for (const stageName of ["prod", "dev"]) expect((await api.post(`/restapis/${apiId}/deployments`, { stageName })).status).toBe(201);

  basicKey = await createKey("basic");
  quotaKey = await createKey("quota");
  devOnlyKey = await createKey("dev-only");
  await createPlan(
    {
      name: "basic",
      apiStages: [{ restApiId: apiId, stageName: "prod" }],
      throttle: { rateLimit: 2, burstLimit: 2 },
      quota: { limit: 100, period: "DAY" },
    },
    [basicKey],
  );
  quotaPlanId = await createPlan(
    {
      name: "small quota",
      apiStages: [{ restApiId: apiId, stageName: "prod" }],
      throttle: { rateLimit: 100, burstLimit: 100 },
      quota: { limit: 5, period: "DAY" },
    },
    [quotaKey],
  );
  await createPlan({ name: "dev", apiStages: [{ restApiId: apiId, stageName: "dev" }] }, [devOnlyKey]);

  await setup.stack.startGateway({
    GATEHOUSE_SECRET_KEY: SECRET_KEY,
    GATEHOUSE_INVALID_KEY_COOLDOWN_MS: String(COOLDOWN_MS),
    GATEHOUSE_INVALID_KEY_LIMIT: "20",
  });
});
afterAll(async () => {
  await setup?.close();
  if (previousKey === undefined) delete process.env.GATEHOUSE_SECRET_KEY;
  else process.env.GATEHOUSE_SECRET_KEY = previousKey;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("API keys at the gateway", () => {
  it("answers 403 Forbidden without a key or with a wrong one; methods without apiKeyRequired need none", async () => {
    const none = await call("/pets");
    expect(none.status).toBe(403);
    expect(none.json()).toEqual({ message: "Forbidden" });
    expect(none.headers["x-amzn-errortype"]).toBe("ForbiddenException");
    const wrong = await call("/pets", "wrong-key-value-that-is-long-enough-0001");
    expect(wrong.status).toBe(403);
    expect(wrong.json()).toEqual({ message: "Forbidden" });
    expect((await call("/open")).status).toBe(200);
  });

  it("passes a valid key, with $context.identity.apiKeyId and apiKey visible to the response template", async () => {
    const ok = await call("/pets", basicKey.value);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json()).toEqual({ keyId: basicKey.id, apiKey: basicKey.value });
  });

  it("throttles a burst beyond the plan's bucket with 429 Too Many Requests", async () => {
    await sleep(1100);
    const results = await Promise.all(Array.from({ length: 8 }, () => call("/pets", basicKey.value)));
    const statuses = results.map((r) => r.status);
    expect(statuses).toContain(200);
    expect(statuses).toContain(429);
    const throttled = results.find((r) => r.status === 429)!;
    expect(message(throttled)).toBe("Too Many Requests");
    // The bucket refills at 2/s.
    await waitFor(async () => ((await call("/pets", basicKey.value)).status === 200 ? true : undefined), 10_000, 300);
  });

  it("answers 403 for a valid key that is in no plan of this stage", async () => {
    const res = await call("/pets", devOnlyKey.value);
    expect(res.status).toBe(403);
    expect(message(res)).toBe("Forbidden");
    const dev = await setup.stack.gateway.request("/dev/pets", {
      apiId,
      headers: { "x-api-key": devOnlyKey.value },
    });
    expect(dev.status, dev.text).toBe(200);
  });

  it("enforces the quota with 429 Limit Exceeded, records usage, and lets requests through after a reset", async () => {
    for (let i = 0; i < 5; i++) expect((await call("/pets", quotaKey.value)).status).toBe(200);
    const over = await call("/pets", quotaKey.value);
    expect(over.status).toBe(429);
    expect(over.json()).toEqual({ message: "Limit Exceeded" });
    expect(over.headers["x-amzn-errortype"]).toBe("LimitExceededException");

    const today = new Date().toISOString().slice(0, 10);
    const usage = await waitFor(
      async () => {
        const res = await api.get(`/usageplans/${quotaPlanId}/usage?startDate=${today}&endDate=${today}`);
        return res.body.items[quotaKey.id]?.[0]?.[0] === 5 ? res.body : undefined;
      },
      10_000,
      100,
    );
    expect(usage.items[quotaKey.id]).toEqual([[5, 0]]);

    const reset = await api.patch(`/usageplans/${quotaPlanId}/keys/${quotaKey.id}/usage`, { reset: true });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(reset.body).toMatchObject({ used: 5, remaining: 5 });
    await waitFor(async () => ((await call("/pets", quotaKey.value)).status === 200 ? true : undefined), 10_000, 100);
  });

  it("refuses a disabled key on every gateway instance (polled) and accepts it again once re-enabled", async () => {
    // A second gateway process on the same database: each hears the notice on its own.
    const second: TestGateway = await startTestGateway(setup.stack.db.url, {
      GATEHOUSE_SECRET_KEY: SECRET_KEY,
    });
    const callSecond = () =>
      second.request("/prod/pets", {
        apiId,
        headers: { "x-api-key": basicKey.value },
      });
    try {
      await sleep(600);
      expect((await call("/pets", basicKey.value)).status).toBe(200);
      expect((await callSecond()).status).toBe(200);
      const current = (await api.get(`/apikeys/${basicKey.id}`)).body;
      const disabled = await api.patch(`/apikeys/${basicKey.id}`, {
        version: current.version,
        enabled: false,
      });
      expect(disabled.status).toBe(200);
      const refused = await waitFor(
        async () => {
          const res = await call("/pets", basicKey.value);
          return res.status === 403 ? res : undefined;
        },
        10_000,
        100,
      );
      expect(message(refused)).toBe("Forbidden");
      await waitFor(async () => ((await callSecond()).status === 403 ? true : undefined), 10_000, 100);
      expect(
        (
          await api.patch(`/apikeys/${basicKey.id}`, {
            version: disabled.body.version,
            enabled: true,
          })
        ).status,
      ).toBe(200);
      await waitFor(async () => ((await call("/pets", basicKey.value)).status === 200 ? true : undefined), 10_000, 600);
      await waitFor(async () => ((await callSecond()).status === 200 ? true : undefined), 10_000, 600);
    } finally {
      await second.stop();
    }
  });

  it("throttles a client sending many invalid keys, without lookups, then recovers after the cool-down", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) statuses.push((await call("/pets", `guess-${String(i).padStart(2, "0")}-abcdefghijklmnopqrstuvwxyz`)).status);
    expect(statuses.slice(0, 15).every((s) => s === 403)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Blocked: even a valid key is not looked up.
    const blocked = await call("/pets", quotaKey.value);
    expect(blocked.status).toBe(429);
    expect(message(blocked)).toBe("Too Many Requests");
    await waitFor(async () => ((await call("/pets", quotaKey.value)).status === 200 ? true : undefined), 10_000, 250);
  });

  it("never logs a key value in full", async () => {
    await setup.stack.gateway.stop().catch(() => {});
    const logs = setup.stack.gateway.logs.join("\n");
    // The block is logged, with the key's first characters only.
    expect(logs).toMatch(/invalid API keys \(the last gues…\)/);
    for (const value of [...allValues, "wrong-key-value-that-is-long-enough-0001"]) expect(logs).not.toContain(value);
  });
});
