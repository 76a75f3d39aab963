import { Worker } from "node:worker_threads";
import type { AccessLogSink, AccessRecord } from "./access-rows";

type Log = (level: "info" | "warn" | "error", message: string) => void;

export interface AccessThreadData {
  databaseUrl: string;
  intervalMs: number;
  stdout: boolean;
  maxRows?: number;
}

export type ToAccessThread = { type: "records"; records: AccessRecord[] } | { type: "flush"; seq: number } | { type: "stop"; seq: number };
export type FromAccessThread =
  | { type: "log"; level: "info" | "warn" | "error"; message: string }
  | { type: "taken"; count: number }
  | { type: "flushed"; seq: number };

/** Records handed over per message (and at the latest every HANDOVER_MS). */
const BATCH = 256;
const HANDOVER_MS = 50;
/** Records posted but not yet taken by the worker, at most; beyond, new ones are dropped and counted. */
export const MAX_QUEUED_RECORDS = 100_000;
/** After a worker died, how long before another is started (records meanwhile are dropped and counted). */
const RESTART_MS = 1000;
/** How long stop waits for the worker's last write. */
const STOP_TIMEOUT_MS = 15_000;

/**
 * The request thread's side of the access-log worker
 * (access-log-worker-main.ts): records are batched and posted, so the request
 * path only collects values; formatting, buffering and COPY happen there.
 * Memory stays bounded even if the worker falls behind (records it has not
 * taken count against MAX_QUEUED_RECORDS), and a worker that dies is replaced
 * after RESTART_MS; what it held or missed is counted as dropped and logged.
 */
export class AccessLogThread implements AccessLogSink {
  private worker: Worker | null = null;
  private batch: AccessRecord[] = [];
  private queued = 0;
  private dropped = 0;
  private restartAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, () => void>();
  private intervalMs = 1000;
  private stopped = false;

  constructor(
    private readonly options: { databaseUrl: string; stdout?: boolean; maxRows?: number },
    private readonly log: Log,
  ) {}

  start(intervalMs: number): void {
    this.intervalMs = intervalMs;
    this.ensureWorker();
    this.timer = setInterval(() => this.handOver(), HANDOVER_MS);
    this.timer.unref();
  }

  record(record: AccessRecord): void {
    if (this.stopped) return;
    if (this.queued + this.batch.length >= MAX_QUEUED_RECORDS) {
      this.dropped++;
      return;
    }
    this.batch.push(record);
    if (this.batch.length >= BATCH) this.handOver();
  }

  flush(): Promise<void> {
    return this.request("flush");
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.restartAt = 0; // the last records deserve a worker even right after a crash
    await Promise.race([this.request("stop"), new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS).unref())]);
    this.stopped = true;
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private request(type: "flush" | "stop"): Promise<void> {
    this.handOver();
    const worker = this.ensureWorker();
    if (!worker) return Promise.resolve();
    const seq = ++this.seq;
    return new Promise<void>((resolve) => {
      this.waiting.set(seq, resolve);
      worker.postMessage({ type, seq } satisfies ToAccessThread);
    });
  }

  private handOver(): void {
    if (this.dropped > 0) {
      this.log("warn", `dropped ${this.dropped} access log entries: the access log worker did not keep up or was restarting`);
      this.dropped = 0;
    }
    if (this.batch.length === 0) return;
    const records = this.batch;
    this.batch = [];
    const worker = this.ensureWorker();
    if (!worker) {
      this.dropped += records.length;
      return;
    }
    this.queued += records.length;
    worker.postMessage({ type: "records", records } satisfies ToAccessThread);
  }

  private ensureWorker(): Worker | null {
    if (this.worker) return this.worker;
    if (Date.now() < this.restartAt) return null;
    const data: AccessThreadData = { databaseUrl: this.options.databaseUrl, intervalMs: this.intervalMs, stdout: this.options.stdout ?? false, maxRows: this.options.maxRows };
    const worker = new Worker(new URL("./access-log-worker.mjs", import.meta.url), { workerData: data });
    worker.on("message", (msg: FromAccessThread) => {
      if (msg.type === "log") this.log(msg.level, msg.message);
      else if (msg.type === "taken") this.queued -= msg.count;
      else this.settle(msg.seq);
    });
    worker.on("error", (err) => this.log("error", `access log worker failed: ${err.stack ?? err.message}`));
    worker.on("exit", (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      // Whoever waits for this worker's flush would wait forever; what it had not written is gone.
      for (const seq of [...this.waiting.keys()]) this.settle(seq);
      if (this.stopped) return;
      this.log("warn", `access log worker exited (code ${code}) with ${this.queued} entries not yet taken, and what it buffered; another starts in ${RESTART_MS} ms`);
      this.queued = 0;
      this.restartAt = Date.now() + RESTART_MS;
    });
    this.worker = worker;
    return worker;
  }

  private settle(seq: number): void {
    const resolve = this.waiting.get(seq);
    this.waiting.delete(seq);
    resolve?.();
  }
}
