import type { TSettings } from "../config";
import { createPrismaClient } from "../db";
import { ensureAdmin, seedDemo, type AdminSeedResult } from "../services/seed";
import { ensureBootstrapToken } from "../services/tokens";
import { ensureBootstrapAccessKey } from "../services/access-keys";
import { pruneFunctionLogs } from "../services/functions-logs";
import { pruneRequestLogs } from "../services/logs-retention";
import { lockDataDir, ensureSecretKey } from "./data-dir";
import { ensureDatabase, type DatabaseHandle } from "./database";
import { migrate } from "./migrate";

export interface Bootstrapped {
  database: DatabaseHandle;
  secretKey: string;
  admin: AdminSeedResult;
  demoApiId: string | null;
  release(): Promise<void>;
}

/**
 * Everything before the processes start: lock the data directory, ensure the
 * database, migrate, ensure the secret key, seed, ensure the bootstrap token. Shared by `npm start` and
 * the integration tests, so tests exercise the same path users do.
 */
export async function bootstrap(settings: TSettings, log: (line: string) => void): Promise<Bootstrapped> {
  const unlock = await lockDataDir(settings.dataDir);
  let database: DatabaseHandle | undefined;
  try {
    database = await ensureDatabase(settings, log);
    await migrate(database.url, { log });
    const secretKey = await ensureSecretKey(settings.dataDir, settings.GATEHOUSE_SECRET_KEY);
    const db = createPrismaClient(database.url);
    try {
      const admin = await ensureAdmin(db, settings.GATEHOUSE_ADMIN_EMAIL, settings.GATEHOUSE_ADMIN_PASSWORD);
      const bootstrapToken = await ensureBootstrapToken(db, settings.GATEHOUSE_BOOTSTRAP_TOKEN);
      if (bootstrapToken === "created" || bootstrapToken === "updated") log(`Bootstrap token ${bootstrapToken} from GATEHOUSE_BOOTSTRAP_TOKEN.`);
      if (bootstrapToken === "revoked") log("GATEHOUSE_BOOTSTRAP_TOKEN is unset: revoked the bootstrap token of an earlier start.");
      const bootstrapKey = await ensureBootstrapAccessKey(
        db,
        { accessKeyId: settings.GATEHOUSE_BOOTSTRAP_ACCESS_KEY_ID, secretAccessKey: settings.GATEHOUSE_BOOTSTRAP_SECRET_ACCESS_KEY },
        secretKey,
      );
      if (bootstrapKey === "created" || bootstrapKey === "updated") log(`Bootstrap access key ${bootstrapKey} from GATEHOUSE_BOOTSTRAP_ACCESS_KEY_ID.`);
      if (bootstrapKey === "removed") log("GATEHOUSE_BOOTSTRAP_ACCESS_KEY_ID is unset: removed the bootstrap access key of an earlier start.");
      const pruned = await pruneFunctionLogs(db, settings.GATEHOUSE_FUNCTION_LOG_RETENTION_DAYS);
      if (pruned > 0) log(`Pruned ${pruned} function log lines older than ${settings.GATEHOUSE_FUNCTION_LOG_RETENTION_DAYS} days.`);
      const requestLogs = await pruneRequestLogs((sql, params) => db.$executeRawUnsafe(sql, ...params), {
        accessDays: settings.GATEHOUSE_ACCESS_LOG_RETENTION_DAYS,
        executionDays: settings.GATEHOUSE_EXECUTION_LOG_RETENTION_DAYS,
      });
      if (requestLogs.access + requestLogs.execution > 0) log(`Pruned ${requestLogs.access} access log entries and ${requestLogs.execution} execution log lines past their retention.`);
      const demo = settings.GATEHOUSE_SEED_DEMO
        ? await seedDemo(db, { region: settings.GATEHOUSE_REGION, accountId: settings.GATEHOUSE_ACCOUNT_ID })
        : null;
      const handle = database;
      return {
        database: handle,
        secretKey,
        admin,
        demoApiId: demo?.restApiId ?? null,
        async release() {
          await handle.stop();
          await unlock();
        },
      };
    } finally {
      await db.$disconnect();
    }
  } catch (err) {
    await database?.stop().catch(() => {});
    await unlock();
    throw err;
  }
}
