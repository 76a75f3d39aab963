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
 * Starts a Node process running `script` (through tsx) and resolves with the
 * first stdout line that starts with `{"event":"<event>"` (the port it bound),
 * parsed. Every other line goes to `onLine`; stderr is also kept for the error
 * when the process exits before that line.
 */
function spawnListening<T>(
  name: string,
  script: string,
  event: string,
  env: NodeJS.ProcessEnv,
  options: { watch?: boolean; onLine?: (line: string) => void },
): Promise<{ process: ManagedProcess; ready: T }> {
  const args = ["--import", "tsx", ...(options.watch ? ["--watch"] : []), path.join(PROJECT_ROOT, script)];
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const managed = manage(name, child);
  const onLine = options.onLine ?? ((line: string) => console.log(line));
  const marker = `{"event":"${event}"`;
  return new Promise((resolve, reject) => {
    let resolved = false;
    let errors = "";
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.startsWith(marker)) {
        if (!resolved) {
          resolved = true;
          resolve({ process: managed, ready: JSON.parse(line) as T });
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
      if (!resolved) reject(new Error(errors.trim() || `the ${name} process exited with code ${code} before listening`));
    });
  });
}

/** Starts the gateway process and resolves once it reports the ports it bound. */
export async function spawnGateway(
  env: NodeJS.ProcessEnv,
  options: { watch?: boolean; onLine?: (line: string) => void } = {},
): Promise<{ process: ManagedProcess; port: number; adminPort: number | null }> {
  const started = await spawnListening<{ port: number; adminPort?: number | null }>("gateway", "gateway/main.ts", "gateway-listening", env, options);
  return { process: started.process, port: started.ready.port, adminPort: started.ready.adminPort ?? null };
}

/** Starts the AWS-compatible control plane (lib/aws-control/main.ts) and resolves with the port it bound. */
export async function spawnAwsControl(env: NodeJS.ProcessEnv, options: { onLine?: (line: string) => void } = {}): Promise<{ process: ManagedProcess; port: number }> {
  const started = await spawnListening<{ port: number }>("aws", "lib/aws-control/main.ts", "aws-listening", env, options);
  return { process: started.process, port: started.ready.port };
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
