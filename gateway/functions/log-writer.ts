import type pg from "pg";
import { PeriodicFlush } from "../periodic-flush";
import { clean, copyRows, copyTimestamp, copyValue, isDataError } from "../logging/copy";
import type { FunctionLogLine } from "./types";

type Log = (level: "info" | "warn" | "error", message: string) => void;

interface Row {
  functionName: string;
  qualifier: string;
  requestId: string;
  level: string;
  message: string;
  time: number;
}

/** Rows kept in memory at most; beyond that the oldest are dropped (and counted in a warning). */
const MAX_BUFFERED = 50_000;

/**
 * Writes function log lines to FunctionLog with one COPY per flush (every
 * invocation has at least its REPORT line, so this runs at request rate): no
 * database write per invocation. A failed flush keeps its rows for the next
 * one, unless PostgreSQL refused their data.
 */
export class FunctionLogWriter {
  private rows: Row[] = [];
  private dropped = 0;
  private readonly periodic = new PeriodicFlush(() => this.writeBatch());

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Log,
  ) {}

  add(functionName: string, qualifier: string, requestId: string, lines: FunctionLogLine[]): void {
    for (const line of lines) this.rows.push({ functionName, qualifier, requestId, level: line.level, message: line.message, time: line.time });
    if (this.rows.length > MAX_BUFFERED) {
      const excess = this.rows.length - MAX_BUFFERED;
      this.rows.splice(0, excess);
      this.dropped += excess;
    }
  }

  start(intervalMs: number): void {
    this.periodic.start(intervalMs);
  }

  flush(): Promise<void> {
    return this.periodic.flush();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  private async writeBatch(): Promise<void> {
    if (this.dropped > 0) {
      this.log("warn", `dropped ${this.dropped} function log lines: the database did not keep up`);
      this.dropped = 0;
    }
    if (this.rows.length === 0) return;
    const batch = this.rows;
    this.rows = [];
    let text = "";
    for (const r of batch) {
      text += `${copyValue(r.functionName)}\t${copyValue(r.qualifier)}\t${copyValue(r.requestId)}\t${copyValue(r.level)}\t${copyValue(clean(r.message))}\t${copyTimestamp(r.time)}\n`;
    }
    try {
      await copyRows(this.pool, "FunctionLog", ["functionName", "qualifier", "requestId", "level", "message", "time"], text);
    } catch (err) {
      if (isDataError(err)) {
        this.log("warn", `dropped ${batch.length} function log lines PostgreSQL refused: ${(err as Error).message}`);
        return;
      }
      this.rows = [...batch, ...this.rows].slice(-MAX_BUFFERED);
      this.log("warn", `could not write function logs, will retry: ${(err as Error).message}`);
    }
  }
}
