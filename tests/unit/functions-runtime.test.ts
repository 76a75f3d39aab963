import { afterAll, describe, expect, it } from "vitest";
import { internalToken, isInternalToken } from "../../lib/internal-token";
import { ProcessFunctionRuntime } from "../../gateway/functions/process-runtime";
import { FunctionThrottled, type FunctionRecord } from "../../gateway/functions/types";

/** The runtime on its own, with real child processes (no gateway, no database). */

let counter = 0;
const fn = (code: string, over: Partial<FunctionRecord> = {}): FunctionRecord => ({
  name: `fn-${++counter}`,
  qualifier: "$LATEST",
  handler: "index.handler",
  code,
  timeoutSeconds: 3,
  memoryMb: 128,
  environment: {},
  reservedConcurrency: null,
  revision: "r1",
  ...over,
});
const OPTIONS = { timeoutMs: 3000, functionArn: "arn:aws:lambda:us-east-1:000000000000:function:f" };
const runtimes: ProcessFunctionRuntime[] = [];
const newRuntime = (options: ConstructorParameters<typeof ProcessFunctionRuntime>[0] = {}) => {
  const runtime = new ProcessFunctionRuntime(options);
  runtimes.push(runtime);
  return runtime;
};
afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
});

describe("ProcessFunctionRuntime", () => {
  it("keeps module scope on a warm instance, and starts new instances for a new revision", async () => {
    const runtime = newRuntime();
    const record = fn(`let calls = 0; exports.handler = async () => ++calls;`);
    const payloads = [];
    for (let i = 0; i < 3; i++) payloads.push((await runtime.invoke(record, {}, OPTIONS)).payload);
    expect(payloads).toEqual(["1", "2", "3"]);
    expect(runtime.instanceCount(record.name)).toBe(1);
    expect((await runtime.invoke({ ...record, revision: "r2" }, {}, OPTIONS)).payload).toBe("1");
    expect(runtime.instanceCount(record.name)).toBe(1);
  });

  it("scales up to concurrent invocations and throws FunctionThrottled over the limit", async () => {
    const runtime = newRuntime({ defaultConcurrency: 2 });
    const record = fn(`exports.handler = async () => { await new Promise((r) => setTimeout(r, 300)); return "done"; };`);
    const two = [runtime.invoke(record, {}, OPTIONS), runtime.invoke(record, {}, OPTIONS)];
    await expect(runtime.invoke(record, {}, OPTIONS)).rejects.toBeInstanceOf(FunctionThrottled);
    expect((await Promise.all(two)).map((r) => r.payload)).toEqual(['"done"', '"done"']);
    expect(runtime.instanceCount(record.name)).toBe(2);
    await expect(runtime.invoke({ ...record, name: "zero", reservedConcurrency: 0 }, {}, OPTIONS)).rejects.toThrow(/concurrency limit \(0\)/);
  });

  it("stops instances that stay idle", async () => {
    const runtime = newRuntime({ idleMs: 100 });
    const record = fn(`exports.handler = async () => 1;`);
    await runtime.invoke(record, {}, OPTIONS);
    expect(runtime.instanceCount(record.name)).toBe(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(runtime.instanceCount(record.name)).toBe(0);
  });

  it("treats a handler that returns no promise as callback style (its return value is ignored)", async () => {
    const runtime = newRuntime();
    const result = await runtime.invoke(fn(`exports.handler = () => ({ ignored: true });`), {}, OPTIONS);
    expect(result).toMatchObject({ ok: true, payload: "null" });
  });

  it("reports a handler that is not exported", async () => {
    const runtime = newRuntime();
    const result = await runtime.invoke(fn(`exports.other = async () => 1;`), {}, OPTIONS);
    expect(result.ok).toBe(false);
    expect(JSON.parse(result.payload)).toMatchObject({ errorType: "Runtime.HandlerNotFound" });
  });

  it("kills a busy loop at the integration's shorter timeout and reports it", async () => {
    const runtime = newRuntime();
    const result = await runtime.invoke(fn(`exports.handler = async () => { for (;;) {} };`), {}, { ...OPTIONS, timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, timedOut: true, errorMessage: "Task timed out after 0.30 seconds" });
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
  });

  it("runs the next invocation on a fresh instance right after one was killed", async () => {
    const runtime = newRuntime();
    const record = fn(`let calls = 0; exports.handler = async (e) => { calls++; if (e.loop) for (;;) {} return calls; };`);
    expect((await runtime.invoke(record, { loop: true }, { ...OPTIONS, timeoutMs: 200 })).timedOut).toBe(true);
    const next = await runtime.invoke(record, {}, OPTIONS);
    expect(next).toMatchObject({ ok: true, payload: "1" });
  });

  it("refuses a fetch to loopback unless the host is allowed", async () => {
    const code = `exports.handler = async (e) => { try { await fetch(e.url); return "reached"; } catch (err) { return err.message + " " + (err.cause ? err.cause.code : ""); } };`;
    const refused = await newRuntime().invoke(fn(code), { url: "http://127.0.0.1:1/" }, OPTIONS);
    expect(JSON.parse(refused.payload)).toMatch(/^fetch to 127\.0\.0\.1 refused/);
    const allowed = await newRuntime({ allowedHosts: ["127.0.0.1"] }).invoke(fn(code), { url: "http://127.0.0.1:1/" }, OPTIONS);
    // Allowed: the guard lets it through to fetch itself (which then fails: port 1 is not served).
    expect(JSON.parse(allowed.payload)).toMatch(/^fetch failed/);
    expect(JSON.parse(allowed.payload)).not.toMatch(/refused/);
  });
});

describe("internalToken", () => {
  it("is HMAC-SHA256 of gatehouse-internal, hex, and checked in constant time", () => {
    const token = internalToken("k".repeat(32));
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(isInternalToken(token, "k".repeat(32))).toBe(true);
    expect(isInternalToken(token, "j".repeat(32))).toBe(false);
    expect(isInternalToken(undefined, "k".repeat(32))).toBe(false);
    expect(isInternalToken(token, undefined)).toBe(false);
  });
});
