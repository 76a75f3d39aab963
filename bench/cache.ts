/**
 * The response cache against the real gateway, in one run
 * (`node --import tsx bench/cache.ts`). Not a test. Needs PostgreSQL the way
 * the tests do (DATABASE_URL's server, or an embedded one); 127.0.0.1 only;
 * each phase is bounded (BENCH_PHASE_MS, default 3000; two rounds each).
 *
 * Targets (issue 8, requirement 6):
 * - cache miss path (caching on, a new key per request) vs the same HTTP_PROXY
 *   route on a stage with caching off: throughput ≥ 0.9×;
 * - cache hit vs a MOCK route: throughput ≥ 1×;
 * - throttling (a stage throttle high enough never to refuse) plus a cache miss vs the same route with both
 *   off: throughput ≥ 0.9×.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { createPrismaClient } from "../lib/db";
import { randomId } from "../lib/ids";
import { ZUpdateStage } from "../lib/schemas/management";
import { deployApi } from "../lib/services/deploy";
import { getStage, updateStage } from "../lib/services/stages";
import { freshDatabase } from "../tests/helpers/database";
import { addHttpMethod, addMethod, createRestApi } from "../tests/helpers/fixtures";
import { startTestGateway, waitFor } from "../tests/helpers/gateway";

// The stage throttle of the "both" stage must be allowed (the console checks it against the account limit) and
// never refuse: raise the account limit for this process as for the gateway below.
process.env.GATEHOUSE_ACCOUNT_RATE_LIMIT ??= "1000000";
process.env.GATEHOUSE_ACCOUNT_BURST_LIMIT ??= "1000000";
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 3000);
const ROUNDS = 2;
const CONCURRENCY = 8;

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });

function request(port: number, path: string, host: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, agent, headers: { Host: host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode!,
          text: Buffer.concat(chunks).toString(),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Requests per second over `ms` with CONCURRENCY requests in flight. */
async function throughput(call: () => Promise<{ status: number }>, ms: number): Promise<number> {
  let done = 0;
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const res = await call();
        if (res.status !== 200) throw new Error(`status ${res.status}`);
        done++;
      }
    }),
  );
  return done / (ms / 1000);
}

/** Alternates the two calls over ROUNDS rounds (so drift on a shared machine hits both), averaging their rates. */
async function compare(a: () => Promise<{ status: number }>, b: () => Promise<{ status: number }>): Promise<[number, number]> {
  let ra = 0;
  let rb = 0;
  for (let i = 0; i < ROUNDS; i++) {
    // a then b, then b then a: whichever runs first in a round is not favoured.
    if (i % 2 === 0) {
      ra += await throughput(a, PHASE_MS / ROUNDS);
      rb += await throughput(b, PHASE_MS / ROUNDS);
    } else {
      rb += await throughput(b, PHASE_MS / ROUNDS);
      ra += await throughput(a, PHASE_MS / ROUNDS);
    }
  }
  return [ra / ROUNDS, rb / ROUNDS];
}

let backendHits = 0;
const backend = http.createServer((req, res) => {
  backendHits++;
  req.resume();
  const body = `{"ok":true,"url":${JSON.stringify(req.url)}}`;
  res
    .writeHead(200, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(body),
    })
    .end(body);
});
await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
const upstream = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;

const db = await freshDatabase();
const prisma = createPrismaClient(db.url);
let gateway: Awaited<ReturnType<typeof startTestGateway>> | undefined;
try {
  const apiId = await createRestApi(prisma, "bench-cache");
  await addMethod(prisma, apiId, "/mock", "GET", {
    type: "MOCK",
    requestTemplate: '{"statusCode": 200}',
    responses: [{ statusCode: "200", body: '{"ok":true}' }],
  });
  await addHttpMethod(prisma, apiId, "/items", "GET", {
    type: "HTTP_PROXY",
    uri: `${upstream}/items`,
    methodRequestParameters: { "method.request.querystring.k": false },
  });
  const method = await prisma.method.findFirstOrThrow({
    where: {
      httpMethod: "GET",
      resource: { restApiId: apiId, path: "/items" },
    },
  });
  await prisma.integration.update({
    where: { methodId: method.id },
    data: { cacheKeyParameters: ["method.request.querystring.k"] },
  });
  await deployApi(prisma, { restApiId: apiId, stageName: "off" });
  await deployApi(prisma, { restApiId: apiId, stageName: "on" });
  await deployApi(prisma, { restApiId: apiId, stageName: "both" });
  // Both stages carry the same method settings, so that only the cache differs; MOCK is measured on the cached
  // stage with caching off for it, so that it pays the same per-request checks as the hit.
  const methodSettings = { "*/*": { cachingEnabled: true, cacheTtlInSeconds: 300 }, "~1mock/GET": { cachingEnabled: false } };
  for (const [stageName, cacheClusterEnabled] of [
    ["off", false],
    ["on", true],
  ] as const) {
    const { version } = await getStage(prisma, apiId, stageName);
    await updateStage(prisma, apiId, stageName, ZUpdateStage.parse({ version, cacheClusterEnabled, cacheClusterSize: "0.5", methodSettings }), "bench");
  }
  // "both": a stage throttle (never refusing) and the cache, against "off" (neither).
  const both = await getStage(prisma, apiId, "both");
  await updateStage(
    prisma,
    apiId,
    "both",
    ZUpdateStage.parse({
      version: both.version,
      cacheClusterEnabled: true,
      cacheClusterSize: "0.5",
      methodSettings: { "*/*": { cachingEnabled: true, cacheTtlInSeconds: 300, throttlingRateLimit: 1_000_000, throttlingBurstLimit: 1_000_000 } },
    }),
    "bench",
  );
  // Throttling must not be what is measured.
  gateway = await startTestGateway(db.url, {
    GATEHOUSE_ACCOUNT_RATE_LIMIT: "1000000",
    GATEHOUSE_ACCOUNT_BURST_LIMIT: "1000000",
  });
  const host = `${apiId}.execute-api.localhost`;
  let n = 0;
  const f = (x: number) => x.toFixed(2);
  console.log(`Node ${process.version}; ${CONCURRENCY} connections; ${PHASE_MS} ms per comparison (${ROUNDS} alternating rounds)`);
  await measure(gateway.port, "in-memory cache");

  // The same against Redis, when one answers (REDIS_TEST_URL, else a local one).
  const redisUrl = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  const haveRedis = await redis.connect().then(
    () => true,
    () => false,
  );
  if (haveRedis) {
    const prefix = `gatehouse-bench-${randomId(8)}:`;
    await gateway.stop();
    gateway = await startTestGateway(db.url, {
      GATEHOUSE_ACCOUNT_RATE_LIMIT: "1000000",
      GATEHOUSE_ACCOUNT_BURST_LIMIT: "1000000",
      REDIS_URL: redisUrl,
      GATEHOUSE_REDIS_KEY_PREFIX: prefix,
    });
    try {
      await measure(gateway.port, `Redis cache (${redisUrl})`);
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
    }
  } else console.log(`(no Redis answers at ${redisUrl}: Redis phase skipped)`);
  redis.disconnect();

  async function measure(port: number, label: string) {
    const mock = () => request(port, "/on/mock", host);
    const off = () => request(port, `/off/items?k=${n++}`, host);
    const miss = () => request(port, `/on/items?k=${n++}`, host);
    const throttledMiss = () => request(port, `/both/items?k=${n++}`, host);
    const hit = () => request(port, "/on/items?k=hot", host);

    // The stage update reaches the gateway by NOTIFY: wait until the hot key is served from the cache.
    await waitFor(
      async () => {
        const before = backendHits;
        await hit();
        await hit();
        return backendHits === before ? true : undefined;
      },
      10_000,
      50,
    );
    for (let i = 0; i < 300; i++) await Promise.all([mock(), off(), miss(), hit(), throttledMiss()]);

    const beforeMiss = backendHits;
    const [offRps, missRps] = await compare(off, miss);
    const backendCalls = backendHits - beforeMiss;
    const beforeHit = backendHits;
    const [mockRps, hitRps] = await compare(mock, hit);
    if (backendHits !== beforeHit) throw new Error(`the hit phase reached the backend ${backendHits - beforeHit} times`);

    const [offRps2, bothRps] = await compare(off, throttledMiss);

    const missRatio = missRps / offRps;
    const bothRatio = bothRps / offRps2;
    const hitRatio = hitRps / mockRps;
    console.log(`--- ${label}`);
    console.log(`HTTP_PROXY, caching off     ${Math.round(offRps)} req/s`);
    console.log(`HTTP_PROXY, cache miss      ${Math.round(missRps)} req/s  (unique keys; ${backendCalls} backend calls in both phases)`);
    console.log(`MOCK (same stage, not cached) ${Math.round(mockRps)} req/s`);
    console.log(`HTTP_PROXY, cache hit       ${Math.round(hitRps)} req/s  (backend not reached)`);
    console.log(`cache miss / caching off: ${f(missRatio)}× (target ≥ 0.9×) ${missRatio >= 0.9 ? "OK" : "BELOW TARGET"}`);
    console.log(`cache hit / MOCK: ${f(hitRatio)}× (target ≥ 1×) ${hitRatio >= 1 ? "OK" : "BELOW TARGET"}`);
    console.log(`throttling + cache miss / both off: ${f(bothRatio)}× (target ≥ 0.9×) ${bothRatio >= 0.9 ? "OK" : "BELOW TARGET"}`);
  }
} finally {
  agent.destroy();
  await gateway?.stop();
  await prisma.$disconnect();
  await db.drop();
  backend.close();
}
