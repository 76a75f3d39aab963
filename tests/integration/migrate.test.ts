import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { migrate, MigrationError, readMigrations } from "../../lib/server/migrate";
import { createTestDatabase, query, type TestDatabase } from "../helpers/database";

let db: TestDatabase;
let dir: string;

beforeEach(async () => {
  db = await createTestDatabase(inject("pgServerUrl"), { migrate: false });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "gatehouse-migrations-"));
});

afterEach(async () => {
  await db?.drop();
  await fs.rm(dir, { recursive: true, force: true });
});

async function writeMigration(name: string, sql: string) {
  await fs.mkdir(path.join(dir, name), { recursive: true });
  await fs.writeFile(path.join(dir, name, "migration.sql"), sql);
}

const recorded = () =>
  query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
    db.url,
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );

describe("migrate", () => {
  it("applies the project's migrations to an empty database", async () => {
    const applied = await migrate(db.url);
    expect(applied).toEqual((await readMigrations()).map((m) => m.name));
    const tables = await query<{ table_name: string }>(
      db.url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(["RestApi", "Resource", "Method", "Integration", "Function", "Deployment", "Stage", "ApiMetric"]),
    );
  });

  it("applies in name order, records each with its checksum, and is idempotent", async () => {
    // Written out of order; 002 depends on 001 and 003 on 002.
    await writeMigration("003_fill", `INSERT INTO t (a, b) VALUES (1, 'x');`);
    await writeMigration("001_create", `CREATE TABLE t (a int);`);
    await writeMigration("002_alter", `ALTER TABLE t ADD COLUMN b text;`);

    expect(await migrate(db.url, { dir })).toEqual(["001_create", "002_alter", "003_fill"]);
    const migrations = await readMigrations(dir);
    const rows = await recorded();
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(migrations.map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);

    expect(await migrate(db.url, { dir })).toEqual([]);
    expect(await recorded()).toHaveLength(3);
    expect(await query(db.url, `SELECT * FROM t`)).toEqual([{ a: 1, b: "x" }]);
  });

  it("refuses a migration edited after it was applied, and applies nothing after it", async () => {
    await writeMigration("001_create", `CREATE TABLE t (a int);`);
    await migrate(db.url, { dir });
    await writeMigration("001_create", `CREATE TABLE t (a bigint);`);
    await writeMigration("002_more", `CREATE TABLE u (a int);`);

    await expect(migrate(db.url, { dir })).rejects.toThrow(MigrationError);
    await expect(migrate(db.url, { dir })).rejects.toThrow(/001_create was edited after it was applied/);
    expect((await recorded()).map((r) => r.migration_name)).toEqual(["001_create"]);
    expect(await query(db.url, `SELECT to_regclass('public.u') AS u`)).toEqual([{ u: null }]);
  });

  it("rolls back a failing migration and records nothing for it", async () => {
    await writeMigration("001_ok", `CREATE TABLE t (a int);`);
    await writeMigration("002_bad", `CREATE TABLE v (a int); SELECT * FROM no_such_table;`);

    await expect(migrate(db.url, { dir })).rejects.toThrow(/Migration 002_bad failed/);
    expect((await recorded()).map((r) => r.migration_name)).toEqual(["001_ok"]);
    expect(await query(db.url, `SELECT to_regclass('public.v') AS v`)).toEqual([{ v: null }]);
  });

  it("serialises concurrent runs: each migration is applied exactly once", async () => {
    // The sleep keeps the first run inside its transaction while the second one starts.
    await writeMigration("001_slow", `SELECT pg_sleep(0.5); CREATE TABLE t (a int);`);
    await writeMigration("002_next", `ALTER TABLE t ADD COLUMN b text;`);

    const results = await Promise.all([migrate(db.url, { dir }), migrate(db.url, { dir }), migrate(db.url, { dir })]);
    expect(results.flat().sort()).toEqual(["001_slow", "002_next"]);
    expect(results.filter((r) => r.length === 0)).toHaveLength(2);
    expect(await recorded()).toHaveLength(2);
  });
});
