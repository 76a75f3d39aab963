import type pg from "pg";
import { renderAccessEntry } from "./access-log";
import { clean, copyRows, copyTimestamp, copyValue, isDataError } from "./copy";
import { PeriodicFlush } from "../periodic-flush";
import { RowBuffer } from "./row-buffer";

type Log = (level: "info" | "warn" | "error", message: string) => void;

/**
 * One request's access entry as the request path leaves it: the AccessLog
 * columns and the values of its stage format's variables, not yet formatted.
 * A flat array of primitives, so a batch crosses to the log worker cheaply.
 */
export type AccessRecord = [
  format: string,
  receivedAt: number,
  requestId: string,
  restApiId: string,
  stage: string,
  httpMethod: string,
  resourcePath: string,
  path: string,
  status: number,
  latencyMs: number,
  integrationLatencyMs: number | null,
  responseLength: number,
  sourceIp: string,
  userAgent: string | null,
  apiKeyId: string | null,
  errorMessage: string | null,
  /** The format's variables, in template order (accessEntryValues). */
  ...values: Array<string | null>,
];
export const FIRST_VALUE = 16;

/** Where access records go: formatted and written in this thread (AccessRowWriter) or in the log worker. */
export interface AccessLogSink {
  record(record: AccessRecord): void;
  flush(): Promise<void>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

export interface AccessRowOptions {
  /** GATEHOUSE_ACCESS_LOG_STDOUT: also print each access entry as a JSON line (log shippers). */
  stdout?: boolean;
  /** Where stdout lines go. */
  write?: (line: string) => void;
  /** Rows kept in memory at most while the database is slow or down (default MAX_ACCESS_ROWS). */
  maxRows?: number;
}

/** Rows kept in memory at most while the database is slow or down; beyond that the oldest are dropped and counted. */
export const MAX_ACCESS_ROWS = 100_000;
export const ACCESS_COLUMNS = ["time", "requestId", "restApiId", "stage", "httpMethod", "resourcePath", "path", "status", "latencyMs", "integrationLatencyMs", "responseLength", "sourceIp", "userAgent", "apiKeyId", "errorMessage", "line"];

/**
 * Formats access records into their stage's line and COPY rows (off-heap
 * buffers, bounded), and loads them into AccessLog with one COPY per flush;
 * a failed batch is kept for the next one unless PostgreSQL refused its data.
 */
export class AccessRowWriter implements AccessLogSink {
  private readonly rows: RowBuffer;
  private readonly periodic = new PeriodicFlush(() => this.writeBatch());
  private readonly write: (line: string) => void;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Log,
    private readonly options: AccessRowOptions = {},
  ) {
    this.rows = new RowBuffer(options.maxRows ?? MAX_ACCESS_ROWS);
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
  }

  record(r: AccessRecord): void {
    const line = renderAccessEntry(r[0], r, FIRST_VALUE);
    this.rows.append(
      `${copyTimestamp(r[1])}\t${copyValue(r[2])}\t${copyValue(r[3])}\t${copyValue(r[4])}\t${copyValue(r[5])}\t${copyValue(clean(r[6]))}\t${copyValue(clean(r[7]))}` +
        `\t${r[8]}\t${r[9]}\t${copyValue(r[10])}\t${r[11]}\t${copyValue(r[12])}\t${copyValue(r[13] === null ? null : clean(r[13]))}\t${copyValue(r[14])}` +
        `\t${copyValue(r[15])}\t${copyValue(clean(line))}\n`,
    );
    if (this.options.stdout) {
      this.write(JSON.stringify({ type: "access", time: new Date(r[1]).toISOString(), restApiId: r[3], stage: r[4], requestId: r[2], status: r[8], latencyMs: r[9], line }));
    }
  }

  start(intervalMs: number): void {
    this.periodic.start(intervalMs);
  }

  /** Writes what is buffered (also what arrived while a write was running). */
  async flush(): Promise<void> {
    await this.periodic.flush();
    if (this.rows.rows > 0) await this.periodic.flush();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  private async writeBatch(): Promise<void> {
    if (this.rows.dropped > 0) {
      this.log("warn", `dropped ${this.rows.dropped} access log entries: the database did not keep up`);
      this.rows.dropped = 0;
    }
    const chunks = this.rows.take();
    if (chunks.length === 0) return;
    try {
      await copyRows(
        this.pool,
        "AccessLog",
        ACCESS_COLUMNS,
        chunks.map((c) => c.buf),
      );
    } catch (err) {
      if (isDataError(err)) {
        this.log("warn", `dropped ${chunks.reduce((n, c) => n + c.rows, 0)} access log rows PostgreSQL refused: ${(err as Error).message}`);
      } else {
        this.rows.restore(chunks);
        this.log("warn", `could not write access logs, will retry: ${(err as Error).message}`);
      }
    }
  }
}
