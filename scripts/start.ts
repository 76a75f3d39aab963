import "dotenv/config";
import { existsSync } from "node:fs";
import path from "node:path";
import { invokeUrl, loadSettings, publicGatewayUrl, SettingsError } from "../lib/config";
import { DEMO_STAGE } from "../lib/services/seed";
import { bootstrap, type Bootstrapped } from "../lib/server/bootstrap";
import { assertPortFree, findFreePort } from "../lib/server/ports";
import { createProcessLogger, type LogLevel } from "../lib/server/logger";
import { PROJECT_ROOT, runCommand, spawnAwsControl, spawnConsole, spawnGateway, waitForHttp, type ManagedProcess } from "../lib/server/processes";

/**
 * `npm start` (and `npm run dev` with --dev): database, migrations, secret key,
 * seed, console build if missing, then the console and gateway processes.
 * Ctrl-C or SIGTERM stops the children first, then the embedded database.
 */
const dev = process.argv.includes("--dev");
// Structured (pino) like the gateway's; the "Gatehouse is running" banner below stays plain text for people.
const logger = createProcessLogger("gatehouse", {
  level: (process.env.GATEHOUSE_LOG_LEVEL as LogLevel | undefined) ?? "info",
  format: process.env.GATEHOUSE_LOG_FORMAT === "text" ? "text" : "json",
});
const log = (line: string) => logger.info(line);

const children: ManagedProcess[] = [];
let booted: Bootstrapped | null = null;
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  if (booted) log("stopping…");
  await Promise.all(children.map((c) => c.stop()));
  await booted?.release();
  process.exit(code);
}

async function main() {
  const settings = loadSettings();
  const host = settings.GATEHOUSE_BIND_HOST;
  await assertPortFree(settings.PORT, host, "PORT");
  await assertPortFree(settings.GATEWAY_PORT, host, "GATEWAY_PORT");
  await assertPortFree(settings.GATEHOUSE_AWS_PORT, host, "GATEHOUSE_AWS_PORT");
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  booted = await bootstrap(settings, log);
  const consolePort = settings.PORT === 0 ? await findFreePort(host) : settings.PORT;
  const consoleUrl = `http://localhost:${consolePort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: booted.database.url,
    GATEHOUSE_SECRET_KEY: booted.secretKey,
    NEXTAUTH_SECRET: booted.secretKey,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? consoleUrl,
    NEXT_TELEMETRY_DISABLED: "1",
  };

  if (!dev && !existsSync(path.join(PROJECT_ROOT, ".next/BUILD_ID"))) {
    log("No console build found; building it once (next build)…");
    await runCommand(process.execPath, [path.join(PROJECT_ROOT, "node_modules/next/dist/bin/next"), "build"], env);
  }

  const gateway = await spawnGateway(env, { watch: dev });
  children.push(gateway.process);
  const gatewayUrl = publicGatewayUrl({ ...settings, GATEWAY_PORT: gateway.port });
  env.GATEHOUSE_PUBLIC_GATEWAY_URL = gatewayUrl;
  env.GATEWAY_PORT = String(gateway.port);

  const aws = await spawnAwsControl(env);
  children.push(aws.process);

  const consoleProcess = spawnConsole(env, consolePort, host, dev);
  children.push(consoleProcess);
  for (const child of children) {
    child.exited.then((code) => {
      if (!stopping) {
        console.error(`[gatehouse] the ${child.name} process exited unexpectedly (code ${code}); stopping.`);
        void shutdown(1);
      }
    });
  }
  await waitForHttp(`http://${host}:${consolePort}/login`, 120_000);

  const lines = [
    "",
    "Gatehouse is running.",
    `  Console:  ${consoleUrl}`,
    `  Gateway:  ${gatewayUrl}`,
    `  AWS API:  http://localhost:${aws.port}  (aws --endpoint-url … apigateway / lambda, signed with a Gatehouse access key)`,
    `  Admin:    ${booted.admin.email}` +
      (booted.admin.generatedPassword
        ? `  password: ${booted.admin.generatedPassword}  (shown once; change it after logging in)`
        : booted.admin.created
          ? "  (password from GATEHOUSE_ADMIN_PASSWORD)"
          : "  (existing account)"),
  ];
  if (booted.demoApiId) {
    lines.push(`  Demo API: ${invokeUrl(gatewayUrl, booted.demoApiId, DEMO_STAGE)}/users`);
    lines.push(`            also ${gatewayUrl}/restapis/${booted.demoApiId}/${DEMO_STAGE}/_user_request_/users`);
  }
  lines.push("Press Ctrl-C to stop.", "");
  console.log(lines.join("\n"));
}

main().catch((err) => {
  console.error(err instanceof SettingsError ? err.message : `[gatehouse] ${(err as Error).message}`);
  void shutdown(1);
});
