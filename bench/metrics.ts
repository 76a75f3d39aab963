/**
 * Detailed metrics and access logs on vs both off at sustained load, in the
 * same run (`node --import tsx bench/metrics.ts`). Not a test. Needs
 * PostgreSQL the way the tests do; 127.0.0.1 only; every phase is bounded
 * (BENCH_PHASE_MS, default 500; BENCH_ROUNDS, default 40).
 *
 * Gateway processes on one database serve the same MOCK route: "off" ones run
 * with GATEHOUSE_METRICS_ENABLED=false and are called on a stage without
 * access logs; "on" ones have detailed metrics (per-minute rows, histograms,
 * /metrics) and are called on a stage with a JSON access log. Short phases
 * alternate (order swapped each round) so drift on a shared machine hits both
 * alike, and there are two of each, started off, on, on, off, because on this
 * machine the order in which processes start was seen to favour one by a few
 * per cent; the idle gateways cost nothing meanwhile. Targets (issue 9,
 * requirement 8): throughput on ≥ 0.9× off; once flushed, the minute rows count
 * exactly the requests sent to "on", and the access log holds exactly as many
 * rows.
 */
import { Pool } from "undici";
import { createPrismaClient } from "../lib/db";
import { deployApi } from "../lib/services/deploy";
import { freshDatabase, query } from "../tests/helpers/database";
import { addMethod, createRestApi } from "../tests/helpers/fixtures";
import { startTestGateway, type TestGateway } from "../tests/helpers/gateway";

const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
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
  const startOff = () => startTestGateway(db.url, { ...env, GATEHOUSE_METRICS_ENABLED: "false" });
  // BENCH_ON_NODE_OPTIONS (e.g. "--import ./profiler-preload.mjs") for the "on" gateways.
  const startOn = () => startTestGateway(db.url, process.env.BENCH_ON_NODE_OPTIONS ? { ...env, NODE_OPTIONS: process.env.BENCH_ON_NODE_OPTIONS } : env);
  const offA = await startOff();
  gateways.push(offA);
  const onA = await startOn();
  gateways.push(onA);
  const onB = await startOn();
  gateways.push(onB);
  const offB = await startOff();
  gateways.push(offB);
  const host = `${apiId}.execute-api.localhost`;
  const poolOf = (g: TestGateway) => {
    const pool = new Pool(`http://127.0.0.1:${g.port}`, { connections: CONCURRENCY });
    pools.push(pool);
    return pool;
  };
  const pairs = [
    { off: poolOf(offA), on: poolOf(onA) },
    { off: poolOf(offB), on: poolOf(onB) },
  ];
  const runOff = (round: number) => phase(pairs[round % 2].off, "/off/mock", host);
  const runOn = (round: number) => phase(pairs[round % 2].on, "/on/mock", host);

  // Warm up all four under the same load (the JIT takes a few seconds to settle), let it flush, then take baselines.
  const WARM_UP_MS = Number(process.env.BENCH_WARM_UP_MS ?? 4000);
  let warmUpOn = 0;
  for (let i = 0; i < WARM_UP_MS / PHASE_MS; i++) {
    for (const pair of pairs) {
      await phase(pair.off, "/off/mock", host);
      warmUpOn += await phase(pair.on, "/on/mock", host);
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
    // Order swapped every other use of each pair.
    if (Math.floor(round / 2) % 2 === 0) {
      a = await runOff(round);
      b = await runOn(round);
    } else {
      b = await runOn(round);
      a = await runOff(round);
    }
    offTotal += a;
    onTotal += b;
    ratios.push(b / a);
    if (process.env.BENCH_VERBOSE === "1") console.log(`round ${round}: off ${a} on ${b}`);
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
  let promCount = 0;
  for (const g of [onA, onB]) {
    const scrape = await fetch(`http://127.0.0.1:${g.adminPort}/metrics`).then((r) => r.text());
    promCount += Number(/^gatehouse_requests_total\{api="[^"]+",stage="on",status_class="2xx"\} (\d+)$/m.exec(scrape)?.[1] ?? NaN);
  }
  const seconds = (ROUNDS * PHASE_MS) / 1000;
  const ratio = onTotal / offTotal;
  console.log(`Node ${process.version}; MOCK route; ${CONCURRENCY} connections; ${ROUNDS}×${PHASE_MS} ms per side, phases interleaved; two gateway processes per side`);
  console.log(`metrics + access logs off  ${Math.round(offTotal / seconds)} req/s (${offTotal} requests)`);
  console.log(`metrics + access logs on   ${Math.round(onTotal / seconds)} req/s (${onTotal} requests)`);
  const sorted = [...ratios].sort((x, y) => x - y);
  console.log(`throughput ratio on/off: ${ratio.toFixed(3)}× (target ≥ 0.9×); per round: median ${sorted[sorted.length >> 1].toFixed(2)}, range ${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)}`);
  console.log(`minute rows count ${metrics} and AccessLog holds ${logs} rows for ${onTotal} requests sent (target: equal; flushed ${Math.round(flushMs)} ms after the load)`);
  console.log(`/metrics on the admin ports: gatehouse_requests_total 2xx for 'on' = ${promCount} (warm-up included: ${onTotal + warmUpOn})`);
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
