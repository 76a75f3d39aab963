/**
 * Detailed metrics and access logs on vs both off at sustained load, in the
 * same run (`node --import tsx bench/metrics.ts`). Not a test. Needs
 * PostgreSQL the way the tests do; 127.0.0.1 only; every phase is bounded
 * (BENCH_PHASE_MS, default 2000; BENCH_ROUNDS, default 6).
 *
 * Two gateway processes on one database serve the same MOCK route: "off" runs
 * with GATEHOUSE_METRICS_ENABLED=false and is called on a stage without access
 * logs; "on" has detailed metrics (per-minute rows, histograms, /metrics) and is
 * called on a stage with a JSON access log. Phases alternate (order swapped each
 * round) so drift on a shared machine hits both alike; the idle gateway costs
 * nothing meanwhile. Targets (issue 9, requirement 8): throughput on ≥ 0.9× off;
 * once flushed, the minute rows count exactly the requests sent to "on", and the
 * access log holds exactly as many rows.
 */
import { Pool } from "undici";
import { createPrismaClient } from "../lib/db";
import { deployApi } from "../lib/services/deploy";
import { freshDatabase, query } from "../tests/helpers/database";
import { addMethod, createRestApi } from "../tests/helpers/fixtures";
import { startTestGateway, type TestGateway } from "../tests/helpers/gateway";

const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const CONCURRENCY = 16;
const FLUSH_WAIT_MS = 20_000;

async function phase(pool: Pool, path: string, host: string): Promise<number> {
  let done = 0;
  const end = performance.now() + PHASE_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const res = await pool.request({ path, method: "GET", headers: { host } });
        await res.body.dump();
        if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
        done++;
      }
    }),
  );
  return done;
}

const db = await freshDatabase();
const prisma = createPrismaClient(db.url);
const gateways: TestGateway[] = [];
const pools: Pool[] = [];
let failed = false;
try {
  const apiId = await createRestApi(prisma, "bench-metrics");
  await addMethod(prisma, apiId, "/mock", "GET", { type: "MOCK", requestTemplate: '{"statusCode": 200}', responses: [{ statusCode: "200", body: '{"ok":true}' }] });
  for (const stageName of ["off", "on"]) await deployApi(prisma, { restApiId: apiId, stageName });
  // BENCH_NO_ACCESS_LOG=1: metrics alone on the "on" side, to tell the two costs apart.
  if (process.env.BENCH_NO_ACCESS_LOG !== "1") await prisma.stage.update({ where: { restApiId_name: { restApiId: apiId, name: "on" } }, data: { accessLogFormat: "JSON" } });
  const env = { GATEHOUSE_METRICS_FLUSH_MS: "1000", GATEHOUSE_ACCOUNT_RATE_LIMIT: "1000000", GATEHOUSE_ACCOUNT_BURST_LIMIT: "1000000" };
  const off = await startTestGateway(db.url, { ...env, GATEHOUSE_METRICS_ENABLED: "false" });
  gateways.push(off);
  // BENCH_ON_NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the "on" gateway.
  const on = await startTestGateway(db.url, process.env.BENCH_ON_NODE_OPTIONS ? { ...env, NODE_OPTIONS: process.env.BENCH_ON_NODE_OPTIONS } : env);
  gateways.push(on);
  const host = `${apiId}.execute-api.localhost`;
  const offPool = new Pool(`http://127.0.0.1:${off.port}`, { connections: CONCURRENCY });
  const onPool = new Pool(`http://127.0.0.1:${on.port}`, { connections: CONCURRENCY });
  pools.push(offPool, onPool);
  const runOff = () => phase(offPool, "/off/mock", host);
  const runOn = () => phase(onPool, "/on/mock", host);

  // Warm up both, let the warm-up flush, then take baselines.
  for (let i = 0; i < 500; i++) {
    for (const [pool, path] of [[offPool, "/off/mock"], [onPool, "/on/mock"]] as const) {
      const res = await pool.request({ path, method: "GET", headers: { host } });
      await res.body.dump();
    }
  }
  await new Promise((r) => setTimeout(r, 2500));
  const metricCount = async () =>
    Number((await query<{ n: string }>(db.url, `SELECT coalesce(sum("count"), 0) AS n FROM "ApiMetric" WHERE "resolution" = 60 AND "stage" = 'on'`))[0].n);
  const logCount = async () => Number((await query<{ n: string }>(db.url, `SELECT count(*) AS n FROM "AccessLog" WHERE "stage" = 'on'`))[0].n);
  const baseMetrics = await metricCount();
  const baseLogs = await logCount();

  let offTotal = 0;
  let onTotal = 0;
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let a: number;
    let b: number;
    if (round % 2 === 0) {
      a = await runOff();
      b = await runOn();
    } else {
      b = await runOn();
      a = await runOff();
    }
    offTotal += a;
    onTotal += b;
    ratios.push(b / a);
  }
  const started = performance.now();
  let metrics = (await metricCount()) - baseMetrics;
  let logs = (await logCount()) - baseLogs;
  while ((metrics < onTotal || logs < onTotal) && performance.now() - started < FLUSH_WAIT_MS) {
    await new Promise((r) => setTimeout(r, 250));
    metrics = (await metricCount()) - baseMetrics;
    logs = (await logCount()) - baseLogs;
  }
  const flushMs = performance.now() - started;
  const scrape = await fetch(`http://127.0.0.1:${on.adminPort}/metrics`).then((r) => r.text());
  const promCount = Number(/^gatehouse_requests_total\{api="[^"]+",stage="on",status_class="2xx"\} (\d+)$/m.exec(scrape)?.[1] ?? NaN);

  const seconds = (ROUNDS * PHASE_MS) / 1000;
  const ratio = onTotal / offTotal;
  console.log(`Node ${process.version}; MOCK route; ${CONCURRENCY} connections; ${ROUNDS}×${PHASE_MS} ms per side, phases interleaved; two gateway processes`);
  console.log(`metrics + access logs off  ${Math.round(offTotal / seconds)} req/s (${offTotal} requests)`);
  console.log(`metrics + access logs on   ${Math.round(onTotal / seconds)} req/s (${onTotal} requests)`);
  console.log(`throughput ratio on/off: ${ratio.toFixed(3)}× (target ≥ 0.9×); per round ${ratios.map((r) => r.toFixed(2)).join(" ")}`);
  console.log(`minute rows count ${metrics} and AccessLog holds ${logs} rows for ${onTotal} requests sent (target: equal; flushed ${Math.round(flushMs)} ms after the load)`);
  console.log(`/metrics on the admin port: gatehouse_requests_total 2xx for 'on' = ${promCount} (warm-up included: ${onTotal + 500})`);
  if (ratio < 0.9 || metrics !== onTotal || logs !== onTotal) {
    failed = true;
    console.log("TARGET MISSED");
  }
} finally {
  for (const p of pools) await p.close();
  for (const g of gateways) await g.stop();
  await prisma.$disconnect();
  await db.drop();
}
if (failed) process.exitCode = 1;
