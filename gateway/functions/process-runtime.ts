import { fork, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { FunctionThrottled, type FunctionLogLine, type FunctionRecord, type InvokeResult } from "./types";

/**
 * Runs functions in child processes under Node's permission model (see
 * docs/ARCHITECTURE.md, "Functions"): each instance is one process that may
 * read only its bootstrap file, may not spawn processes, start workers or load
 * addons, has a V8 heap capped at the function's memory, an environment holding
 * only the function's variables, and runs the code in a vm context without
 * `require` (but for a few pure modules) and with a fetch that refuses loopback
 * and private addresses. An instance runs one invocation at a time, is reused
 * while warm, and is killed at its timeout, when its code changes, or when idle.
 */

export const BOOTSTRAP_FILE = fileURLToPath(new URL("./sandbox-child.mjs", import.meta.url));

export interface ProcessRuntimeOptions {
  /** Hosts a function's fetch may reach even on loopback or private addresses. */
  allowedHosts?: string[];
  /** Concurrency per function when its reservedConcurrency is not set. */
  defaultConcurrency?: number;
  /** An instance idle this long is stopped. */
  idleMs?: number;
  /** Log bytes kept per invocation. */
  logCapBytes?: number;
  /** Keep one started, not yet specialised process per memory size, so a new version starts warm. */
  spares?: boolean;
  log?: (level: "info" | "warn" | "error", message: string) => void;
}

interface Pending {
  id: string;
  resolve: (msg: ResultMessage) => void;
  reject: (err: Error) => void;
}

interface ResultMessage {
  type: "result";
  id: string;
  ok: boolean;
  payload: string;
  errorMessage?: string;
  logs: FunctionLogLine[];
  durationMs: number;
  peakMemoryMb: number;
}

/** A console line of the running invocation, sent by the child as it is written (kept even if the child is killed). */
interface LogMessage {
  type: "log";
  id: string;
  line: FunctionLogLine;
}

class Instance {
  readonly child: ChildProcess;
  busy = false;
  retired = false;
  /** Killed by the memory watchdog (resident memory over the function's limit). */
  memoryKilled = false;
  alive = true;
  lastUsed = Date.now();
  revision = "";
  pending: Pending | null = null;
  stderrTail = "";
  /** Lines the running invocation wrote so far. */
  lines: FunctionLogLine[] = [];
  private linesOf = "";
  /** Resolves once the IPC channel is closed, i.e. every message the child sent has been read. */
  readonly drained: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly memoryMb: number) {
    this.child = fork(BOOTSTRAP_FILE, [], {
      env: {} as NodeJS.ProcessEnv,
      execArgv: [
        "--experimental-permission",
        `--allow-fs-read=${BOOTSTRAP_FILE}`,
        `--max-old-space-size=${memoryMb}`,
        "--no-warnings", // the permission model's ExperimentalWarning; --disable-warning needs Node 20.11
      ],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });
    this.child.stderr!.setEncoding("utf8");
    this.child.stderr!.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4096);
    });
    this.child.on("message", (msg: { type: string; id?: string }) => {
      // Lines may still arrive after a killed child's exit event: they are matched by id, not by `pending`.
      if (msg.type === "log" && msg.id === this.linesOf) this.lines.push((msg as LogMessage).line);
      else if (msg.type === "result" && this.pending && this.pending.id === msg.id) {
        const pending = this.pending;
        this.pending = null;
        (msg as ResultMessage).logs = this.lines;
        pending.resolve(msg as ResultMessage);
      }
    });
    this.drained = new Promise((resolve) => this.child.once("disconnect", () => resolve()));
    this.child.on("error", () => {});
    this.exited = new Promise((resolve) => {
      this.child.on("exit", (code, signal) => {
        this.alive = false;
        this.resident?.close();
        if (this.pending) {
          const pending = this.pending;
          this.pending = null;
          pending.reject(new InstanceExited(code, signal, this.stderrTail));
        }
        resolve({ code, signal });
      });
    });
  }

  private resident: ResidentSetReader | null = null;

  /** Resident memory in MB (Linux), or null. */
  residentMb(): number | null {
    if (!this.alive || this.child.pid === undefined) return null;
    this.resident ??= new ResidentSetReader(this.child.pid);
    const pages = this.resident.pages();
    return pages === null ? null : (pages * (pageSize ??= pageBytes())) / (1024 * 1024);
  }

  send(msg: unknown): void {
    this.child.send(msg as object);
  }

  /** Stops the process; it is never handed out again, even before its exit event arrives. */
  kill(): void {
    if (!this.alive) return;
    this.alive = false;
    this.child.kill("SIGKILL");
  }

  /** Sends one invocation; settles with its result, or rejects when the instance exits or `timeoutMs` passes (`onTimeout` runs first). */
  run(id: string, message: object, timeoutMs: number, onTimeout: () => void): Promise<ResultMessage> {
    return new Promise((resolve, reject) => {
      if (!this.alive) return reject(new InstanceExited(null, null, this.stderrTail));
      const timer = setTimeout(() => {
        onTimeout();
        reject(new Error("timeout"));
      }, timeoutMs);
      this.pending = {
        id,
        resolve: (msg) => {
          clearTimeout(timer);
          resolve(msg);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.lines = [];
      this.linesOf = id;
      this.send(message);
    });
  }
}

class InstanceExited extends Error {
  constructor(
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
  ) {
    super(`Runtime exited with error: ${signal ? `signal: ${signal}` : `exit status ${code}`}`);
  }
  get outOfMemory(): boolean {
    return /heap limit|out of memory|Allocation failed/i.test(this.stderr);
  }
}

/**
 * The V8 heap is capped with --max-old-space-size, but memory outside it
 * (Buffers, ArrayBuffers) is not: a watchdog reads each busy instance's
 * resident set (Linux /proc) every RSS_CHECK_MS and kills the instance once
 * it exceeds the function's memory plus the Node runtime's own footprint
 * (RSS_HEADROOM_MB), as an out-of-memory error. Elsewhere (no /proc) only the
 * heap cap applies.
 */
export const RSS_CHECK_MS = 25;
export const RSS_HEADROOM_MB = 64;

/**
 * A process's resident set from /proc/<pid>/statm, read through a descriptor
 * kept open while the instance lives: one pread per check instead of open,
 * read and close.
 */
class ResidentSetReader {
  private fd: number | null;
  private readonly buffer = Buffer.alloc(128);

  constructor(pid: number) {
    try {
      this.fd = openSync(`/proc/${pid}/statm`, "r");
    } catch {
      this.fd = null;
    }
  }

  /** Resident pages (statm's second field), or null once the process is gone. */
  pages(): number | null {
    if (this.fd === null) return null;
    try {
      const length = readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
      const pages = Number(this.buffer.toString("latin1", 0, length).split(" ")[1]);
      return Number.isFinite(pages) ? pages : null;
    } catch {
      return null;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** Found on the first check (see pageBytes). */
let pageSize: number | undefined;

/** The kernel's page size (4, 16 or 64 KiB), from this process's resident set counted both ways. */
function pageBytes(): number {
  const reader = new ResidentSetReader(process.pid);
  const pages = reader.pages();
  reader.close();
  if (!pages) return 4096;
  const ratio = process.memoryUsage.rss() / pages;
  return [4096, 16384, 65536].reduce((best, size) => (Math.abs(size - ratio) < Math.abs(best - ratio) ? size : best));
}

interface VersionPool {
  revision: string;
  instances: Instance[];
}

export class ProcessFunctionRuntime {
  readonly mechanism = "child process + Node permission model + vm context";
  private readonly pools = new Map<string, VersionPool>();
  private readonly running = new Map<string, number>();
  private readonly spares = new Map<number, Instance>();
  private readonly reaper: NodeJS.Timeout;
  private readonly busy = new Map<Instance, number>();
  private memoryWatch: NodeJS.Timeout | null = null;
  private readonly allowedHosts: string[];
  private readonly defaultConcurrency: number;
  private readonly idleMs: number;
  private readonly logCapBytes: number;
  private readonly useSpares: boolean;
  private readonly log: NonNullable<ProcessRuntimeOptions["log"]>;
  private closed = false;
  private invocations = 0;

  constructor(options: ProcessRuntimeOptions = {}) {
    this.allowedHosts = options.allowedHosts ?? [];
    this.defaultConcurrency = options.defaultConcurrency ?? 10;
    this.idleMs = options.idleMs ?? 300_000;
    this.logCapBytes = options.logCapBytes ?? 256 * 1024;
    this.useSpares = options.spares ?? true;
    this.log = options.log ?? (() => {});
    this.reaper = setInterval(() => this.reap(), Math.max(50, Math.min(this.idleMs / 2, 30_000)));
    this.reaper.unref();
  }

  /** Instances alive per function version, for tests and the bench. */
  instanceCount(name?: string): number {
    let n = 0;
    for (const [key, pool] of this.pools) if (!name || key.startsWith(`${name}\u0000`)) n += pool.instances.length;
    return n;
  }

  /** Starts a spare process for this memory size, so the next new version of a function starts fast. */
  prewarm(memoryMb: number): void {
    if (!this.useSpares || this.closed || this.spares.has(memoryMb)) return;
    if (this.spares.size >= 4) return; // a few sizes only
    const spare = new Instance(memoryMb);
    this.spares.set(memoryMb, spare);
    spare.exited.then(() => {
      if (this.spares.get(memoryMb) === spare) this.spares.delete(memoryMb);
    });
  }

  /** Stops idle instances of versions of `name` whose revision is not in `current` (after a reload). */
  retireStale(name: string, currentRevisions: Set<string>): void {
    for (const [key, pool] of this.pools) {
      if (!key.startsWith(`${name}\u0000`) || currentRevisions.has(pool.revision)) continue;
      this.pools.delete(key);
      for (const instance of pool.instances) this.retire(instance);
    }
  }

  private retire(instance: Instance): void {
    instance.retired = true;
    if (!instance.busy) instance.kill();
  }

  private reap(): void {
    const now = Date.now();
    for (const pool of this.pools.values()) {
      for (const instance of [...pool.instances]) {
        if (!instance.busy && now - instance.lastUsed > this.idleMs) {
          instance.kill();
          pool.instances.splice(pool.instances.indexOf(instance), 1);
        }
      }
    }
  }

  private newInstance(fn: FunctionRecord): Instance {
    let instance = this.spares.get(fn.memoryMb);
    if (instance && instance.alive) this.spares.delete(fn.memoryMb);
    else instance = new Instance(fn.memoryMb);
    this.prewarm(fn.memoryMb);
    instance.revision = fn.revision;
    instance.send({
      type: "init",
      code: fn.code,
      handler: fn.handler,
      env: fn.environment,
      functionName: fn.name,
      functionVersion: fn.qualifier,
      memoryMb: fn.memoryMb,
      logStreamName: `${new Date().toISOString().slice(0, 10).replace(/-/g, "/")}/[${fn.qualifier}]${randomUUID().replace(/-/g, "")}`,
      allowedHosts: this.allowedHosts,
      logCapBytes: this.logCapBytes,
    });
    return instance;
  }

  private acquire(fn: FunctionRecord): Instance {
    const key = `${fn.name}\u0000${fn.qualifier}`;
    let pool = this.pools.get(key);
    if (pool && pool.revision !== fn.revision) {
      // New code: new instances; the old ones finish what they run and stop.
      for (const instance of pool.instances) this.retire(instance);
      pool = undefined;
    }
    if (!pool) {
      pool = { revision: fn.revision, instances: [] };
      this.pools.set(key, pool);
    }
    pool.instances = pool.instances.filter((i) => i.alive);
    const limit = fn.reservedConcurrency ?? this.defaultConcurrency;
    const running = this.running.get(fn.name) ?? 0;
    if (running >= limit) throw new FunctionThrottled(fn.name, limit);
    let instance = pool.instances.find((i) => !i.busy);
    if (!instance) {
      instance = this.newInstance(fn);
      pool.instances.push(instance);
      const created = instance;
      const owner = pool;
      created.exited.then(() => {
        const at = owner.instances.indexOf(created);
        if (at >= 0) owner.instances.splice(at, 1);
      });
    }
    instance.busy = true;
    this.running.set(fn.name, running + 1);
    this.watchMemory(instance, fn.memoryMb);
    return instance;
  }

  private watchMemory(instance: Instance, memoryMb: number): void {
    this.busy.set(instance, memoryMb + RSS_HEADROOM_MB);
    if (this.memoryWatch || process.platform !== "linux") return;
    this.memoryWatch = setInterval(() => {
      for (const [watched, limitMb] of this.busy) {
        const rss = watched.residentMb();
        if (rss !== null && rss > limitMb && watched.alive) {
          watched.memoryKilled = true;
          watched.kill();
        }
      }
      if (this.busy.size === 0 && this.memoryWatch) {
        clearInterval(this.memoryWatch);
        this.memoryWatch = null;
      }
    }, RSS_CHECK_MS);
    this.memoryWatch.unref();
  }

  private release(fn: FunctionRecord, instance: Instance): void {
    this.busy.delete(instance);
    instance.busy = false;
    instance.lastUsed = Date.now();
    this.running.set(fn.name, (this.running.get(fn.name) ?? 1) - 1);
    if (instance.retired) instance.kill();
  }

  /** Runs one invocation; throws FunctionThrottled over the concurrency limit. */
  async invoke(
    fn: FunctionRecord,
    event: unknown,
    options: { timeoutMs: number; functionArn: string; requestId?: string },
  ): Promise<InvokeResult> {
    if (this.closed) throw new Error("the function runtime is stopped");
    const requestId = options.requestId ?? randomUUID();
    const timeoutMs = Math.min(options.timeoutMs, fn.timeoutSeconds * 1000);
    const instance = this.acquire(fn);
    const started = performance.now();
    let timedOut = false;
    try {
      const id = String(++this.invocations);
      // The event goes as a value: the IPC channel serializes it once (a JSON string inside the JSON message would be encoded twice).
      const message = { type: "invoke", id, event: event ?? null, requestId, remainingMs: timeoutMs, functionArn: options.functionArn };
      const result = await instance.run(id, message, timeoutMs, () => {
        timedOut = true;
        instance.kill();
      });
      const durationMs = round(result.durationMs);
      return {
        ok: result.ok,
        payload: result.payload,
        errorMessage: result.errorMessage,
        logs: result.logs,
        durationMs,
        billedDurationMs: Math.max(1, Math.ceil(result.durationMs)),
        peakMemoryMb: result.peakMemoryMb,
        requestId,
        timedOut: false,
        outOfMemory: false,
      };
    } catch (err) {
      instance.kill(); // an instance that timed out or crashed is never reused
      const durationMs = round(performance.now() - started);
      const outOfMemory = !timedOut && (instance.memoryKilled || (err instanceof InstanceExited && err.outOfMemory));
      const errorType = timedOut ? "Sandbox.Timedout" : outOfMemory ? "Runtime.OutOfMemory" : "Runtime.ExitError";
      const errorMessage = timedOut
        ? `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`
        : outOfMemory
          ? `Runtime exited: the function ran out of memory (limit ${fn.memoryMb} MB)`
          : (err as Error).message;
      this.log("warn", `function ${fn.name}:${fn.qualifier} request ${requestId}: ${errorMessage}`);
      // What the function logged before it was killed (e.g. its last line before an endless loop) is kept:
      // wait until the killed child's channel has been read to its end (bounded), then take its lines.
      await Promise.race([instance.drained, new Promise((r) => setTimeout(r, 1000))]);
      return {
        ok: false,
        payload: JSON.stringify({ errorType, errorMessage }),
        errorMessage,
        logs: [...instance.lines, { time: Date.now(), level: "error", message: `${requestId} ${errorMessage}` }],
        durationMs,
        billedDurationMs: Math.max(1, Math.ceil(durationMs)),
        peakMemoryMb: outOfMemory ? fn.memoryMb : 0,
        requestId,
        timedOut,
        outOfMemory,
      };
    } finally {
      this.release(fn, instance);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.reaper);
    if (this.memoryWatch) clearInterval(this.memoryWatch);
    const all = [...this.spares.values(), ...[...this.pools.values()].flatMap((p) => p.instances)];
    this.spares.clear();
    this.pools.clear();
    for (const instance of all) instance.kill();
    await Promise.all(all.map((i) => i.exited));
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
