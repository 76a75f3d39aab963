/**
 * Measures the isolation candidates for functions on this Node version
 * (`node --import tsx bench/isolation.ts`): cold start, warm round trip and
 * throughput of a trivial handler in
 *  - node:vm in the gateway process (no isolation: the baseline),
 *  - a worker thread with resourceLimits (stops loops and caps the heap, but shares the process: fs, env, spawn stay reachable),
 *  - a child process under the permission model (what Gatehouse uses; gateway/functions/process-runtime.ts).
 * isolated-vm is not measured: it needs node-gyp and a compiler (stack-facts.md).
 * Not a test; each phase is bounded (~1.5 s).
 */
import vm from "node:vm";
import { Worker } from "node:worker_threads";
import { ProcessFunctionRuntime } from "../gateway/functions/process-runtime";
import type { FunctionRecord } from "../gateway/functions/types";

const PHASE_MS = 1500;
const CODE = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ n: event.n }) });`;

interface Candidate {
  name: string;
  start(): Promise<(n: number) => Promise<unknown>>;
  stop(): Promise<void>;
}

function vmCandidate(): Candidate {
  return {
    name: "node:vm (same process, no isolation)",
    async start() {
      const context = vm.createContext({});
      const fnModule = { exports: {} as Record<string, (e: unknown) => Promise<unknown>> };
      vm.runInContext(`(function (exports, module) {${CODE}\n})`, context)(fnModule.exports, fnModule);
      return (n) => fnModule.exports.handler(JSON.parse(JSON.stringify({ n }))).then((r) => JSON.stringify(r));
    },
    async stop() {},
  };
}

function workerCandidate(): Candidate {
  let worker: Worker | undefined;
  return {
    name: "worker thread + resourceLimits",
    async start() {
      worker = new Worker(
        `const { parentPort } = require("node:worker_threads"); const module = { exports: {} }; (function (exports, module) {${CODE}\n})(module.exports, module);
         parentPort.on("message", async (m) => parentPort.postMessage({ id: m.id, r: JSON.stringify(await module.exports.handler(JSON.parse(m.e))) }));`,
        { eval: true, resourceLimits: { maxOldGenerationSizeMb: 128 }, env: {} },
      );
      const pending = new Map<number, (v: unknown) => void>();
      worker.on("message", (m: { id: number; r: string }) => pending.get(m.id)?.(m.r));
      let id = 0;
      return (n) =>
        new Promise((resolve) => {
          const my = ++id;
          pending.set(my, (v) => {
            pending.delete(my);
            resolve(v);
          });
          worker!.postMessage({ id: my, e: JSON.stringify({ n }) });
        });
    },
    async stop() {
      await worker?.terminate();
    },
  };
}

function processCandidate(spares: boolean): Candidate {
  let runtime: ProcessFunctionRuntime | undefined;
  return {
    name: `child process + permission model${spares ? " (with a pre-started spare)" : ""}`,
    async start() {
      runtime = new ProcessFunctionRuntime({ spares, defaultConcurrency: 8 });
      if (spares) {
        // As the gateway does at start and after each reload: a started, not yet specialised process waits.
        runtime.prewarm(128);
        await new Promise((r) => setTimeout(r, 500));
      }
      const fn: FunctionRecord = {
        name: "bench",
        qualifier: "$LATEST",
        handler: "index.handler",
        code: CODE,
        timeoutSeconds: 3,
        memoryMb: 128,
        environment: {},
        reservedConcurrency: null,
        revision: "r1",
      };
      const rt = runtime;
      return (n) => rt.invoke(fn, { n }, { timeoutMs: 3000, functionArn: "arn" });
    },
    async stop() {
      await runtime?.close();
    },
  };
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];

async function measure(candidate: Candidate) {
  const call = await candidate.start();
  const t0 = performance.now();
  await call(0);
  const coldMs = performance.now() - t0;
  const latencies: number[] = [];
  const end = performance.now() + PHASE_MS;
  while (performance.now() < end) {
    const t = performance.now();
    await call(1);
    latencies.push(performance.now() - t);
  }
  // Throughput with 8 in flight (the vm and worker candidates have one instance; the process one scales to 8,
  // started before the phase so that it measures warm instances).
  await Promise.all(Array.from({ length: 8 }, () => call(2)));
  let done = 0;
  const tEnd = performance.now() + PHASE_MS;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (performance.now() < tEnd) {
        await call(2);
        done++;
      }
    }),
  );
  await candidate.stop();
  return { coldMs, p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: done / (PHASE_MS / 1000) };
}

console.log(`Node ${process.version}`);
for (const candidate of [vmCandidate(), workerCandidate(), processCandidate(false), processCandidate(true)]) {
  const r = await measure(candidate);
  console.log(
    `${candidate.name.padEnd(58)} cold ${r.coldMs.toFixed(1).padStart(6)} ms · warm p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms · ${Math.round(r.rps)} invocations/s`,
  );
}
