import { describe, expect, it } from "vitest";
import { VmFunctionRuntime, type FunctionRecord } from "../../gateway/functions/vm-runtime";

let counter = 0;
const fn = (code: string, over: Partial<FunctionRecord> = {}): FunctionRecord => ({
  name: `fn-${++counter}`,
  handler: "index.handler",
  code,
  timeoutSeconds: 3,
  memoryMb: 128,
  revision: "r1",
  ...over,
});

const OPTIONS = { timeoutMs: 3000, functionArn: "arn:aws:lambda:us-east-1:000000000000:function:f" };

describe("VmFunctionRuntime", () => {
  it("runs an async handler with the event and a Lambda-like context", async () => {
    const runtime = new VmFunctionRuntime();
    const result = await runtime.invoke(
      fn(`exports.handler = async (event, context) => ({
        got: event.value,
        name: context.functionName,
        arn: context.invokedFunctionArn,
        remaining: context.getRemainingTimeInMillis() > 0,
      });`),
      { value: 7 },
      OPTIONS,
    );
    expect(result.ok).toBe(true);
    expect(JSON.parse(result.payload)).toEqual({ got: 7, name: `fn-${counter}`, arn: OPTIONS.functionArn, remaining: true });
    expect(result.timedOut).toBe(false);
  });

  it("runs a callback handler", async () => {
    const runtime = new VmFunctionRuntime();
    const result = await runtime.invoke(
      fn(`exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { n: event.n + 1 }), 5); };`),
      { n: 1 },
      OPTIONS,
    );
    expect(result).toMatchObject({ ok: true, payload: '{"n":2}' });
  });

  it("reports a callback error as a failed invocation", async () => {
    const runtime = new VmFunctionRuntime();
    const result = await runtime.invoke(fn(`exports.handler = (e, c, cb) => cb(new TypeError("bad input"));`), {}, OPTIONS);
    expect(result.ok).toBe(false);
    expect(JSON.parse(result.payload)).toEqual({ errorType: "TypeError", errorMessage: "bad input" });
  });

  it("keeps module scope between invocations of one revision, and starts cold on a new revision", async () => {
    const runtime = new VmFunctionRuntime();
    const record = fn(`let calls = 0; exports.handler = async () => ++calls;`);
    const payloads = [];
    for (let i = 0; i < 3; i++) payloads.push((await runtime.invoke(record, {}, OPTIONS)).payload);
    expect(payloads).toEqual(["1", "2", "3"]);
    expect((await runtime.invoke({ ...record, revision: "r2" }, {}, OPTIONS)).payload).toBe("1");
  });

  it("captures console output per invocation", async () => {
    const runtime = new VmFunctionRuntime();
    const record = fn(`exports.handler = async (e) => { console.log("hello", e.who, { a: 1 }); console.error("oops"); return null; };`);
    const first = await runtime.invoke(record, { who: "world" }, OPTIONS);
    expect(first.logs.map((l) => [l.level, l.message])).toEqual([
      ["log", 'hello world {"a":1}'],
      ["error", "oops"],
    ]);
    const second = await runtime.invoke(record, { who: "again" }, OPTIONS);
    expect(second.logs.map((l) => l.message)).toEqual(['hello again {"a":1}', "oops"]);
    expect(second.payload).toBe("null");
  });

  it("turns a thrown error into ok:false with its type and message", async () => {
    const runtime = new VmFunctionRuntime();
    const result = await runtime.invoke(fn(`exports.handler = async () => { throw new RangeError("nope"); };`), {}, OPTIONS);
    expect(result.ok).toBe(false);
    expect(result.timedOut).toBe(false);
    expect(result.errorMessage).toBe("nope");
    expect(JSON.parse(result.payload)).toEqual({ errorType: "RangeError", errorMessage: "nope" });
    expect(result.logs.at(-1)?.level).toBe("error");
  });

  it("fails clearly when the handler export is missing or require is used", async () => {
    const runtime = new VmFunctionRuntime();
    const missing = await runtime.invoke(fn(`exports.other = () => 1;`), {}, OPTIONS);
    expect(missing.ok).toBe(false);
    expect(missing.errorMessage).toMatch(/Handler 'index.handler' is missing/);
    const required = await runtime.invoke(fn(`const fs = require("fs"); exports.handler = async () => 1;`), {}, OPTIONS);
    expect(required.ok).toBe(false);
    expect(required.errorMessage).toMatch(/Cannot find module 'fs'/);
  });

  it("kills an infinite synchronous loop at the timeout", async () => {
    const runtime = new VmFunctionRuntime();
    const started = Date.now();
    const result = await runtime.invoke(fn(`exports.handler = () => { for (;;) {} };`), {}, { ...OPTIONS, timeoutMs: 300 });
    expect(result.ok).toBe(false);
    expect(result.timedOut).toBe(true);
    expect(result.errorMessage).toBe("Task timed out after 0.30 seconds");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("times out a promise that never settles, and starts the next call cold", async () => {
    const runtime = new VmFunctionRuntime();
    const record = fn(`let calls = 0; exports.handler = async (e) => { calls++; if (e.hang) await new Promise(() => {}); return calls; };`);
    expect((await runtime.invoke(record, {}, OPTIONS)).payload).toBe("1");
    const hung = await runtime.invoke(record, { hang: true }, { ...OPTIONS, timeoutMs: 200 });
    expect(hung).toMatchObject({ ok: false, timedOut: true });
    expect(JSON.parse(hung.payload).errorType).toBe("Sandbox.Timedout");
    expect((await runtime.invoke(record, {}, OPTIONS)).payload).toBe("1");
  });

  it("caps the timeout at the function's own timeoutSeconds", async () => {
    const runtime = new VmFunctionRuntime();
    const result = await runtime.invoke(
      fn(`exports.handler = () => new Promise(() => {});`, { timeoutSeconds: 1 }),
      {},
      { ...OPTIONS, timeoutMs: 29000 },
    );
    expect(result).toMatchObject({ ok: false, timedOut: true, errorMessage: "Task timed out after 1.00 seconds" });
  });
});
