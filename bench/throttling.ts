/**
 * Throttling's cost (issue 8, requirement 6): the same MOCK route on two
 * stages of one deployment, one with a stage throttle (`*\/*`, limits far too
 * high to reject) and one without, in the same run
 * (`node --import tsx bench/throttling.ts`). Not a test. Needs PostgreSQL the
 * way the tests do; 127.0.0.1 only; each phase is bounded (BENCH_PHASE_MS,
 * default 3000 ms; 4 phases per backend). Target: throughput with throttling
 * ≥ 0.9× without. The account bucket is always consulted (as on AWS), so "off"
 * means no stage/method bucket. When a Redis answers at REDIS_TEST_URL (or
 * 127.0.0.1:6379) the same comparison runs with the Redis backend too.
 */
import http from "node:http";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { createPrismaClient } from "../lib/db";
import { deployApi } from "../lib/services/deploy";
import { freshDatabase } from "../tests/helpers/database";
import { addMethod, createRestApi } from "../tests/helpers/fixtures";
import { startTestGateway, type TestGateway } from "../tests/helpers/gateway";

const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 3000);
const CONCURRENCY = 8;
const REDIS_URL = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `gatehouse-bench:${randomBytes(4).toString("hex")}:`;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });

function request(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, agent, headers: { Host: host } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode!));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

async function throughput(call: () => Promise<number>): Promise<number> {
  let done = 0;
  const end = performance.now() + PHASE_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const status = await call();
        if (status !== 200) throw new Error(`status ${status} (a limit rejected: the bench limits must be higher)`);
        done++;
      }
    }),
  );
  return done / (PHASE_MS / 1000);
}

async function redisAnswers(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** off, on, off, on: alternating phases so drift on a shared machine hits both alike. */
async function compare(gateway: TestGateway, apiId: string): Promise<{ on: number; off: number }> {
  const host = `${apiId}.execute-api.localhost`;
  const on = () => request(gateway.port, "/on/item", host);
  const off = () => request(gateway.port, "/off/item", host);
  for (let i = 0; i < 300; i++) await Promise.all([on(), off()]);
  const offs: number[] = [];
  const ons: number[] = [];
  for (let round = 0; round < 2; round++) {
    offs.push(await throughput(off));
    ons.push(await throughput(on));
  }
  const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return { on: avg(ons), off: avg(offs) };
}

const db = await freshDatabase();
const prisma = createPrismaClient(db.url);
const gateways: TestGateway[] = [];
try {
  const apiId = await createRestApi(prisma, "bench-throttling");
  await addMethod(prisma, apiId, "/item", "GET", { type: "MOCK", requestTemplate: '{"statusCode": 200}', responses: [{ statusCode: "200", body: '{"ok":true}' }] });
  await deployApi(prisma, { restApiId: apiId, stageName: "off" });
  await deployApi(prisma, { restApiId: apiId, stageName: "on" });
  await prisma.stage.updateMany({
    where: { restApiId: apiId, name: "on" },
    data: { methodSettings: { "*/*": { throttlingRateLimit: 1_000_000, throttlingBurstLimit: 1_000_000 }, "~1item/GET": { throttlingRateLimit: 900_000, throttlingBurstLimit: 900_000 } } },
  });
  const env = { GATEHOUSE_ACCOUNT_RATE_LIMIT: "1000000", GATEHOUSE_ACCOUNT_BURST_LIMIT: "1000000" };
  const lines: string[] = [];
  const memory = await startTestGateway(db.url, env);
  gateways.push(memory);
  const m = await compare(memory, apiId);
  lines.push(`memory backend: off ${Math.round(m.off)} req/s, on ${Math.round(m.on)} req/s, ratio on/off ${(m.on / m.off).toFixed(2)}× (target ≥ 0.9×)`);
  await memory.stop();
  gateways.pop();
  if (await redisAnswers()) {
    const redis = await startTestGateway(db.url, { ...env, REDIS_URL, GATEHOUSE_REDIS_KEY_PREFIX: PREFIX });
    gateways.push(redis);
    const r = await compare(redis, apiId);
    lines.push(`redis backend:  off ${Math.round(r.off)} req/s, on ${Math.round(r.on)} req/s, ratio on/off ${(r.on / r.off).toFixed(2)}× (both consult Redis for the account bucket: one round trip each)`);
    const cleanup = new Redis(REDIS_URL);
    const keys = await cleanup.keys(`${PREFIX}*`);
    if (keys.length) await cleanup.del(...keys);
    cleanup.disconnect();
  } else {
    lines.push(`redis backend:  skipped (no Redis at ${REDIS_URL})`);
  }
  console.log(`Node ${process.version}; ${CONCURRENCY} connections; ${PHASE_MS} ms per phase; MOCK route; "on" = stage */* and method throttles`);
  for (const line of lines) console.log(line);
} finally {
  agent.destroy();
  for (const g of gateways) await g.stop();
  await prisma.$disconnect();
  await db.drop();
}
