import pg from "pg";
import { startEmbeddedPostgres } from "./embedded-postgres";
import path from "node:path";

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** One line that says which setting points where, and why it failed. */
export async function checkDatabaseUrl(url: string, setting = "DATABASE_URL"): Promise<void> {
  let host = "the configured host";
  try {
    const parsed = new URL(url);
    host = `${parsed.hostname}:${parsed.port || 5432}`;
  } catch {
    throw new Error(`${setting} is not a valid URL.`);
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new Error(`${setting}: could not connect to PostgreSQL at ${host} (${e.code ?? e.message}).`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** DATABASE_URL when set; otherwise an embedded server under `<dataDir>/postgres`. */
export async function ensureDatabase(
  settings: { DATABASE_URL?: string; dataDir: string },
  log: (line: string) => void = () => {},
): Promise<DatabaseHandle> {
  if (settings.DATABASE_URL) {
    await checkDatabaseUrl(settings.DATABASE_URL);
    return { url: settings.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres(settings.dataDir, log);
  log(`Embedded PostgreSQL on 127.0.0.1:${server.port} (data in ${path.join(settings.dataDir, "postgres")})`);
  return { url: server.url, embedded: true, stop: () => server.stop() };
}
