import type { z } from "zod";
import type { Db } from "../db";
import type { TFunctionLog, ZFunctionLogsQuery } from "../schemas/functions";
import { notFound } from "./shared";

const HOUR = 3_600_000;
let lastPrune = 0;

/** GATEHOUSE_FUNCTION_LOG_RETENTION_DAYS (default 7). */
export function logRetentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const days = Number(env.GATEHOUSE_FUNCTION_LOG_RETENTION_DAYS);
  return Number.isInteger(days) && days >= 1 ? days : 7;
}

/** Deletes function log lines older than the retention; returns how many. */
export async function pruneFunctionLogs(db: Db, retentionDays = logRetentionDays(), now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 24 * HOUR);
  const result = await db.functionLog.deleteMany({ where: { time: { lt: cutoff } } });
  return result.count;
}

/** Prunes at most once an hour per process (called from reads, and at start). */
export async function pruneFunctionLogsOccasionally(db: Db, now = Date.now()): Promise<void> {
  if (now - lastPrune < HOUR) return;
  lastPrune = now;
  await pruneFunctionLogs(db);
}

/** A function's log lines, newest first, optionally one request's or since a time. */
export async function listFunctionLogs(db: Db, name: string, query: z.output<typeof ZFunctionLogsQuery>): Promise<TFunctionLog[]> {
  if (!(await db.function.findUnique({ where: { name }, select: { id: true } }))) throw notFound(`Function ${name} does not exist.`);
  await pruneFunctionLogsOccasionally(db);
  const rows = await db.functionLog.findMany({
    where: {
      functionName: name,
      ...(query.requestId ? { requestId: query.requestId } : {}),
      ...(query.since ? { time: { gte: new Date(query.since) } } : {}),
    },
    orderBy: [{ time: "desc" }, { id: "desc" }],
    take: query.limit,
  });
  return rows.map((r) => ({ time: r.time.toISOString(), level: r.level, message: r.message, requestId: r.requestId, qualifier: r.qualifier }));
}
