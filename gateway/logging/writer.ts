import type pg from "pg";
import { pruneRequestLogs, type RequestLogRetention } from "../../lib/services/logs-retention";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import { PeriodicFlush } from "../periodic-flush";
import type { RequestContext } from "../pipeline/context";
import { GatewayError } from "../errors";
import { formatAccessEntry } from "./access-log";
import { copyRows, copyValue } from "./copy";
import { RowBuffer, type RowChunk } from "./row-buffer";
import { resolveTrace } from "./request-trace";
import { formatHeaders, type TraceLine } from "./trace";

type Log = (level: "info" | "warn" | "error", message: string) => void;

export interface RequestLogOptions {
  /** GATEHOUSE_ACCESS_LOG_STDOUT: also print each access entry as a JSON line on stdout (log shippers). */
  stdout?: boolean;
  /** Retention in days (GATEHOUSE_ACCESS_LOG_RETENTION_DAYS / GATEHOUSE_EXECUTION_LOG_RETENTION_DAYS). */
  retention?: Partial<RequestLogRetention>;
  /** Where stdout lines go (tests). */
  write?: (line: string) => void;
}

interface ExecutionRow extends TraceLine {
  requestId: string;
  restApiId: string;
  stage: string;
}

/** Rows kept in memory at most while the database is slow or down; beyond that the oldest are dropped and counted. */
export const MAX_ACCESS_ROWS = 100_000;
export const MAX_EXECUTION_ROWS = 200_000;
/** Rows per COPY. */
const CHUNK = 5_000;
const HOUR = 3_600_000;
const ACCESS_COLUMNS = ["time", "requestId", "restApiId", "stage", "httpMethod", "resourcePath", "path", "status", "latencyMs", "integrationLatencyMs", "responseLength", "sourceIp", "userAgent", "apiKeyId", "errorMessage", "line"];
const EXECUTION_COLUMNS = ["time", "requestId", "restApiId", "stage", "level", "step", "durationMs", "message"];

// PostgreSQL text cannot hold NUL characters (lone surrogates become U+FFFD when the batch is encoded as UTF-8).
const clean = (s: string) => (s.includes("\u0000") ? s.replace(/\u0000/g, "") : s);
/** A batch PostgreSQL refused for its data (class 22, 23): retrying it would fail forever. */
const isDataError = (err: unknown) => /^2[23]/.test(String((err as { code?: unknown }).code ?? ""));
const timestamp = (ms: number) => new Date(ms).toISOString().replace("Z", "");

/**
 * Access and execution logs: one `record` per finished request (no database
 * work on the request path), loaded into AccessLog / ExecutionLog with COPY
 * on the metrics interval, bounded in memory, the rest flushed on
 * shutdown; old rows pruned hourly in batches by time.
 */
export class RequestLogWriter {
  private readonly access = new RowBuffer(MAX_ACCESS_ROWS);
  private execution: ExecutionRow[] = [];
  private droppedExecution = 0;
  private readonly periodic = new PeriodicFlush(() => this.writeBatch());
  private pruneTimer: NodeJS.Timeout | null = null;
  private readonly write: (line: string) => void;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Log,
    private readonly options: RequestLogOptions = {},
  ) {
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
  }

  /** Called once per request after the answer was sent. */
  record(ctx: RequestContext, result: HttpResult): void {
    const stage = ctx.stage;
    if (!stage || !ctx.restApiId || !ctx.stageName) return;
    if (stage.accessLogFormat) this.recordAccess(ctx, result, stage.accessLogFormat);
    if (ctx.trace) this.recordExecution(ctx, result);
  }

  private recordAccess(ctx: RequestContext, result: HttpResult, format: string): void {
    const latency = Date.now() - ctx.receivedAt;
    const line = formatAccessEntry(format, { ctx, status: result.statusCode, responseLength: result.body.length, responseLatency: latency });
    const failure = ctx.failure;
    let userAgent: string | null = null;
    for (const [name, value] of ctx.request.headerPairs) if (name.length === 10 && name.toLowerCase() === "user-agent") userAgent = clean(value);
    // Its COPY text line, appended to off-heap buffers until the flush (gateway/logging/row-buffer.ts).
    const row =
      `${timestamp(ctx.receivedAt)}\t${copyValue(ctx.requestId)}\t${copyValue(ctx.restApiId!)}\t${copyValue(ctx.stageName!)}\t${copyValue(ctx.request.httpMethod)}` +
      `\t${copyValue(clean(ctx.route?.resource.path ?? ""))}\t${copyValue(clean(ctx.request.path))}\t${result.statusCode}\t${latency}` +
      `\t${copyValue(ctx.integration?.latencyMs === undefined ? null : Math.round(ctx.integration.latencyMs))}\t${result.body.length}` +
      `\t${copyValue(ctx.request.sourceIp)}\t${copyValue(userAgent)}\t${copyValue(ctx.identity?.apiKeyId ?? null)}` +
      `\t${copyValue(failure === undefined ? null : failure instanceof GatewayError ? failure.message : "Internal server error")}\t${copyValue(clean(line))}\n`;
    this.access.append(row);
    if (this.options.stdout) {
      this.write(
        JSON.stringify({ type: "access", time: new Date(ctx.receivedAt).toISOString(), restApiId: ctx.restApiId, stage: ctx.stageName, requestId: ctx.requestId, status: result.statusCode, latencyMs: latency, line }),
      );
    }
  }

  private recordExecution(ctx: RequestContext, result: HttpResult): void {
    resolveTrace(ctx);
    const trace = ctx.trace;
    if (!trace) return;
    const failed = result.statusCode >= 400 || trace.failed || ctx.failure !== undefined;
    if (failed && ctx.errorLog) trace.error("response", ctx.errorLog);
    if (trace.level === "ERROR" && !failed) return;
    trace.data("response", "Method response headers", formatHeaders(result.headers));
    trace.data("response", "Method response body", result.body);
    const total = Date.now() - ctx.receivedAt;
    if (!failed) trace.info("response", "Successfully completed execution");
    trace.info("response", `Method completed with status: ${result.statusCode}`, total);
    for (const line of trace.lines) this.execution.push({ ...line, requestId: ctx.requestId, restApiId: ctx.restApiId!, stage: ctx.stageName! });
    if (this.execution.length > MAX_EXECUTION_ROWS) {
      const excess = this.execution.length - MAX_EXECUTION_ROWS;
      this.execution.splice(0, excess);
      this.droppedExecution += excess;
    }
  }

  start(intervalMs: number): void {
    this.periodic.start(intervalMs);
    const prune = () => void this.prune().catch((err: Error) => this.log("warn", `could not prune access/execution logs: ${err.message}`));
    this.pruneTimer = setInterval(prune, HOUR);
    this.pruneTimer.unref();
    setTimeout(prune, 5_000).unref();
  }

  flush(): Promise<void> {
    return this.periodic.flush();
  }

  async stop(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.periodic.stop();
  }

  /** Rows waiting for the next flush (tests, benchmarks). */
  get pending(): number {
    return this.access.rows + this.execution.length;
  }

  /** Deletes rows older than the retention (batched by time); returns how many of each. */
  prune(now = new Date()): Promise<{ access: number; execution: number }> {
    return pruneRequestLogs(async (sql, params) => (await this.pool.query(sql, params)).rowCount ?? 0, this.options.retention ?? {}, now);
  }

  private async writeBatch(): Promise<void> {
    if (this.access.dropped > 0 || this.droppedExecution > 0) {
      this.log("warn", `dropped ${this.access.dropped} access log entries and ${this.droppedExecution} execution log lines: the database did not keep up`);
      this.access.dropped = 0;
      this.droppedExecution = 0;
    }
    const access = this.access.take();
    const execution = this.execution;
    this.execution = [];
    let failedExecution: ExecutionRow[] = [];
    // Access entries: one COPY of every buffered chunk (a few MB at most per flush interval).
    if (access.length > 0) {
      try {
        await this.insertAccess(access);
      } catch (err) {
        if (isDataError(err)) {
          this.log("warn", `dropped ${access.reduce((n, c) => n + c.rows, 0)} access log rows PostgreSQL refused: ${(err as Error).message}`);
        } else {
          this.access.restore(access);
          this.log("warn", `could not write access logs, will retry: ${(err as Error).message}`);
        }
      }
    }
    for (let i = 0; i < execution.length; i += CHUNK) {
      const chunk = execution.slice(i, i + CHUNK);
      try {
        await this.insertExecution(chunk);
      } catch (err) {
        if (isDataError(err)) {
          this.log("warn", `dropped ${chunk.length} execution log rows PostgreSQL refused: ${(err as Error).message}`);
          continue;
        }
        failedExecution = execution.slice(i);
        this.log("warn", `could not write execution logs, will retry: ${(err as Error).message}`);
        break;
      }
    }
    if (failedExecution.length > 0) this.execution = [...failedExecution, ...this.execution].slice(-MAX_EXECUTION_ROWS);
  }

  /** Access entries (already COPY text lines) by COPY (gateway/logging/copy.ts): the cheapest load for PostgreSQL. */
  private insertAccess(chunks: RowChunk[]) {
    return copyRows(
      this.pool,
      "AccessLog",
      ACCESS_COLUMNS,
      chunks.map((c) => c.buf),
    );
  }

  private insertExecution(rows: ExecutionRow[]) {
    let lines = "";
    for (const r of rows) {
      lines += `${[timestamp(r.time), r.requestId, r.restApiId, r.stage, r.level, r.step, r.durationMs, clean(r.message)].map(copyValue).join("\t")}\n`;
    }
    return copyRows(this.pool, "ExecutionLog", EXECUTION_COLUMNS, lines);
  }
}
