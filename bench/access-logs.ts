/**
 * Access logs on vs off at sustained load through the real gateway, in the
 * same run (`node --import tsx bench/access-logs.ts`). Not a test. Needs
 * PostgreSQL the way the tests do (DATABASE_URL's server, or an embedded one);
 * 127.0.0.1 only; every phase is bounded (BENCH_PHASE_MS, default 500; BENCH_ROUNDS, default 40).
 *
 * Two stages serve the same deployment of a MOCK route: `off` (no access log)
 * and `on` (JSON access log). Short phases alternate off/on (the order
 * swapped every round) so drift on a shared machine hits both alike. Targets (issue 9, requirement 8): throughput with
 * access logs ≥ 0.9× without, and exactly one AccessLog row per request sent
 * to `on` once the writer has flushed. For information, a third stage with
 * execution logs at INFO and data tracing is measured the same way.
 */
import fs from "node:fs";
import { Pool } from "undici";
import { createPrismaClient } from "../lib/db";
import { deployApi } from "../lib/services/deploy";
import { DEPLOY_CHANNEL } from "../lib/snapshot";
import { freshDatabase, query } from "../tests/helpers/database";
import { addMethod, createRestApi } from "../tests/helpers/fixtures";
import { startTestGateway } from "../tests/helpers/gateway";

const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const CONCURRENCY = 16;
const FLUSH_WAIT_MS = 20_000;

let pool: Pool | undefined;

/** undici's pool: a load generator light enough that the gateway, not the client, is what is measured. */
async function request(path: string, host: string): Promise<number> {
  const res = await pool!.request({ path, method: "GET", headers: { host } });
  await res.body.dump();
  return res.statusCode;
}

/** CPU seconds used so far by processes whose command line matches (Linux /proc; 0 elsewhere). */
function cpuSeconds(match: RegExp): number {
  let ticks = 0;
  try {
    for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      try {
        if (!match.test(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8"))) continue;
        const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // gone
      }
    }
  } catch {
    return 0;
  }
  return ticks / 100;
}
const cpu = { off: { gateway: 0, postgres: 0 }, on: { gateway: 0, postgres: 0 } };
async function measured(which: "off" | "on", run: () => Promise<number>): Promise<number> {
  const g = cpuSeconds(/gateway\/main\.ts/);
  const p = cpuSeconds(/^postgres/);
  const n = await run();
  cpu[which].gateway += cpuSeconds(/gateway\/main\.ts/) - g;
  cpu[which].postgres += cpuSeconds(/^postgres/) - p;
  return n;
}

/** Answers that were not 200, by status (each is still a request, with its access log entry). */
const others = new Map<number, number>();

/** Requests completed in one phase at CONCURRENCY in flight. */
async function phase(call: () => Promise<number>): Promise<number> {
  let done = 0;
  const end = performance.now() + PHASE_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const status = await call();
        if (status !== 200) others.set(status, (others.get(status) ?? 0) + 1);
        done++;
      }
    }),
  );
  return done;
}

const db = await freshDatabase();
const prisma = createPrismaClient(db.url);
let gateway: Awaited<ReturnType<typeof startTestGateway>> | undefined;
let failed = false;
try {
  const apiId = await createRestApi(prisma, "bench-logs");
  await addMethod(prisma, apiId, "/mock", "GET", { type: "MOCK", requestTemplate: '{"statusCode": 200}', responses: [{ statusCode: "200", body: '{"ok":true}' }] });
  for (const stageName of ["off", "on", "traced"]) await deployApi(prisma, { restApiId: apiId, stageName });
  await prisma.stage.update({ where: { restApiId_name: { restApiId: apiId, name: "on" } }, data: { accessLogFormat: "JSON" } });
  await prisma.stage.update({
    where: { restApiId_name: { restApiId: apiId, name: "traced" } },
    data: { accessLogFormat: "JSON", methodSettings: { "*/*": { loggingLevel: "INFO", dataTraceEnabled: true } } },
  });
  // The account throttle (default 10 000 req/s) would answer part of one phase with fast 429s: lift it.
  gateway = await startTestGateway(db.url, { GATEHOUSE_METRICS_FLUSH_MS: "1000", GATEHOUSE_ACCOUNT_RATE_LIMIT: "1000000", GATEHOUSE_ACCOUNT_BURST_LIMIT: "1000000" });
  for (const stageName of ["on", "traced"]) {
    await prisma.$executeRaw`SELECT pg_notify(${DEPLOY_CHANNEL}, ${JSON.stringify({ kind: "stage", restApiId: apiId, stageName })})`;
  }
  const port = gateway.port;
  const host = `${apiId}.execute-api.localhost`;
  pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY });
  const call = (stage: string) => () => request(`/${stage}/mock`, host);

  // Warm up every stage, then let the warm-up's entries flush and forget them.
  for (let i = 0; i < 500; i++) await Promise.all([call("off")(), call("on")(), call("traced")()]);
  await new Promise((r) => setTimeout(r, 2500));
  const count = async (stage: string) =>
    Number((await query<{ n: string }>(db.url, `SELECT count(*) AS n FROM "AccessLog" WHERE "stage" = $1`, [stage]))[0].n);
  const baseline = await count("on");

  let off = 0;
  let on = 0;
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let a: number;
    let b: number;
    if (round % 2 === 0) {
      a = await measured("off", () => phase(call("off")));
      b = await measured("on", () => phase(call("on")));
    } else {
      b = await measured("on", () => phase(call("on")));
      a = await measured("off", () => phase(call("off")));
    }
    off += a;
    on += b;
    ratios.push(b / a);
  }
  const traced = (await phase(call("traced"))) + (await phase(call("traced")));

  // Wait for the writer's flushes, then count.
  const started = performance.now();
  let rows = await count("on");
  while (rows < baseline + on && performance.now() - started < FLUSH_WAIT_MS) {
    await new Promise((r) => setTimeout(r, 250));
    rows = await count("on");
  }
  const flushMs = performance.now() - started;
  await new Promise((r) => setTimeout(r, 1500));
  rows = (await count("on")) - baseline;
  const offRows = await count("off");

  const seconds = (ROUNDS * PHASE_MS) / 1000;
  const rps = (n: number) => Math.round(n / seconds);
  const ratio = on / off;
  console.log(`Node ${process.version}; MOCK route; ${CONCURRENCY} connections; ${ROUNDS}×${PHASE_MS} ms per stage, phases interleaved`);
  console.log(`access logs off         ${rps(off)} req/s (${off} requests)`);
  console.log(`access logs on (JSON)   ${rps(on)} req/s (${on} requests)`);
  console.log(`+ execution INFO+trace  ${Math.round(traced / ((2 * PHASE_MS) / 1000))} req/s (${traced} requests, 2 phases)  [information]`);
  console.log(`throughput ratio on/off: ${ratio.toFixed(3)}× (target ≥ 0.9×); per round ${ratios.map((r) => r.toFixed(2)).join(" ")}`);
  console.log(`AccessLog rows for 'on': ${rows} for ${on} requests sent (target: equal; flushed ${Math.round(flushMs)} ms after the load); rows for 'off': ${offRows}`);
  const perK = (sec: number, n: number) => ((sec * 1e6) / n).toFixed(1);
  console.log(
    `CPU per request (µs): gateway off ${perK(cpu.off.gateway, off)} / on ${perK(cpu.on.gateway, on)}; PostgreSQL off ${perK(cpu.off.postgres, off)} / on ${perK(cpu.on.postgres, on)}  [information, /proc]`,
  );
  if (others.size > 0) console.log(`answers other than 200: ${JSON.stringify(Object.fromEntries(others))}`);
  if (ratio < 0.9 || rows !== on || offRows !== 0) {
    failed = true;
    console.log("TARGET MISSED");
  }
} finally {
  await pool?.close();
  await gateway?.stop();
  await prisma.$disconnect();
  await db.drop();
}
if (failed) process.exitCode = 1;
