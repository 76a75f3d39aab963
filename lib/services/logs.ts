import type { z } from "zod";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { TAccessLogEntry, TAccessLogList, TRequestLogs, ZAccessLogFilters, ZAccessLogQuery } from "../schemas/logs";
import { notFound } from "./shared";

/**
 * Reading access and execution logs (written by the gateway, gateway/logging/):
 * filtered lists newest first with an id cursor, one request's joined logs,
 * and the entries after an id for the live tail.
 */

type Filters = z.output<typeof ZAccessLogFilters>;

export function accessLogWhere(f: Filters): Prisma.AccessLogWhereInput {
  const where: Prisma.AccessLogWhereInput = {};
  if (f.from || f.to) where.time = { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lte: new Date(f.to) } : {}) };
  if (f.restApiId) where.restApiId = f.restApiId;
  if (f.stage) where.stage = f.stage;
  if (f.status) {
    const digit = Number(f.status[0]);
    where.status = /x/i.test(f.status) ? { gte: digit * 100, lt: digit * 100 + 100 } : Number(f.status);
  }
  if (f.method) where.httpMethod = f.method;
  if (f.path) where.path = { contains: f.path };
  if (f.apiKeyId) where.apiKeyId = f.apiKeyId;
  if (f.requestId) where.requestId = f.requestId;
  if (f.text) {
    where.OR = [
      { line: { contains: f.text, mode: "insensitive" } },
      { path: { contains: f.text, mode: "insensitive" } },
      { errorMessage: { contains: f.text, mode: "insensitive" } },
    ];
  }
  return where;
}

type AccessRow = Prisma.AccessLogGetPayload<object>;

export function toAccessEntry(r: AccessRow): TAccessLogEntry {
  return {
    id: r.id.toString(),
    time: r.time.toISOString(),
    requestId: r.requestId,
    restApiId: r.restApiId,
    stage: r.stage,
    httpMethod: r.httpMethod,
    resourcePath: r.resourcePath,
    path: r.path,
    status: r.status,
    latencyMs: r.latencyMs,
    integrationLatencyMs: r.integrationLatencyMs,
    responseLength: r.responseLength,
    sourceIp: r.sourceIp,
    userAgent: r.userAgent,
    apiKeyId: r.apiKeyId,
    errorMessage: r.errorMessage,
    line: r.line,
  };
}

/** Access log entries, newest first; `nextCursor` pages to older ones. */
export async function listAccessLogs(db: Db, query: z.output<typeof ZAccessLogQuery>): Promise<TAccessLogList> {
  const where = accessLogWhere(query);
  if (query.cursor) where.id = { lt: BigInt(query.cursor) };
  const rows = await db.accessLog.findMany({ where, orderBy: { id: "desc" }, take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return { items: page.map(toAccessEntry), nextCursor: rows.length > query.limit ? page[page.length - 1].id.toString() : null };
}

/** Entries written after `afterId`, oldest first (the live tail). */
export async function accessLogsAfter(db: Db, filters: Filters, afterId: bigint, limit = 200): Promise<TAccessLogEntry[]> {
  const where = { ...accessLogWhere(filters), id: { gt: afterId } };
  const rows = await db.accessLog.findMany({ where, orderBy: { id: "asc" }, take: limit });
  return rows.map(toAccessEntry);
}

/** The newest entry's id (where a live tail starts). */
export async function lastAccessLogId(db: Db): Promise<bigint> {
  const row = await db.accessLog.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return row?.id ?? 0n;
}

/** One request: its access entry, its execution log lines in order, and the function log lines it produced. */
export async function requestLogs(db: Db, requestId: string): Promise<TRequestLogs> {
  const [access, execution, functionLogs] = await Promise.all([
    db.accessLog.findFirst({ where: { requestId }, orderBy: { id: "asc" } }),
    db.executionLog.findMany({ where: { requestId }, orderBy: { id: "asc" }, take: 2000 }),
    db.functionLog.findMany({ where: { requestId }, orderBy: [{ time: "asc" }, { id: "asc" }], take: 2000 }),
  ]);
  if (!access && execution.length === 0 && functionLogs.length === 0) {
    throw notFound(`No logs for request ${requestId}: its stage may not log (access logging off, execution logging OFF), the entry may not be written yet, or it was pruned.`);
  }
  return {
    requestId,
    access: access ? toAccessEntry(access) : null,
    execution: execution.map((r) => ({
      id: r.id.toString(),
      time: r.time.toISOString(),
      level: r.level === "ERROR" ? "ERROR" : "INFO",
      step: r.step,
      durationMs: r.durationMs,
      message: r.message,
    })),
    functionLogs: functionLogs.map((r) => ({ time: r.time.toISOString(), functionName: r.functionName, qualifier: r.qualifier, level: r.level, message: r.message })),
  };
}
