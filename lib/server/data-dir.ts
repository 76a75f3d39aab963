import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One Gatehouse per data directory: a second start refuses, naming the first
 * one's pid, and touches nothing. A lock left by a crashed run is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await fs.mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, "gatehouse.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(file, String(process.pid), { flag: "wx" });
      return async () => {
        const owner = await fs.readFile(file, "utf8").catch(() => "");
        if (owner.trim() === String(process.pid)) await fs.rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number((await fs.readFile(file, "utf8").catch(() => "")).trim());
      if (pid && isAlive(pid)) {
        throw new Error(
          `Gatehouse is already running on data directory ${dataDir} (pid ${pid}). Stop it first, or set GATEHOUSE_DATA_DIR to another directory.`,
        );
      }
      await fs.rm(file, { force: true });
    }
  }
  throw new Error(`Could not lock data directory ${dataDir}.`);
}

/**
 * GATEHOUSE_SECRET_KEY when set; otherwise a key generated once and kept in
 * `<dataDir>/secret-key` (mode 600).
 */
export async function ensureSecretKey(dataDir: string, configured?: string): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, "secret-key");
  if (existsSync(file)) return (await fs.readFile(file, "utf8")).trim();
  const key = randomBytes(32).toString("base64url");
  await fs.writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}
