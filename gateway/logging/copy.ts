import type pg from "pg";

/**
 * `COPY table (columns) FROM STDIN` with node-postgres alone: a "submittable"
 * query that answers the server's CopyInResponse with the rows as one chunk of
 * COPY's text format. For PostgreSQL this is the cheapest way to load a batch
 * (no JSON or array parsing, no per-row executor work), which matters when the
 * database shares the machine with the gateway.
 */

type Callback = (err: Error | null, rowCount?: number) => void;

interface Connection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

class CopyIn {
  callback?: Callback;
  private error: Error | null = null;
  private rowCount = 0;
  private finished = false;

  constructor(
    readonly text: string,
    readonly data: Buffer[],
  ) {}

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: Connection): void {
    for (const chunk of this.data) if (chunk.length > 0) connection.sendCopyFromChunk(chunk);
    connection.endCopyFrom();
  }

  handleCommandComplete(msg: { text?: string }): void {
    this.rowCount = Number(/COPY (\d+)/.exec(msg.text ?? "")?.[1] ?? 0);
  }

  handleError(err: Error): void {
    this.error ??= err;
  }

  handleReadyForQuery(): void {
    this.finish();
  }

  // Not sent for COPY FROM; present because node-postgres may call them on any active query.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.callback?.(this.error, this.rowCount);
  }
}

// PostgreSQL text cannot hold NUL characters (lone surrogates become U+FFFD when the batch is encoded as UTF-8).
export const clean = (s: string) => (s.includes("\u0000") ? s.replace(/\u0000/g, "") : s);
/** A batch PostgreSQL refused for its data (class 22, 23): retrying it would fail forever. */
export const isDataError = (err: unknown) => /^2[23]/.test(String((err as { code?: unknown }).code ?? ""));

/** A UTC timestamp for COPY; the part up to the second is formatted once a second. */
let secondCache = { second: -1, prefix: "" };
export function copyTimestamp(epochMs: number): string {
  const ms = Math.floor(epochMs);
  const second = Math.floor(ms / 1000);
  if (second !== secondCache.second) secondCache = { second, prefix: new Date(second * 1000).toISOString().slice(0, 20) };
  const millis = ms - second * 1000;
  return `${secondCache.prefix}${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}`;
}

/** One value in COPY text format: `\N` for null, backslash, tab, newline and CR escaped. */
export function copyValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "\\N";
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r")) : value;
}

/** Loads `data` (COPY text format, one row per line, each ending in \n) into `table`; returns the row count. */
export async function copyRows(pool: pg.Pool, table: string, columns: string[], data: string | Buffer[]): Promise<number> {
  const client = await pool.connect();
  let broken: Error | undefined;
  let stopListening = () => {};
  try {
    const sql = `COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN`;
    return await new Promise<number>((resolve, reject) => {
      const copy = new CopyIn(sql, typeof data === "string" ? [Buffer.from(data, "utf8")] : data);
      copy.callback = (err, count) => (err ? reject(err) : resolve(count ?? 0));
      // A connection failure never reaches ReadyForQuery: end the copy on the client's error. `on`, not `once`:
      // a dying connection can emit more than one error, and an unheard one would crash the process.
      const onError = (err: Error) => {
        broken ??= err;
        copy.handleError(err);
        copy.finish();
      };
      client.on("error", onError);
      stopListening = () => client.removeListener("error", onError);
      (client as unknown as { query(q: CopyIn): void }).query(copy);
    }).finally(() => stopListening());
  } finally {
    client.release(broken);
  }
}
