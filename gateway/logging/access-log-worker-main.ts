import { writeSync } from "node:fs";
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import pg from "pg";
import { AccessRowWriter, type AccessRecord } from "./access-rows";
import type { AccessThreadData, FromAccessThread, ToAccessThread } from "./access-log-thread";

/**
 * The access-log worker: formats the records the request thread sends and
 * loads them into PostgreSQL over its own connection, so neither the
 * formatting nor the COPY takes time from requests.
 */
const data = workerData as AccessThreadData;
// Log shipping can wait; requests cannot. On Linux a thread has its own nice value (setpriority on "pid" 0 is
// this thread alone), so under CPU contention the request thread wins. Elsewhere it would lower the whole process.
if (process.platform === "linux") {
  try {
    os.setPriority(0, 10);
  } catch {
    // not permitted: run at normal priority
  }
}
const port = parentPort!;
const pool = new pg.Pool({ connectionString: data.databaseUrl, max: 1, connectionTimeoutMillis: 5000 });
const post = (msg: FromAccessThread) => port.postMessage(msg);
const log = (level: "info" | "warn" | "error", message: string) => post({ type: "log", level, message });
pool.on("error", (err) => log("warn", `access log database connection: ${err.message}`));
// One write per line, straight to the process's stdout (a worker's process.stdout goes through the main thread).
// A full non-blocking pipe answers EAGAIN: retry briefly, then drop the copy (the database row is the record).
function writeLine(line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  for (let offset = 0, tries = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EAGAIN" || ++tries > 1000) return;
    }
  }
}
const writer = new AccessRowWriter(pool, log, { stdout: data.stdout, maxRows: data.maxRows, write: writeLine });
writer.start(data.intervalMs);

port.on("message", (msg: ToAccessThread) => {
  if (msg.type === "records") {
    for (const record of msg.records as AccessRecord[]) writer.record(record);
    // The request thread bounds what it has posted but this thread has not taken yet.
    post({ type: "taken", count: msg.records.length });
  } else if (msg.type === "flush") {
    void writer.flush().finally(() => post({ type: "flushed", seq: msg.seq }));
  } else if (msg.type === "stop") {
    void writer
      .stop()
      .then(() => pool.end())
      .finally(() => post({ type: "flushed", seq: msg.seq }));
  }
});
