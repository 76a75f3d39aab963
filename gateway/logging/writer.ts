import type pg from "pg";
import { pruneRequestLogs, type RequestLogRetention } from "../../lib/services/logs-retention";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import { PeriodicFlush } from "../periodic-flush";
import type { RequestContext } from "../pipeline/context";
import { GatewayError } from "../errors";
import { accessEntryValues } from "./access-log";
import { AccessLogThread } from "./access-log-thread";
import { AccessRowWriter, type AccessLogSink, type AccessRecord } from "./access-rows";
import { clean, copyRows, copyTimestamp, copyValue, isDataError } from "./copy";
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
  /** Format and load access entries in a worker thread with its own connection to this database (the gateway does). */
  accessLogThread?: { databaseUrl: string };
}

interface ExecutionRow extends TraceLine {
  requestId: string;
  restApiId: string;
  stage: string;
}

export const MAX_EXECUTION_ROWS = 200_000;
/** Rows per COPY. */
const CHUNK = 5_000;
const HOUR = 3_600_000;
const EXECUTION_COLUMNS = ["time", "requestId", "restApiId", "stage", "level", "step", "durationMs", "message"];

/**
 * Access and execution logs: one `record` per finished request (no database
 * work on the request path), loaded into AccessLog / ExecutionLog with COPY
 * on the metrics interval, bounded in memory, the rest flushed on
 * shutdown; old rows pruned hourly in batches by time. Access entries leave
 * the request path as values (AccessRecord) for their sink: the access-log
 * worker thread in the gateway, this thread otherwise.
 */
export class RequestLogWriter {
  private readonly access: AccessLogSink;
  private execution: ExecutionRow[] = [];
  private droppedExecution = 0;
  private readonly periodic = new PeriodicFlush(() => this.writeBatch());
  private pruneTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Log,
    private readonly options: RequestLogOptions = {},
  ) {
    this.access = options.accessLogThread
      ? new AccessLogThread({ databaseUrl: options.accessLogThread.databaseUrl, stdout: options.stdout }, log)
      : new AccessRowWriter(pool, log, { stdout: options.stdout, write: options.write });
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
    let userAgent: string | null = null;
    for (const [name, value] of ctx.request.headerPairs) if (name.length === 10 && name.toLowerCase() === "user-agent") userAgent = value;
    const failure = ctx.failure;
    const record: AccessRecord = [
      format,
      ctx.receivedAt,
      ctx.requestId,
      ctx.restApiId!,
      ctx.stageName!,
      ctx.request.httpMethod,
      ctx.route?.resource.path ?? "",
      ctx.request.path,
      result.statusCode,
      latency,
      ctx.integration?.latencyMs === undefined ? null : Math.round(ctx.integration.latencyMs),
      result.body.length,
      ctx.request.sourceIp,
      userAgent,
      ctx.identity?.apiKeyId ?? null,
      failure === undefined ? null : failure instanceof GatewayError ? failure.message : "Internal server error",
    ];
    for (const value of accessEntryValues(format, { ctx, status: result.statusCode, responseLength: result.body.length, responseLatency: latency })) record.push(value);
    this.access.record(record);
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
    this.access.start(intervalMs);
    const prune = () => void this.prune().catch((err: Error) => this.log("warn", `could not prune access/execution logs: ${err.message}`));
    this.pruneTimer = setInterval(prune, HOUR);
    this.pruneTimer.unref();
    setTimeout(prune, 5_000).unref();
  }

  async flush(): Promise<void> {
    await Promise.all([this.periodic.flush(), this.access.flush()]);
  }

  async stop(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await Promise.all([this.periodic.stop(), this.access.stop()]);
  }

  /** Deletes rows older than the retention (batched by time); returns how many of each. */
  prune(now = new Date()): Promise<{ access: number; execution: number }> {
    return pruneRequestLogs(async (sql, params) => (await this.pool.query(sql, params)).rowCount ?? 0, this.options.retention ?? {}, now);
  }

  private async writeBatch(): Promise<void> {
    if (this.droppedExecution > 0) {
      this.log("warn", `dropped ${this.droppedExecution} execution log lines: the database did not keep up`);
      this.droppedExecution = 0;
    }
    const execution = this.execution;
    this.execution = [];
    let failedExecution: ExecutionRow[] = [];
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

  private insertExecution(rows: ExecutionRow[]) {
    let lines = "";
    for (const r of rows) {
      lines += `${[copyTimestamp(r.time), r.requestId, r.restApiId, r.stage, r.level, r.step, r.durationMs, clean(r.message)].map(copyValue).join("\t")}\n`;
    }
    return copyRows(this.pool, "ExecutionLog", EXECUTION_COLUMNS, lines);
  }
}
