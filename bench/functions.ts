/**
 * A trivial function behind the real gateway vs a MOCK route, in the same run
 * (`node --import tsx bench/functions.ts`). Not a test. Needs PostgreSQL the way
 * the tests do (DATABASE_URL's server, or an embedded one); 127.0.0.1 only;
 * each phase is bounded (PHASE_MS). Both routes are measured in the same phases,
 * alternating, so a shared machine's drift hits both alike. Targets (issue 5, requirement 8): warm
 * throughput ≥ 0.5× MOCK, warm p50 ≤ 1.5× MOCK, first invocation of a new
 * version < 50 ms.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import { createPrismaClient } from "../lib/db";
import { internalToken } from "../lib/internal-token";
import { deployApi } from "../lib/services/deploy";
import { freshDatabase } from "../tests/helpers/database";
import { addMethod, createRestApi, notifyFunction } from "../tests/helpers/fixtures";
import { startTestGateway } from "../tests/helpers/gateway";

const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 5000);
/** Load on both routes before anything is measured: the gateway's and each function instance's JIT settle only after many thousands of requests (measured: ~13 s at 8 connections before throughput stops rising). */
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 16_000);
const ROUNDS = 10;
const CONCURRENCY = 8;
const SECRET_KEY = "bench-secret-key-bench-secret-key-0123";
const MECHANISM = "child process + Node permission model + vm context (gateway/functions/process-runtime.ts)";

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });

function request(port: number, path: string, host: string, method = "GET", body?: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method, agent, headers: { Host: host, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * What this machine charges for the hop every function call adds: a bare Node
 * IPC round trip (the same JSON channel, an event of the bench's size) to a
 * process that was busy a moment ago, and to one idle for 500 µs (between two
 * sequential calls of the bench, an instance idles for one MOCK call and the
 * client's turnaround, a few hundred µs). On a VM a sleeping
 * process's CPU may have halted, and waking it costs far more than the message.
 */
async function ipcRoundTrips(event: unknown): Promise<{ busy: number; idle: number; idleSend: number }> {
  const child = spawn(process.execPath, ["-e", 'process.on("message", (m) => process.send(m)); process.on("disconnect", () => process.exit(0));'], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    serialization: "json",
  });
  const sends: number[] = [];
  const echo = () => new Promise((resolve) => {
    child.once("message", resolve);
    const t = performance.now();
    child.send({ type: "invoke", id: "1", event });
    sends.push(performance.now() - t);
  });
  const sample = async (idleMicros: number) => {
    const times: number[] = [];
    sends.length = 0;
    for (let i = 0; i < 2000; i++) {
      const idleUntil = performance.now() + idleMicros / 1000;
      while (performance.now() < idleUntil); // this process stays busy; only the peer idles
      const t = performance.now();
      await echo();
      times.push(performance.now() - t);
    }
    return percentile(times, 50);
  };
  await sample(0);
  const busy = await sample(0);
  const idle = await sample(500);
  const result = { busy, idle, idleSend: percentile(sends, 50) };
  child.disconnect();
  return result;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];

/**
 * Sequential calls, one route then the other, alternating: both see the same
 * moment of a shared machine (a phase per route lets drift pick a winner).
 */
async function latencies(a: () => Promise<{ status: number }>, b: () => Promise<{ status: number }>): Promise<Array<{ p50: number; p99: number }>> {
  const samples: number[][] = [[], []];
  const end = performance.now() + PHASE_MS;
  const timed = async (call: () => Promise<{ status: number }>, into: number[]) => {
    const t = performance.now();
    const res = await call();
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    into.push(performance.now() - t);
  };
  for (let i = 0; performance.now() < end; i++) {
    // Which goes first alternates too.
    if (i % 2 === 0) {
      await timed(a, samples[0]);
      await timed(b, samples[1]);
    } else {
      await timed(b, samples[1]);
      await timed(a, samples[0]);
    }
  }
  return samples.map((s) => ({ p50: percentile(s, 50), p99: percentile(s, 99) }));
}

/** Requests per second at CONCURRENCY over `ms`. */
async function throughputPhase(call: () => Promise<{ status: number }>, ms: number): Promise<number> {
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
  return done;
}

/** Throughput of both routes in alternating rounds (order swapped each round), PHASE_MS per route in all. */
async function throughputs(a: () => Promise<{ status: number }>, b: () => Promise<{ status: number }>): Promise<[number, number]> {
  const ms = PHASE_MS / ROUNDS;
  let doneA = 0;
  let doneB = 0;
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      doneA += await throughputPhase(a, ms);
      doneB += await throughputPhase(b, ms);
    } else {
      doneB += await throughputPhase(b, ms);
      doneA += await throughputPhase(a, ms);
    }
  }
  return [doneA / (PHASE_MS / 1000), doneB / (PHASE_MS / 1000)];
}

const db = await freshDatabase();
const prisma = createPrismaClient(db.url);
let gateway: Awaited<ReturnType<typeof startTestGateway>> | undefined;
try {
  const apiId = await createRestApi(prisma, "bench");
  await prisma.function.create({
    data: { name: "trivial", handler: "index.handler", code: `exports.handler = async () => ({ statusCode: 200, body: '{"ok":true}' });` },
  });
  await addMethod(prisma, apiId, "/mock", "GET", { type: "MOCK", requestTemplate: '{"statusCode": 200}', responses: [{ statusCode: "200", body: '{"ok":true}' }] });
  await addMethod(prisma, apiId, "/fn", "GET", { type: "AWS_PROXY", functionName: "trivial" });
  // Answers with the event it got: the IPC probe below sends that same event.
  await prisma.function.create({ data: { name: "echo", handler: "index.handler", code: `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });` } });
  await addMethod(prisma, apiId, "/echo", "GET", { type: "AWS_PROXY", functionName: "echo" });
  await deployApi(prisma, { restApiId: apiId, stageName: "bench" });
  gateway = await startTestGateway(db.url, {
    GATEHOUSE_SECRET_KEY: SECRET_KEY,
    GATEHOUSE_FUNCTION_CONCURRENCY: String(CONCURRENCY),
    // BENCH_NODE_OPTIONS (e.g. "--import ./profiler-preload.mjs") for the gateway process only.
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
  });
  const port = gateway.port;
  const host = `${apiId}.execute-api.localhost`;
  const mock = () => request(port, "/bench/mock", host);
  const fn = () => request(port, "/bench/fn", host);

  // Warm up both routes under load (and CONCURRENCY function instances), a second of each in turn.
  await Promise.all(Array.from({ length: CONCURRENCY }, () => fn()));
  for (let spent = 0; spent < WARMUP_MS; spent += 2000) {
    await throughputPhase(mock, 1000);
    await throughputPhase(fn, 1000);
  }

  const [mockLatency, fnLatency] = await latencies(mock, fn);
  const ipc = await ipcRoundTrips(JSON.parse((await request(port, "/bench/echo", host)).text));
  const [mockRps, fnRps] = await throughputs(mock, fn);

  // First invocation of a new version: publish, announce, then time the first call (internal endpoint, qualifier N)
  // and the first call of changed $LATEST code through the route.
  const firstVersion: number[] = [];
  const firstLatest: number[] = [];
  const trivial = await prisma.function.findUniqueOrThrow({ where: { name: "trivial" } });
  for (let n = 1; n <= 5; n++) {
    await prisma.functionVersion.create({
      data: { functionId: trivial.id, number: n, handler: "index.handler", code: `exports.handler = async () => ({ statusCode: 200, body: "v${n}" });`, timeoutSeconds: 3, memoryMb: 128 },
    });
    await prisma.function.update({ where: { name: "trivial" }, data: { code: `exports.handler = async () => ({ statusCode: 200, body: "latest ${n}" });`, version: { increment: 1 } } });
    await notifyFunction(prisma, "trivial");
    await new Promise((r) => setTimeout(r, 400)); // the reload and the spare process it starts
    let t = performance.now();
    const v = await request(port, "/_gatehouse/functions/trivial/invoke", "127.0.0.1", "POST", JSON.stringify({ event: {}, qualifier: String(n) }), {
      "x-gatehouse-internal-token": internalToken(SECRET_KEY),
      "Content-Type": "application/json",
    });
    firstVersion.push(performance.now() - t);
    if (v.status !== 200 || !v.text.includes(`v${n}`)) throw new Error(`version ${n}: ${v.status} ${v.text}`);
    await new Promise((r) => setTimeout(r, 400)); // let the next spare start
    t = performance.now();
    const l = await fn();
    firstLatest.push(performance.now() - t);
    if (l.text !== `latest ${n}`) throw new Error(`latest ${n}: ${l.text}`);
  }

  const f = (x: number) => x.toFixed(2);
  console.log(`Node ${process.version}; isolation: ${MECHANISM}; after ${WARMUP_MS} ms of load on both routes: sequential calls alternating between the routes for ${PHASE_MS} ms; throughput at ${CONCURRENCY} connections, ${PHASE_MS} ms per route in ${ROUNDS} alternating rounds`);
  console.log(`MOCK      warm p50 ${f(mockLatency.p50)} ms (p99 ${f(mockLatency.p99)})  throughput ${Math.round(mockRps)} req/s  [no function]`);
  console.log(`function  warm p50 ${f(fnLatency.p50)} ms (p99 ${f(fnLatency.p99)})  throughput ${Math.round(fnRps)} req/s  [${MECHANISM}]`);
  console.log(`this machine's floor for the hop a function call adds (bare Node IPC round trip, the same JSON channel and event): ${f(ipc.busy * 1000)} µs to a process busy a moment ago, ${f(ipc.idle * 1000)} µs to one idle for 500 µs (${f(ipc.idle / mockLatency.p50)}× the MOCK p50 on its own), of which the sender's own send() call takes ${f(ipc.idleSend * 1000)} µs`);
  console.log(`warm throughput ratio function/MOCK: ${f(fnRps / mockRps)}× (target ≥ 0.5×)`);
  console.log(`warm p50 latency ratio function/MOCK: ${f(fnLatency.p50 / mockLatency.p50)}× (target ≤ 1.5×)`);
  console.log(`first invocation of a new numbered version (internal endpoint): median ${f(percentile(firstVersion, 50))} ms, max ${f(Math.max(...firstVersion))} ms (target < 50 ms) [${MECHANISM}, from a pre-started spare]`);
  console.log(`first request after new $LATEST code (route): median ${f(percentile(firstLatest, 50))} ms, max ${f(Math.max(...firstLatest))} ms [${MECHANISM}, from a pre-started spare]`);
} finally {
  agent.destroy();
  await gateway?.stop();
  await prisma.$disconnect();
  await db.drop();
}
