import { describe, expect, it } from "vitest";
import { attachTrace } from "../../gateway/logging/request-trace";
import { ExecutionTrace, MAX_DATA_CHARS, methodLogging, redactText } from "../../gateway/logging/trace";
import { RequestLogWriter } from "../../gateway/logging/writer";
import { copyValue } from "../../gateway/logging/copy";
import type { ServedStage } from "../../gateway/snapshot-store";
import type pg from "pg";
import { testRequestContext } from "../helpers/request-context";

function stage(methodSettings: ServedStage["methodSettings"], accessLogFormat: string | null = null): ServedStage {
  return { restApiId: "abcdefghij", stageName: "test", methodSettings, accessLogFormat } as unknown as ServedStage;
}

interface Copied {
  sql: string;
  rows: string[][];
}

/** A pool whose connections record each COPY (statement and rows) instead of running it. */
function fakePool(copies: Copied[]): pg.Pool {
  const client = {
    on() {},
    removeListener() {},
    query(copy: { text: string; data: Buffer; handleCopyInResponse(c: unknown): void; handleReadyForQuery(): void }) {
      const sent: Buffer[] = [];
      copy.handleCopyInResponse({ sendCopyFromChunk: (b: Buffer) => sent.push(b), endCopyFrom() {} });
      const text = Buffer.concat(sent).toString("utf8");
      copies.push({ sql: copy.text, rows: text.split("\n").filter(Boolean).map((l) => l.split("\t")) });
      copy.handleReadyForQuery();
    },
    release() {},
  };
  return { connect: async () => client } as unknown as pg.Pool;
}

/** A writer whose database is a list of COPYs. */
function writer() {
  const queries: Copied[] = [];
  return { queries, logs: new RequestLogWriter(fakePool(queries), () => {}) };
}

describe("execution trace", () => {
  it("redacts Authorization, x-api-key and cookie headers and secret-looking values", () => {
    const trace = new ExecutionTrace("INFO", true, ["abcdef-api-key-value", "Bearer tok.en.value"]);
    trace.data("s", "Method request headers", [
      ["Authorization", "Bearer tok.en.value"],
      ["x-api-key", "abcdef-api-key-value"],
      ["Cookie", "session=1"],
      ["Accept", "*/*"],
    ]);
    trace.data("s", "body", '{"password":"hunter2","user":"bob","echo":"abcdef-api-key-value","clientSecret":"s3"}');
    trace.data("s", "query", "a=1&access_token=xyz&b=2");
    const text = trace.lines.map((l) => l.message).join("\n");
    expect(text).toContain("Accept=*/*");
    expect(text).toContain("Authorization=****");
    expect(text).toContain('"user":"bob"');
    for (const secret of ["tok.en.value", "abcdef-api-key-value", "session=1", "hunter2", '"s3"', "xyz"]) expect(text).not.toContain(secret);
  });

  it("redacts bearer credentials in free text", () => {
    expect(redactText("sent Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc")).toBe("sent Authorization: Bearer ****");
  });

  it("writes data lines only with data tracing, truncated", () => {
    const off = new ExecutionTrace("INFO", false);
    off.data("s", "body", "x");
    expect(off.lines).toHaveLength(0);
    const on = new ExecutionTrace("INFO", true);
    on.data("s", "body", "y".repeat(MAX_DATA_CHARS + 100));
    expect(on.lines[0].message.length).toBeLessThan(MAX_DATA_CHARS + 100);
    expect(on.lines[0].message).toContain("[TRUNCATED: 100 more characters]");
  });

  it("times each step and rethrows a failing one", async () => {
    const trace = new ExecutionTrace("INFO", false);
    await trace.step("validate", () => new Promise((r) => setTimeout(r, 15)));
    await expect(trace.step("integrate", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(trace.lines[0]).toMatchObject({ step: "validate", message: "validate completed" });
    expect(trace.lines[0].durationMs).toBeGreaterThanOrEqual(10);
    expect(trace.lines[1]).toMatchObject({ step: "integrate", message: "integrate ended the request" });
  });

  it("resolves the level: the method's own setting, else */*", () => {
    const settings = { "*/*": { loggingLevel: "ERROR", dataTraceEnabled: true }, "~1items~1{id}/GET": { loggingLevel: "INFO" } };
    expect(methodLogging(settings, "/items/{id}", ["GET"])).toEqual({ level: "INFO", dataTrace: true });
    expect(methodLogging(settings, "/items", ["POST"])).toEqual({ level: "ERROR", dataTrace: true });
    expect(methodLogging({}, "/items", ["GET"])).toEqual({ level: "OFF", dataTrace: false });
    expect(methodLogging({ "items~1{id}/ANY": { loggingLevel: "OFF" }, "*/*": { loggingLevel: "INFO" } }, "/items/{id}", ["GET", "ANY"]).level).toBe("OFF");
  });

  it("attaches no trace when the stage logs nowhere", () => {
    const ctx = testRequestContext();
    ctx.stage = stage({ "*/*": { loggingLevel: "OFF" } });
    expect(attachTrace(ctx)).toBe(true);
    expect(ctx.trace).toBeUndefined();
  });

  it("drops the trace when the method's own level is OFF", () => {
    const ctx = testRequestContext();
    ctx.stage = stage({ "*/*": { loggingLevel: "INFO" }, "~1items~1{id}/GET": { loggingLevel: "OFF" } });
    attachTrace(ctx);
    expect(ctx.trace).toBeUndefined();
  });
});

describe("execution log levels", () => {
  function traced(level: "INFO" | "ERROR") {
    const ctx = testRequestContext({ pathParameters: { id: "1" } });
    ctx.stage = stage({ "*/*": { loggingLevel: level } });
    attachTrace(ctx);
    return ctx;
  }
  const ok = { statusCode: 200, headers: [] as Array<[string, string]>, body: Buffer.from("{}") };
  const failed = { statusCode: 502, headers: [] as Array<[string, string]>, body: Buffer.from("{}") };

  it("INFO writes every request's lines, with AWS-like messages", async () => {
    const { queries, logs } = writer();
    logs.record(traced("INFO"), ok);
    await logs.flush();
    const messages = queries.find((q) => q.sql.includes("ExecutionLog"))!.rows.map((r) => r[7]);
    expect(messages).toContain("Method request path: {id=1}");
    expect(messages).toContain("Method completed with status: 200");
  });

  it("ERROR writes only failing requests' lines", async () => {
    const { queries, logs } = writer();
    logs.record(traced("ERROR"), ok);
    const failing = traced("ERROR");
    failing.errorLog = "Execution failed: upstream failed";
    logs.record(failing, failed);
    await logs.flush();
    const execution = queries.filter((q) => q.sql.includes("ExecutionLog"));
    expect(execution).toHaveLength(1);
    const rows = execution[0].rows;
    expect(new Set(rows.map((r) => r[1])).size).toBe(1);
    expect(rows.map((r) => r[7])).toContain("Method completed with status: 502");
    expect(rows.map((r) => r[4])).toContain("ERROR");
  });

  it("escapes values for COPY's text format", () => {
    expect(copyValue("a\tb\nc\\d\re")).toBe("a\\tb\\nc\\\\d\\re");
    expect(copyValue(null)).toBe("\\N");
    expect(copyValue(1.5)).toBe("1.5");
  });

  it("OFF writes nothing", async () => {
    const { queries, logs } = writer();
    const ctx = testRequestContext();
    ctx.stage = stage({ "*/*": { loggingLevel: "OFF" } });
    attachTrace(ctx);
    logs.record(ctx, failed);
    await logs.flush();
    expect(queries).toHaveLength(0);
  });

  it("access entries are written in one INSERT per flush and optionally to stdout", async () => {
    const lines: string[] = [];
    const copies: Copied[] = [];
    const logs = new RequestLogWriter(fakePool(copies), () => {}, { stdout: true, write: (l) => lines.push(l) });
    for (let i = 0; i < 3; i++) {
      const ctx = testRequestContext();
      ctx.stage = stage({}, "CLF");
      logs.record(ctx, ok);
    }
    await logs.flush();
    expect(copies.filter((q) => q.sql.startsWith('COPY "AccessLog"'))).toHaveLength(1);
    expect(copies[0].rows).toHaveLength(3);
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0])).toMatchObject({ type: "access", requestId: "req-1", status: 200 });
  });
});
