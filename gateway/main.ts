import "dotenv/config";
import { loadSettings, SettingsError } from "../lib/config";
import { createProcessLogger, logCallback } from "../lib/server/logger";
import { startGateway } from "./server";

/**
 * The gateway process. `npm start` runs it with DATABASE_URL set; it can also
 * run alone (`npm run gateway`) against any migrated database.
 */
async function main() {
  const settings = loadSettings();
  const logger = createProcessLogger("gateway", { level: settings.GATEHOUSE_LOG_LEVEL, format: settings.GATEHOUSE_LOG_FORMAT });
  if (!settings.DATABASE_URL) throw new Error("DATABASE_URL must be set for the gateway process (npm start sets it).");
  if (!settings.GATEHOUSE_SECRET_KEY) {
    // npm start always passes it; an extra gateway (npm run gateway) needs the same key as the others.
    logger.warn("GATEHOUSE_SECRET_KEY is not set: function secrets and SigV4 access keys cannot be decrypted. Use the same key as the other instances.");
  }
  const gateway = await startGateway({
    databaseUrl: settings.DATABASE_URL,
    port: settings.GATEWAY_PORT,
    log: logCallback(logger),
    host: settings.GATEHOUSE_BIND_HOST,
    metricsFlushMs: settings.GATEHOUSE_METRICS_FLUSH_MS,
    adminPort: settings.GATEWAY_ADMIN_PORT,
    detailedMetrics: {
      enabled: settings.GATEHOUSE_METRICS_ENABLED,
      maxSeries: settings.GATEHOUSE_METRICS_MAX_SERIES,
      maxBufferedRows: settings.GATEHOUSE_METRICS_MAX_BUFFERED_ROWS,
      retention: {
        minuteDays: settings.GATEHOUSE_METRICS_MINUTE_RETENTION_DAYS,
        hourDays: settings.GATEHOUSE_METRICS_HOUR_RETENTION_DAYS,
        dayDays: settings.GATEHOUSE_METRICS_RETENTION_DAYS,
      },
    },
    region: settings.GATEHOUSE_REGION,
    accountId: settings.GATEHOUSE_ACCOUNT_ID,
    secretKey: settings.GATEHOUSE_SECRET_KEY,
    functions: {
      allowedHosts: settings.GATEHOUSE_FUNCTION_ALLOWED_HOSTS,
      defaultConcurrency: settings.GATEHOUSE_FUNCTION_CONCURRENCY,
      idleMs: settings.GATEHOUSE_FUNCTION_IDLE_SECONDS * 1000,
    },
    cache: {
      maxMemoryBytes: settings.GATEHOUSE_CACHE_MAX_MEMORY_MB * 1024 * 1024,
      redisUrl: settings.REDIS_URL,
      redisPrefix: `${settings.GATEHOUSE_REDIS_KEY_PREFIX}cache:`,
    },
    state: {
      redisUrl: settings.REDIS_URL,
      redisKeyPrefix: settings.GATEHOUSE_REDIS_KEY_PREFIX,
      quotaOutagePolicy: settings.GATEHOUSE_QUOTA_OUTAGE_POLICY,
    },
    accountLimits: { rateLimit: settings.GATEHOUSE_ACCOUNT_RATE_LIMIT, burstLimit: settings.GATEHOUSE_ACCOUNT_BURST_LIMIT },
    requestLogs: {
      stdout: settings.GATEHOUSE_ACCESS_LOG_STDOUT,
      retention: { accessDays: settings.GATEHOUSE_ACCESS_LOG_RETENTION_DAYS, executionDays: settings.GATEHOUSE_EXECUTION_LOG_RETENTION_DAYS },
    },
    invalidKeyLimits: {
      maxAttempts: settings.GATEHOUSE_INVALID_KEY_LIMIT,
      windowMs: settings.GATEHOUSE_INVALID_KEY_WINDOW_MS,
      cooldownMs: settings.GATEHOUSE_INVALID_KEY_COOLDOWN_MS,
    },
  });
  // One machine-readable line first: parents (npm start, tests) read the bound port from it.
  console.log(JSON.stringify({ event: "gateway-listening", port: gateway.port, adminPort: gateway.adminPort }));
  logger.info({ port: gateway.port, stages: gateway.store.stageCount }, `listening on http://${settings.GATEHOUSE_BIND_HOST}:${gateway.port} (${gateway.store.stageCount} stages loaded)`);
  if (gateway.adminPort !== null) logger.info({ adminPort: gateway.adminPort }, `metrics on http://${settings.GATEHOUSE_BIND_HOST}:${gateway.adminPort}/metrics`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await gateway.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  console.error(err instanceof SettingsError ? err.message : `[gateway] ${(err as Error).message}`);
  process.exit(1);
});
