import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../lib/server/embedded-postgres";
import { migrate } from "../../lib/server/migrate";

/**
 * Throwaway PostgreSQL for tests. A *server* is DATABASE_URL's server when that
 * is set, else an embedded PostgreSQL in a temp dir. Each test file then makes
 * its own *database* on it (`gatehouse_test_<random>`) and drops it afterwards;
 * the database DATABASE_URL names is only ever used to run CREATE/DROP DATABASE.
 */

export interface PostgresServer {
  /** URL of a database on the server that we may connect to (never written to). */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** An embedded PostgreSQL in a fresh temp dir, removed again on stop. */
export async function startEmbeddedServer(): Promise<PostgresServer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "gatehouse-test-pg-"));
  // As root, PostgreSQL runs as `postgres`, which must traverse this directory.
  await fs.chmod(dir, 0o755);
  try {
    const server = await startEmbeddedPostgres(dir);
    return {
      url: server.url,
      embedded: true,
      async stop() {
        await server.stop();
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** DATABASE_URL's server when set, otherwise an embedded one. */
export async function startPostgresServer(): Promise<PostgresServer> {
  const external = process.env.DATABASE_URL?.trim();
  if (external) return { url: external, embedded: false, stop: async () => {} };
  return startEmbeddedServer();
}

/** The same server and credentials as `serverUrl`, another database. */
export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates `gatehouse_test_<random>` on the server, migrated unless asked not to. */
export async function createTestDatabase(serverUrl: string, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `gatehouse_test_${randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(serverUrl, name);
  const drop = () => onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined);
  try {
    if (options.migrate !== false) await migrate(url);
  } catch (err) {
    await drop().catch(() => {});
    throw err;
  }
  return { name, url, drop };
}

/** Runs one query on a database and closes the connection. */
export async function query<R extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  return onServer(url, async (c) => (await c.query<R>(text, values)).rows);
}

/**
 * A server and a fresh migrated database on it in one call, for suites without
 * the integration global setup. `drop()` also stops an embedded server.
 */
export async function freshDatabase(): Promise<TestDatabase> {
  const server = await startPostgresServer();
  try {
    const db = await createTestDatabase(server.url);
    return {
      ...db,
      async drop() {
        await db.drop().catch(() => {});
        await server.stop();
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
