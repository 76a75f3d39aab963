import "dotenv/config";
import { loadSettings, SettingsError } from "../lib/config";
import { startGateway } from "./server";

/**
 * The gateway process. `npm start` runs it with DATABASE_URL set; it can also
 * run alone (`npm run gateway`) against any migrated database.
 */
async function main() {
  const settings = loadSettings();
  if (!settings.DATABASE_URL) throw new Error("DATABASE_URL must be set for the gateway process (npm start sets it).");
  const gateway = await startGateway({
    databaseUrl: settings.DATABASE_URL,
    port: settings.GATEWAY_PORT,
    host: settings.GATEHOUSE_BIND_HOST,
    metricsFlushMs: settings.GATEHOUSE_METRICS_FLUSH_MS,
    region: settings.GATEHOUSE_REGION,
    accountId: settings.GATEHOUSE_ACCOUNT_ID,
    secretKey: settings.GATEHOUSE_SECRET_KEY,
    functions: {
      allowedHosts: settings.GATEHOUSE_FUNCTION_ALLOWED_HOSTS,
      defaultConcurrency: settings.GATEHOUSE_FUNCTION_CONCURRENCY,
      idleMs: settings.GATEHOUSE_FUNCTION_IDLE_SECONDS * 1000,
    },
    invalidKeyLimits: {
      maxAttempts: settings.GATEHOUSE_INVALID_KEY_LIMIT,
      windowMs: settings.GATEHOUSE_INVALID_KEY_WINDOW_MS,
      cooldownMs: settings.GATEHOUSE_INVALID_KEY_COOLDOWN_MS,
    },
  });
  // One machine-readable line first: parents (npm start, tests) read the bound port from it.
  console.log(JSON.stringify({ event: "gateway-listening", port: gateway.port }));
  console.log(`[gateway] listening on http://${settings.GATEHOUSE_BIND_HOST}:${gateway.port} (${gateway.store.stageCount} stages loaded)`);
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
