import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { PROJECT_ROOT } from "../../lib/server/processes";
import { findFreePort } from "../../lib/server/ports";

export interface RunningGatehouse {
  consoleUrl: string;
  gatewayPort: number;
  /** The AWS-compatible control plane's port, from the "AWS API:" line start.ts prints. */
  awsPort: number;
  demoApiId: string;
  adminEmail: string;
  adminPassword: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  output: () => string;
  /** SIGTERM, as a service manager would send; resolves with the exit code once the process is gone. */
  terminate(): Promise<number | null>;
  /** terminate(), then remove the data directory and any throwaway database. */
  stop(): Promise<void>;
}

/**
 * Runs `npm start` exactly as a user does (scripts/start.ts), on free ports
 * and a fresh data directory; with DATABASE_URL set, on a throwaway database
 * of that server. `extraEnv` adds settings (e.g. GATEHOUSE_BOOTSTRAP_ACCESS_KEY_ID).
 */
export async function startGatehouse(extraEnv: Record<string, string> = {}): Promise<RunningGatehouse> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "gatehouse-e2e-"));
  await fs.chmod(dataDir, 0o755);
  let database: TestDatabase | null = null;
  if (process.env.DATABASE_URL) database = await createTestDatabase(process.env.DATABASE_URL, { migrate: false });
  const adminPassword = "e2e-password-123";
  const consolePort = await findFreePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GATEHOUSE_DATA_DIR: dataDir,
    PORT: String(consolePort),
    GATEWAY_PORT: "0",
    GATEWAY_ADMIN_PORT: "0",
    GATEHOUSE_AWS_PORT: "0",
    GATEHOUSE_ADMIN_PASSWORD: adminPassword,
    GATEHOUSE_METRICS_FLUSH_MS: "500",
    DATABASE_URL: database?.url ?? "",
    ...extraEnv,
  };
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "scripts/start.ts")], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = new Promise<{ gatewayPort: number; demoApiId: string }>((resolve, reject) => {
    const onLine = (line: string) => {
      output += `${line}\n`;
      const demo = /Demo API: http:\/\/([a-z0-9]{10})\.execute-api\.localhost:(\d+)\/dev\/users/.exec(line);
      if (demo) resolve({ demoApiId: demo[1], gatewayPort: Number(demo[2]) });
    };
    readline.createInterface({ input: child.stdout! }).on("line", onLine);
    readline.createInterface({ input: child.stderr! }).on("line", onLine);
    void exited.then((code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`)));
  });
  const terminate = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    return exited;
  };
  const stop = async () => {
    await terminate();
    await database?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  try {
    const { gatewayPort, demoApiId } = await ready;
    // Printed in the same block, before the demo line.
    const awsPort = Number(/AWS API: {2}http:\/\/localhost:(\d+)/.exec(output)?.[1] ?? 0);
    return {
      consoleUrl: `http://localhost:${consolePort}`,
      gatewayPort,
      awsPort,
      demoApiId,
      adminEmail: "admin@gatehouse.local",
      adminPassword,
      dataDir,
      env,
      output: () => output,
      terminate,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
