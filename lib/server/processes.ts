import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

function manage(name: string, child: ChildProcess): ManagedProcess {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    name,
    child,
    exited,
    async stop(signal = "SIGTERM", graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts the gateway process and resolves once it reports the port it bound.
 * Its other output goes to `onLine`.
 */
export function spawnGateway(
  env: NodeJS.ProcessEnv,
  options: { watch?: boolean; onLine?: (line: string) => void } = {},
): Promise<{ process: ManagedProcess; port: number; adminPort: number | null }> {
  const args = ["--import", "tsx", ...(options.watch ? ["--watch"] : []), path.join(PROJECT_ROOT, "gateway/main.ts")];
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const managed = manage("gateway", child);
  const onLine = options.onLine ?? ((line: string) => console.log(line));
  return new Promise((resolve, reject) => {
    let resolved = false;
    let errors = "";
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.startsWith('{"event":"gateway-listening"')) {
        const { port, adminPort } = JSON.parse(line) as { port: number; adminPort?: number | null };
        if (!resolved) {
          resolved = true;
          resolve({ process: managed, port, adminPort: adminPort ?? null });
        }
        return;
      }
      onLine(line);
    });
    readline.createInterface({ input: child.stderr! }).on("line", (line) => {
      errors += `${line}\n`;
      onLine(line);
    });
    managed.exited.then((code) => {
      if (!resolved) reject(new Error(errors.trim() || `gateway exited with code ${code} before listening`));
    });
  });
}

/** Starts the AWS-compatible control plane (lib/aws-control/main.ts) and resolves with the port it bound. */
export function spawnAwsControl(env: NodeJS.ProcessEnv, options: { onLine?: (line: string) => void } = {}): Promise<{ process: ManagedProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "lib/aws-control/main.ts")], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const managed = manage("aws", child);
  const onLine = options.onLine ?? ((line: string) => console.log(line));
  return new Promise((resolve, reject) => {
    let resolved = false;
    let errors = "";
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!resolved && line.startsWith('{"event":"aws-listening"')) {
        resolved = true;
        resolve({ process: managed, port: (JSON.parse(line) as { port: number }).port });
        return;
      }
      onLine(line);
    });
    readline.createInterface({ input: child.stderr! }).on("line", (line) => {
      errors += `${line}\n`;
      onLine(line);
    });
    managed.exited.then((code) => {
      if (!resolved) reject(new Error(errors.trim() || `the AWS control plane exited with code ${code} before listening`));
    });
  });
}

/** Starts the Next.js console (`next start`, or `next dev` with hot reload). */
export function spawnConsole(env: NodeJS.ProcessEnv, port: number, host: string, dev = false): ManagedProcess {
  const nextBin = path.join(PROJECT_ROOT, "node_modules/next/dist/bin/next");
  const child = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", String(port), "-H", host], {
    cwd: PROJECT_ROOT,
    env: { ...env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return manage("console", child);
}

/** Polls a URL until it answers (any status) or the deadline passes. */
export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      await res.arrayBuffer();
      return;
    } catch (err) {
      lastError = (err as Error).message;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${lastError})`);
}

/** Runs a command to completion with inherited output. */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with code ${code}`))));
  });
}
