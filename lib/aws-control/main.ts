import "dotenv/config";
import { loadSettings, SettingsError } from "../config";
import { createPrismaClient } from "../db";
import { createProcessLogger } from "../server/logger";
import { createAwsControlServer } from "./server";
import { AWS_OPERATIONS } from "./operations";

/**
 * The control-plane process `npm start` runs beside the console and the
 * gateway: DATABASE_URL and GATEHOUSE_SECRET_KEY come from start.ts. Prints
 * `{"event":"aws-listening","port":N}` once bound (lib/server/processes.ts reads it).
 */
async function main() {
  const settings = loadSettings();
  const logger = createProcessLogger("aws", { level: settings.GATEHOUSE_LOG_LEVEL, format: settings.GATEHOUSE_LOG_FORMAT });
  const url = process.env.DATABASE_URL;
  const secretKey = process.env.GATEHOUSE_SECRET_KEY;
  if (!url || !secretKey) throw new Error("DATABASE_URL and GATEHOUSE_SECRET_KEY must be set: start Gatehouse with `npm start`.");
  const db = createPrismaClient(url);
  const server = createAwsControlServer({
    db,
    secretKey,
    region: settings.GATEHOUSE_REGION,
    accountId: settings.GATEHOUSE_ACCOUNT_ID,
    operations: AWS_OPERATIONS,
    log: (line) => logger.error(line),
  });
  server.on("error", (err) => {
    logger.fatal(`cannot listen on ${settings.GATEHOUSE_BIND_HOST}:${settings.GATEHOUSE_AWS_PORT}: ${err.message} (set GATEHOUSE_AWS_PORT)`);
    process.exit(1);
  });
  server.listen(settings.GATEHOUSE_AWS_PORT, settings.GATEHOUSE_BIND_HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : settings.GATEHOUSE_AWS_PORT;
    console.log(JSON.stringify({ event: "aws-listening", port }));
    logger.info({ port }, `AWS-compatible control plane on http://${settings.GATEHOUSE_BIND_HOST}:${port}`);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void db.$disconnect().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  console.error(err instanceof SettingsError ? err.message : `[aws] ${(err as Error).message}`);
  process.exit(1);
});
