import type pg from "pg";
import { PeriodicFlush } from "../periodic-flush";
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
 * Writes function log lines to FunctionLog in one INSERT per flush, like
 * gateway/metrics.ts: no database write per invocation. A failed flush keeps
 * its rows for the next one.
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
    // PostgreSQL text cannot hold NUL characters.
    const clean = (s: string) => s.replace(/\u0000/g, "");
    await this.pool
      .query(
        `INSERT INTO "FunctionLog" ("functionName", "qualifier", "requestId", "level", "message", "time")
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamp[])`,
        [
          batch.map((r) => r.functionName),
          batch.map((r) => r.qualifier),
          batch.map((r) => r.requestId),
          batch.map((r) => r.level),
          batch.map((r) => clean(r.message)),
          batch.map((r) => new Date(r.time).toISOString().replace("Z", "")),
        ],
      )
      .catch((err: Error) => {
        this.rows = [...batch, ...this.rows].slice(-MAX_BUFFERED);
        this.log("warn", `could not write function logs, will retry: ${err.message}`);
      });
  }
}
