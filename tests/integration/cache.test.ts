import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Db } from "../../lib/db";
import { AppError } from "../../lib/errors";
import { randomId } from "../../lib/ids";
import { ZUpdateStage } from "../../lib/schemas/management";
import { deployApi } from "../../lib/services/deploy";
import { flushStageCache, stageCacheStats } from "../../lib/services/stage-cache";
import { getStage, updateStage } from "../../lib/services/stages";
import { addHttpMethod, createRestApi } from "../helpers/fixtures";
import { sendRequest, startTestGateway, waitFor, type TestGateway } from "../helpers/gateway";
import { createStack, type Stack } from "../helpers/stack";
import { REDIS_TEST_URL, redisAnswers, redisForTests } from "../helpers/redis";

/**
 * The response cache against the real gateway process and a backend that
 * counts its requests: hits never reach the backend.
 */

const SECRET_KEY = "cache-test-secret-key-0123456789abcdef";
let stack: Stack;
let apiId: string;
let backend: http.Server;
let upstream: string;
/** Requests the backend received, by path and query. */
const counts = new Map<string, number>();
const count = (url: string) => counts.get(url) ?? 0;

async function startBackend(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const url = req.url ?? "/";
      const n = count(url) + 1;
      counts.set(url, n);
      const path = url.split("?")[0];
      const status = path.startsWith("/fail") ? 500 : 200;
      const body = JSON.stringify({ url, n });
      res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** Sets the integration's cache key parameters (and declares them on the method, as AWS requires). */
async function setCacheKeyParameters(db: Db, restApiId: string, path: string, verb: string, parameters: string[]) {
  const method = await db.method.findFirstOrThrow({ where: { httpMethod: verb, resource: { restApiId, path } } });
  await db.method.update({ where: { id: method.id }, data: { requestParameters: Object.fromEntries(parameters.map((p) => [p, false])) } });
  await db.integration.update({ where: { methodId: method.id }, data: { cacheKeyParameters: parameters } });
}

async function patchStage(stageName: string, input: Record<string, unknown>) {
  const { version } = await getStage(stack.prisma, apiId, stageName);
  return updateStage(stack.prisma, apiId, stageName, ZUpdateStage.parse({ version, ...input }), "test");
}

const get = (gw: TestGateway | number, path: string, headers: Record<string, string> = {}, method = "GET") =>
  sendRequest(typeof gw === "number" ? gw : gw.port, `/test${path}`, { apiId, method, headers });

/** The stage's cache as the gateway process reports it (internal endpoint). */
async function internalStats(port: number, stageName = "test") {
  const res = await sendRequest(port, `/_gatehouse/cache/${apiId}/${stageName}`, { headers: { "x-gatehouse-internal-token": (await import("../../lib/internal-token")).internalToken(SECRET_KEY) } });
  return res.json() as { enabled: boolean; entries: number | null; hits: number; misses: number; backend: string };
}

const paths = ["/items", "/keyed", "/ttl", "/cc-fail", "/cc-header", "/cc-silent", "/cc-open", "/fail", "/shared", "/outage"];

beforeAll(async () => {
  backend = await startBackend();
  upstream = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  stack = await createStack(inject("pgServerUrl"));
  const db = stack.prisma;
  apiId = await createRestApi(db, "cache");
  for (const path of paths) await addHttpMethod(db, apiId, path, "GET", { type: "HTTP_PROXY", uri: `${upstream}${path}` });
  await addHttpMethod(db, apiId, "/items", "POST", { type: "HTTP_PROXY", uri: `${upstream}/items` });
  await setCacheKeyParameters(db, apiId, "/keyed", "GET", ["method.request.querystring.q"]);
  await deployApi(db, { restApiId: apiId, stageName: "test" });
  await stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY });
  await patchStage("test", {
    cacheClusterEnabled: true,
    cacheClusterSize: "0.5",
    methodSettings: {
      "*/*": { cachingEnabled: true, cacheTtlInSeconds: 60 },
      "~1ttl/GET": { cachingEnabled: true, cacheTtlInSeconds: 1 },
      "~1cc-fail/GET": { cachingEnabled: true, unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403" },
      "~1cc-header/GET": { cachingEnabled: true, unauthorizedCacheControlHeaderStrategy: "SUCCEED_WITH_RESPONSE_HEADER" },
      "~1cc-silent/GET": { cachingEnabled: true, unauthorizedCacheControlHeaderStrategy: "SUCCEED_WITHOUT_RESPONSE_HEADER" },
      "~1cc-open/GET": { cachingEnabled: true, requireAuthorizationForCacheControl: false },
    },
  });
  await waitFor(async () => ((await internalStats(stack.gateway.port)).enabled ? true : undefined));
});

afterAll(async () => {
  await stack?.close();
  await new Promise((r) => backend?.close(r));
});

describe("response cache (one gateway, in memory)", () => {
  it("serves a repeated GET without reaching the backend", async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await get(stack.gateway, "/items"));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(count("/items")).toBe(1);
    // AWS adds no hit/miss header on REST APIs; neither do we.
    expect(Object.keys(answers[1].headers).filter((h) => /cache/i.test(h))).toEqual([]);
  });

  it("keys on a declared query parameter: different values are separate entries", async () => {
    for (const q of ["a", "a", "b", "b", "a"]) expect((await get(stack.gateway, `/keyed?q=${q}`)).status).toBe(200);
    expect(count("/keyed?q=a")).toBe(1);
    expect(count("/keyed?q=b")).toBe(1);
    // A parameter outside the key shares the entry.
    await get(stack.gateway, "/keyed?q=a&other=1");
    expect(count("/keyed?q=a&other=1")).toBe(0);
  });

  it("does not cache POST", async () => {
    await get(stack.gateway, "/items", {}, "POST");
    await get(stack.gateway, "/items", {}, "POST");
    expect(count("/items")).toBe(3); // the GET above, then two POSTs
  });

  it("does not cache errors", async () => {
    expect((await get(stack.gateway, "/fail")).status).toBe(500);
    expect((await get(stack.gateway, "/fail")).status).toBe(500);
    expect(count("/fail")).toBe(2);
  });

  it("expires an entry after its TTL", async () => {
    const first = (await get(stack.gateway, "/ttl")).json() as { n: number };
    expect(((await get(stack.gateway, "/ttl")).json() as { n: number }).n).toBe(first.n);
    expect(count("/ttl")).toBe(1);
    await waitFor(async () => (((await get(stack.gateway, "/ttl")).json() as { n: number }).n > first.n ? true : undefined), 10_000, 200);
    expect(count("/ttl")).toBe(2);
  });

  it("handles Cache-Control: max-age=0 per the method's strategy", async () => {
    const invalidate = { "Cache-Control": "max-age=0" };
    for (const p of ["/cc-fail", "/cc-header", "/cc-silent", "/cc-open"]) await get(stack.gateway, p);

    const refused = await get(stack.gateway, "/cc-fail", invalidate);
    expect(refused.status).toBe(403);
    expect(count("/cc-fail")).toBe(1);

    const warned = await get(stack.gateway, "/cc-header", invalidate);
    expect(warned.status).toBe(200);
    expect(warned.headers.warning).toMatch(/^199 /);
    expect(count("/cc-header")).toBe(1);

    const silent = await get(stack.gateway, "/cc-silent", invalidate);
    expect(silent.status).toBe(200);
    expect(silent.headers.warning).toBeUndefined();
    expect(count("/cc-silent")).toBe(1);

    // Authorization not required: anyone invalidates; the new answer is stored.
    const fresh = await get(stack.gateway, "/cc-open", invalidate);
    expect((fresh.json() as { n: number }).n).toBe(2);
    expect(((await get(stack.gateway, "/cc-open")).json() as { n: number }).n).toBe(2);
    expect(count("/cc-open")).toBe(2);
  });

  it("reports size and hit ratio through the console service", async () => {
    const env = { ...process.env, GATEHOUSE_SECRET_KEY: SECRET_KEY, GATEHOUSE_INTERNAL_GATEWAY_URL: `http://127.0.0.1:${stack.gateway.port}` };
    const stats = await stageCacheStats(stack.prisma, apiId, "test", env);
    expect(stats.enabled).toBe(true);
    expect(stats.backend).toBe("memory");
    expect(stats.entries).toBeGreaterThan(3);
    expect(stats.bytes).toBeGreaterThan(0);
    expect(stats.hits).toBeGreaterThan(5);
    expect(stats.hitRatio).toBeGreaterThan(0);
    expect(stats.hitRatio).toBeLessThan(1);
  });

  it("flushes the stage through the management service", async () => {
    await get(stack.gateway, "/items");
    expect(count("/items")).toBe(3);
    await flushStageCache(stack.prisma, apiId, "test");
    await waitFor(async () => ((await internalStats(stack.gateway.port)).entries === 0 ? true : undefined));
    await get(stack.gateway, "/items");
    await get(stack.gateway, "/items");
    expect(count("/items")).toBe(4);
  });

  it("refuses bad cache settings with the field and the allowed range", async () => {
    await expect(patchStage("test", { cacheClusterSize: "237" })).rejects.toSatisfy(
      (err: unknown) => err instanceof AppError && /cacheClusterSize/.test(JSON.stringify(err.problems)) && /GATEHOUSE_CACHE_MAX_MEMORY_MB/.test(JSON.stringify(err.problems)),
    );
    const ttl = ZUpdateStage.safeParse({ version: 1, methodSettings: { "*/*": { cacheTtlInSeconds: 3601 } } });
    expect(ttl.success).toBe(false);
    expect(JSON.stringify(ttl.error?.issues)).toMatch(/0–3600/);
    const size = ZUpdateStage.safeParse({ version: 1, cacheClusterSize: "2" });
    expect(JSON.stringify(size.error?.issues)).toMatch(/0\.5, 1\.6, 6\.1, 13\.5, 28\.4, 58\.2, 118, 237/);
  });
});

/** Redis for the shared-cache test: REDIS_TEST_URL, else a local one. In CI it must answer. */
const REDIS_URL = REDIS_TEST_URL;
const haveRedis = await redisForTests("cache.test", "two-gateway Redis cache tests");
/** The outage test runs its own redis-server (to stop it); without the binary it is skipped, visibly. */
const haveRedisServer = await new Promise<boolean>((resolve) => {
  const probe = spawn("redis-server", ["--version"], { stdio: "ignore" });
  probe.on("error", () => resolve(false));
  probe.on("exit", (code) => resolve(code === 0));
});
if (!haveRedisServer) console.warn("[cache.test] SKIPPING the Redis outage test: no redis-server binary to start and stop");

/**
 * A miss's Redis write goes out just after its response (it never delays it): before asking the other
 * instance for the same key, give that write a moment to land.
 */
const settle = () => new Promise((r) => setTimeout(r, 100));

describe.skipIf(!haveRedis)("response cache shared through Redis (two gateways)", () => {
  let a: TestGateway;
  let b: TestGateway;
  const prefix = `gatehouse-test-${randomId(8)}:`;

  beforeAll(async () => {
    const env = { GATEHOUSE_SECRET_KEY: SECRET_KEY, REDIS_URL, GATEHOUSE_REDIS_KEY_PREFIX: prefix };
    [a, b] = await Promise.all([startTestGateway(stack.db.url, env), startTestGateway(stack.db.url, env)]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    const client = new Redis(REDIS_URL);
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
    client.disconnect();
  });

  it("serves on instance B an entry cached by instance A", async () => {
    const first = await get(a, "/shared");
    expect(first.status).toBe(200);
    expect(count("/shared")).toBe(1);
    await settle();
    expect((await internalStats(a.port)).backend).toBe("redis");
    const fromB = await waitFor(async () => {
      const res = await get(b, "/shared");
      return res.text === first.text ? res : undefined;
    }, 5_000, 50);
    expect(fromB.status).toBe(200);
    expect(count("/shared")).toBe(1);
    await get(a, "/shared");
    await get(b, "/shared");
    expect(count("/shared")).toBe(1);
  });

  it("a flush empties the shared cache for every instance", async () => {
    await flushStageCache(stack.prisma, apiId, "test");
    await waitFor(async () => {
      await get(b, "/shared");
      return count("/shared") === 2 ? true : undefined;
    }, 10_000, 100);
    await settle();
    await get(a, "/shared");
    await get(b, "/shared");
    expect(count("/shared")).toBe(2);
  });
});

describe.skipIf(!haveRedisServer)("response cache while Redis is down", () => {
  let redis: ChildProcess | undefined;
  let port = 0;
  let gw: TestGateway;
  const url = () => `redis://127.0.0.1:${port}`;

  async function startRedis(): Promise<void> {
    redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    await waitFor(async () => ((await redisAnswers(url())) ? true : undefined), 10_000, 100);
  }

  beforeAll(async () => {
    port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (server.address() as AddressInfo).port;
        server.close(() => resolve(p));
      });
    });
    await startRedis();
    gw = await startTestGateway(stack.db.url, { GATEHOUSE_SECRET_KEY: SECRET_KEY, REDIS_URL: url() });
  });
  afterAll(async () => {
    await gw?.stop();
    redis?.kill("SIGKILL");
  });

  it("caches in the gateway's memory during the outage, and in Redis again once it is back", async () => {
    await get(gw, "/outage");
    await get(gw, "/outage");
    expect(count("/outage")).toBe(1);
    expect((await internalStats(gw.port)).backend).toBe("redis");

    redis!.kill("SIGKILL");
    await waitFor(async () => (gw.logs.some((l) => /response cache: Redis unavailable/.test(l)) ? true : undefined), 10_000, 50);
    const started = Date.now();
    for (let i = 0; i < 5; i++) expect((await get(gw, "/outage")).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(count("/outage")).toBe(2); // one miss in the (empty) local cache, then local hits
    expect((await internalStats(gw.port)).backend).toBe("memory");

    await startRedis();
    await waitFor(async () => ((await internalStats(gw.port)).backend === "redis" ? true : undefined), 20_000, 100);
    // The restarted Redis is empty (no persistence) and the local cache was dropped: one miss, then hits.
    for (let i = 0; i < 3; i++) expect((await get(gw, "/outage")).status).toBe(200);
    expect(count("/outage")).toBe(3);
  }, 60_000);
});
