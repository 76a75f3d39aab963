/**
 * Retention of access and execution logs: rows older than the setting are
 * deleted in batches of ids found through the `time` index, so a large backlog
 * never becomes one long transaction. Used by the gateway (hourly) and at start
 * (lib/server/bootstrap.ts); `exec` runs one statement and returns its row count.
 */

export interface RequestLogRetention {
  /** GATEHOUSE_ACCESS_LOG_RETENTION_DAYS (default 14). */
  accessDays: number;
  /** GATEHOUSE_EXECUTION_LOG_RETENTION_DAYS (default 7). */
  executionDays: number;
}

export type Exec = (sql: string, params: unknown[]) => Promise<number>;

const DAY = 86_400_000;
const BATCH = 10_000;

export function requestLogRetention(env: NodeJS.ProcessEnv = process.env): RequestLogRetention {
  const days = (value: string | undefined, fallback: number) => {
    const n = Number(value);
    return Number.isInteger(n) && n >= 1 ? n : fallback;
  };
  return { accessDays: days(env.GATEHOUSE_ACCESS_LOG_RETENTION_DAYS, 14), executionDays: days(env.GATEHOUSE_EXECUTION_LOG_RETENTION_DAYS, 7) };
}

async function pruneTable(exec: Exec, table: "AccessLog" | "ExecutionLog", cutoff: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await exec(
      `DELETE FROM "${table}" WHERE "id" IN (SELECT "id" FROM "${table}" WHERE "time" < $1::timestamp ORDER BY "time" LIMIT ${BATCH})`,
      [cutoff.toISOString().replace("Z", "")],
    );
    total += deleted;
    if (deleted < BATCH) return total;
  }
}

/** Deletes access and execution log rows older than their retention; returns how many of each. */
export async function pruneRequestLogs(exec: Exec, retention: Partial<RequestLogRetention> = {}, now = new Date()): Promise<{ access: number; execution: number }> {
  const defaults = requestLogRetention();
  const accessDays = retention.accessDays ?? defaults.accessDays;
  const executionDays = retention.executionDays ?? defaults.executionDays;
  const access = await pruneTable(exec, "AccessLog", new Date(now.getTime() - accessDays * DAY));
  const execution = await pruneTable(exec, "ExecutionLog", new Date(now.getTime() - executionDays * DAY));
  return { access, execution };
}
