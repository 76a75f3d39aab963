import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { query } from "../helpers/database";
import { REDIS_TEST_URL, redisAnswers, redisForTests } from "../helpers/redis";
import { addMethod, createRestApi } from "../helpers/fixtures";
import { startTestGateway, waitFor, type GatewayResponse, type TestGateway } from "../helpers/gateway";
import { setupManagement, type ManagementClient, type ManagementSetup } from "./management-harness";

/**
 * Two gateway processes against one database and one real Redis
 * (REDIS_TEST_URL, else 127.0.0.1:6379; a unique key prefix per run) enforce
 * one shared limit and one shared quota; a Redis of our own, killed mid-test,
 * shows the fallback to local limits and the rejoin. Without a Redis the file
 * skips with a message, except in CI (.ci/run starts one).
 */

const REDIS_URL = REDIS_TEST_URL;
const PREFIX = `gatehouse-test:${randomBytes(4).toString("hex")}:`;
const SECRET_KEY = "shared-limits-secret-key-0123456789abcdef";


const available = await redisForTests("shared-limits");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = (responses: GatewayResponse[], status: number) => responses.filter((r) => r.status === status).length;

let setup: ManagementSetup;
let api: ManagementClient;
let apiId: string;
let keyValue: string;
let a: TestGateway;
let b: TestGateway;
const previousKey = process.env.GATEHOUSE_SECRET_KEY;

const env = (redisUrl: string) => ({ REDIS_URL: redisUrl, GATEHOUSE_REDIS_KEY_PREFIX: PREFIX, GATEHOUSE_SECRET_KEY: SECRET_KEY });
const call = (gw: TestGateway, path: string, headers: Record<string, string> = {}) => gw.request(`/prod${path}`, { apiId, headers });

/** Requests alternating between the gateways, `n` at a time. */
async function alternate(gateways: TestGateway[], path: string, total: number, concurrency: number, headers?: Record<string, string>) {
  const out: GatewayResponse[] = [];
  for (let i = 0; i < total; i += concurrency) {
    const wave = Array.from({ length: Math.min(concurrency, total - i) }, (_, j) => call(gateways[(i + j) % gateways.length], path, headers));
    out.push(...(await Promise.all(wave)));
  }
  return out;
}

describe.skipIf(!available)("shared limits across two gateways (Redis)", () => {
  beforeAll(async () => {
    process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY;
    setup = await setupManagement(inject("pgServerUrl"));
    api = setup.api;
    const db = setup.stack.prisma;
    apiId = await createRestApi(db, "shared-limits");
    for (const path of ["/limited", "/keyed", "/outage"]) {
      await addMethod(db, apiId, path, "GET", { type: "MOCK", requestTemplate: '{"statusCode": 200}', responses: [{ statusCode: "200", body: '{"ok": true}' }] });
    }
    await db.method.updateMany({ where: { resource: { restApiId: apiId, path: "/keyed" } }, data: { apiKeyRequired: true } });
    expect((await api.post(`/restapis/${apiId}/deployments`, { stageName: "prod" })).status).toBe(201);
    const settings = await api.patch(`/restapis/${apiId}/stages/prod`, {
      patchOperations: [
        { op: "replace", path: "/~1limited/GET/throttling/rateLimit", value: "20" },
        { op: "replace", path: "/~1limited/GET/throttling/burstLimit", value: "5" },
        { op: "replace", path: "/~1outage/GET/throttling/rateLimit", value: "1" },
        { op: "replace", path: "/~1outage/GET/throttling/burstLimit", value: "2" },
      ],
    });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    const key = await api.post("/apikeys", { name: "quota", enabled: true });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    keyValue = key.body.value;
    const plan = await api.post("/usageplans", {
      name: "hundred",
      apiStages: [{ restApiId: apiId, stageName: "prod" }],
      throttle: { rateLimit: 10000, burstLimit: 5000 },
      quota: { limit: 100, period: "DAY" },
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    expect((await api.post(`/usageplans/${plan.body.id}/keys`, { keyId: key.body.id })).status).toBe(201);
    [a, b] = await Promise.all([setup.stack.startGateway(env(REDIS_URL)), startTestGateway(setup.stack.db.url, env(REDIS_URL))]);
  });
  afterAll(async () => {
    await b?.stop();
    await setup?.close();
    const cleanup = new Redis(REDIS_URL);
    const keys = await cleanup.keys(`${PREFIX}*`);
    if (keys.length) await cleanup.del(...keys);
    cleanup.disconnect();
    if (previousKey === undefined) delete process.env.GATEHOUSE_SECRET_KEY;
    else process.env.GATEHOUSE_SECRET_KEY = previousKey;
  });

  it("the combined accepted rate stays within ±15% of a 20 req/s limit over 10 s", async () => {
    const pending: Array<Promise<{ gw: number; res: GatewayResponse }>> = [];
    const started = Date.now();
    // ~60 req/s offered (3× the limit), alternating between the two gateways; stops by itself after 10 s.
    for (let i = 0; Date.now() - started < 10_000; i++) {
      const gw = i % 2;
      pending.push(call(gw ? b : a, "/limited").then((res) => ({ gw, res })));
      await sleep(15);
    }
    const elapsed = (Date.now() - started) / 1000;
    const results = await Promise.all(pending);
    const accepted = results.filter((r) => r.res.status === 200);
    const throttled = results.filter((r) => r.res.status === 429);
    expect(accepted.length + throttled.length).toBe(results.length);
    const expected = 20 * elapsed;
    console.log(`[shared-limits] ${results.length} sent in ${elapsed.toFixed(1)} s: ${accepted.length} accepted (limit ${expected.toFixed(0)} + burst 5), ${throttled.length} throttled`);
    expect(accepted.length).toBeGreaterThanOrEqual(expected * 0.85);
    expect(accepted.length).toBeLessThanOrEqual(expected * 1.15);
    // Both instances served and throttled: one limit, not one each.
    for (const gw of [0, 1]) expect(accepted.filter((r) => r.gw === gw).length).toBeGreaterThan(30);
  }, 30_000);

  it("a quota of 100 accepts exactly 100 across both instances under concurrent load", async () => {
    const responses = await alternate([a, b], "/keyed", 160, 20, { "x-api-key": keyValue });
    expect(count(responses, 200)).toBe(100);
    const refused = responses.filter((r) => r.status === 429);
    expect(refused).toHaveLength(60);
    expect(refused[0].json()).toEqual({ message: "Limit Exceeded" });
    // The usage both instances flushed to PostgreSQL is exactly the quota (it survives restarts).
    const total = await waitFor(async () => {
      const [row] = await query<{ total: number }>(setup.stack.db.url, `SELECT COALESCE(SUM("count"), 0)::int AS total FROM "ApiKeyUsage"`);
      return row.total >= 100 ? row.total : undefined;
    });
    await sleep(500);
    expect(total).toBe(100);
  });

  describe("when Redis goes away", () => {
    let redis: ChildProcess | undefined;
    let port = 0;
    let c: TestGateway;
    let d: TestGateway;
    const ownUrl = () => `redis://127.0.0.1:${port}`;

    async function startRedis(): Promise<void> {
      redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
      await waitFor(async () => ((await redisAnswers(ownUrl())) ? true : undefined), 10_000, 100);
    }

    beforeAll(async () => {
      port = await new Promise<number>((resolve) => {
        const server = net.createServer().listen(0, "127.0.0.1", () => {
          const p = (server.address() as net.AddressInfo).port;
          server.close(() => resolve(p));
        });
      });
      await startRedis();
      // The first pair is done: free the CPU for the second (on its own Redis).
      await b.stop();
      [c, d] = await Promise.all([startTestGateway(setup.stack.db.url, env(ownUrl())), startTestGateway(setup.stack.db.url, env(ownUrl()))]);
    });
    afterAll(async () => {
      await c?.stop();
      await d?.stop();
      redis?.kill("SIGKILL");
    });

    it("keeps serving with local limits, never waiting long on the dead Redis, logs it, and rejoins when it is back", async () => {
      // Shared: 2 (burst) between both instances.
      expect(count(await alternate([c, d], "/outage", 10, 10), 200)).toBe(2);

      redis!.kill("SIGKILL");
      await waitFor(async () => ([c, d].every((gw) => gw.logs.some((l) => /Redis .* unavailable/.test(l))) ? true : undefined), 10_000, 50);
      await sleep(2100); // both local buckets full again
      const started = Date.now();
      const during = await alternate([c, d], "/outage", 10, 10);
      const took = Date.now() - started;
      expect(during.every((r) => r.status === 200 || r.status === 429)).toBe(true);
      // Each instance enforces the limit alone now: up to 2 each.
      expect(count(during, 200)).toBeGreaterThanOrEqual(3);
      expect(count(during, 200)).toBeLessThanOrEqual(5);
      expect(took).toBeLessThan(1000);

      await startRedis();
      await waitFor(async () => ([c, d].every((gw) => gw.logs.some((l) => /Redis .* is back/.test(l))) ? true : undefined), 20_000, 100);
      await sleep(200);
      expect(count(await alternate([c, d], "/outage", 10, 10), 200)).toBeLessThanOrEqual(3);
      expect(c.logs.join("\n")).toMatch(/using local limits until it is back/);
    }, 60_000);
  });
});
