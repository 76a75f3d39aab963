import type pg from "pg";
import type { MetricDropRow, MetricRow, MetricSink } from "./aggregator";

const COLUMNS = [
  "resolution", "periodStart", "restApiId", "stage", "method", "resource", "apiKeyId",
  "count", "count4xx", "count5xx", "throttledCount", "cacheHitCount", "cacheMissCount",
  "bytesIn", "bytesOut", "latencySumMs", "latencyHist", "integrationCount", "integrationSumMs", "integrationHist",
] as const;
const TYPES = ["int", "timestamp", "text", "text", "text", "text", "text", "int", "int", "int", "int", "int", "int", "int8", "int8", "float8", "text", "int", "float8", "text"];
const KEY = COLUMNS.slice(0, 7);
const HISTS = new Set(["latencyHist", "integrationHist"]);

const q = (c: string) => `"${c}"`;

function upsertSql(mode: "add" | "replace"): string {
  const select = COLUMNS.map((c) => (HISTS.has(c) ? `${q(c)}::int[]` : q(c))).join(", ");
  const sets = COLUMNS.slice(7).map((c) => {
    if (mode === "replace") return `${q(c)} = EXCLUDED.${q(c)}`;
    if (HISTS.has(c)) {
      return `${q(c)} = ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0) FROM unnest("ApiMetric".${q(c)}, EXCLUDED.${q(c)}) AS t(a, b))`;
    }
    return `${q(c)} = "ApiMetric".${q(c)} + EXCLUDED.${q(c)}`;
  });
  return `INSERT INTO "ApiMetric" (${COLUMNS.map(q).join(", ")})
    SELECT ${select} FROM unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(", ")}) AS u(${COLUMNS.map(q).join(", ")})
    ON CONFLICT (${KEY.map(q).join(", ")}) DO UPDATE SET ${sets.join(", ")}`;
}

const ADD_SQL = upsertSql("add");
const REPLACE_SQL = upsertSql("replace");

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "");

function params(rows: MetricRow[]): unknown[] {
  return COLUMNS.map((c) =>
    rows.map((r) => {
      if (c === "periodStart") return iso(r.periodStart);
      if (c === "latencyHist" || c === "integrationHist") return `{${r[c].join(",")}}`;
      if (c === "latencySumMs" || c === "integrationSumMs") return r[c];
      return r[c];
    }),
  );
}

/** Writes metric rows in one statement per 2 000 rows: minute rows add to what other instances wrote, rollups replace. */
export async function upsertMetricRows(db: pg.Pool | pg.PoolClient, rows: MetricRow[], mode: "add" | "replace"): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await db.query(mode === "add" ? ADD_SQL : REPLACE_SQL, params(rows.slice(i, i + 2000)));
  }
}

export async function addMetricDrops(db: pg.Pool | pg.PoolClient, drops: MetricDropRow[]): Promise<void> {
  if (drops.length === 0) return;
  await db.query(
    `INSERT INTO "MetricDrop" ("minute", "reason", "count")
     SELECT * FROM unnest($1::timestamp[], $2::text[], $3::int[])
     ON CONFLICT ("minute", "reason") DO UPDATE SET "count" = "MetricDrop"."count" + EXCLUDED."count"`,
    [drops.map((d) => iso(d.minute)), drops.map((d) => d.reason), drops.map((d) => d.count)],
  );
}

/** The gateway's sink: one transaction per batch, so a failed batch is wholly retried (never counted twice). */
export function pgMetricSink(pool: pg.Pool): MetricSink {
  return {
    async addRows(rows, drops) {
      const client = await pool.connect();
      let broken = false;
      // While checked out the pool does not listen for the client's errors; an unheard one would crash the process
      // (the failing query reports it too).
      const onError = () => (broken = true);
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        await upsertMetricRows(client, rows, "add");
        await addMetricDrops(client, drops);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => (broken = true));
        throw err;
      } finally {
        client.removeListener("error", onError);
        client.release(broken);
      }
    },
  };
}
