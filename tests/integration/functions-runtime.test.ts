import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { internalToken } from "../../lib/internal-token";
import { encryptSecret } from "../../lib/secrets";
import { deployApi } from "../../lib/services/deploy";
import { query } from "../helpers/database";
import { addMethod, createRestApi, notifyFunction } from "../helpers/fixtures";
import { sendRequest, waitFor, type GatewayResponse } from "../helpers/gateway";
import { createStack, type Stack } from "../helpers/stack";

/**
 * The function runtime behind the real gateway: every line of the threat model
 * in docs/ARCHITECTURE.md ("Functions") and the runtime contract.
 */

const SECRET_KEY = "functions-runtime-test-secret-key-0123456789";
let stack: Stack;
let apiId: string;
let backend: http.Server;
let backendPort: number;
let dbPort: number;

/** Escapes the vm context on purpose (as hostile code would) to get the child's real `process`. */
const ESCAPE = `const hostProcess = console.log.constructor("return process")();`;
const attempt = (label: string, body: string) =>
  `try { ${body}; out[${JSON.stringify(label)}] = "ALLOWED"; } catch (e) { out[${JSON.stringify(label)}] = e.code || e.message; }`;

async function createFunction(name: string, code: string, extra: Record<string, unknown> = {}) {
  await stack.prisma.function.create({ data: { name, code, handler: "index.handler", timeoutSeconds: 3, ...extra } });
}

const call = (path: string, options: Parameters<Stack["gateway"]["request"]>[1] = {}) =>
  stack.gateway.request(`/test${path}`, { apiId, ...options });

function internalInvoke(name: string, body: unknown, token: string | null = internalToken(SECRET_KEY)): Promise<GatewayResponse> {
  return sendRequest(stack.gateway.port, `/_gatehouse/functions/${name}/invoke`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token === null ? {} : { "x-gatehouse-internal-token": token }) },
    body: JSON.stringify(body),
  });
}

interface InvokeAnswer {
  ok: boolean;
  payload: Record<string, unknown> & { errorMessage?: string };
  errorMessage?: string;
  logs: Array<{ time: string; level: string; message: string }>;
  durationMs: number;
  billedDurationMs: number;
  peakMemoryMb: number;
  requestId: string;
}

async function invokeOk(name: string, event: unknown = {}, qualifier?: string): Promise<InvokeAnswer> {
  const res = await internalInvoke(name, { event, qualifier });
  expect(res.status, res.text).toBe(200);
  return res.json() as InvokeAnswer;
}

beforeAll(async () => {
  backend = http.createServer((req, res) => res.writeHead(200, { "Content-Type": "text/plain" }).end(`backend saw ${req.url}`));
  await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
  backendPort = (backend.address() as AddressInfo).port;
  stack = await createStack(inject("pgServerUrl"));
  dbPort = Number(new URL(stack.db.url).port || 5432);
  const db = stack.prisma;
  apiId = await createRestApi(db);

  await createFunction("probe", `${ESCAPE}
    const fs = hostProcess.getBuiltinModule("fs");
    exports.handler = async (event) => {
      const out = { env: hostProcess.env, sandboxEnv: process.env };
      ${attempt("readPasswd", `fs.readFileSync("/etc/passwd")`)}
      ${attempt("readProjectEnv", `fs.readFileSync(${JSON.stringify(`${process.cwd()}/package.json`)})`)}
      ${attempt("readOwnEnviron", `fs.readFileSync("/proc/self/environ")`)}
      ${attempt("readGatewayEnviron", `fs.readFileSync("/proc/" + hostProcess.ppid + "/environ")`)}
      ${attempt("writeTmp", `fs.writeFileSync("/tmp/gatehouse-escape", "x")`)}
      ${attempt("spawn", `hostProcess.getBuiltinModule("child_process").execSync("id")`)}
      ${attempt("worker", `new (hostProcess.getBuiltinModule("worker_threads").Worker)("1", { eval: true })`)}
      ${attempt("addon", `hostProcess.dlopen({ exports: {} }, "/tmp/addon.node")`)}
      ${attempt("requireFs", `require("fs")`)}
      ${attempt("requireChildProcess", `require("child_process")`)}
      ${attempt("requireNet", `require("net")`)}
      out.crypto = require("crypto").createHash("sha256").update("x").digest("hex").length;
      return out;
    };`, {
    environment: { GREETING: { value: "hello", secret: false }, API_TOKEN: { value: encryptSecret("s3cret", SECRET_KEY), secret: true } },
  });
  await createFunction("fetcher", `exports.handler = async (event) => {
    try {
      const res = await fetch(event.url);
      return { status: res.status, text: await res.text() };
    } catch (e) { return { refused: e.message }; }
  };`);
  await createFunction("loop", `exports.handler = async () => { for (;;) {} };`, { timeoutSeconds: 1 });
  await createFunction("storm", `exports.handler = async () => { const keep = []; for (;;) keep.push(new Array(1e6).fill(1.5)); };`, {
    timeoutSeconds: 10,
    memoryMb: 128,
  });
  await createFunction("chatty", `exports.handler = async () => {
    const line = "x".repeat(1024);
    for (let i = 0; i < 100 * 1024; i++) console.log(line);
    return { statusCode: 200, body: "still fine" };
  };`, { timeoutSeconds: 10 });
  await createFunction("counter", `let calls = 0; const started = Date.now();
    exports.handler = async (event, context) => ({ statusCode: 200, body: JSON.stringify({ calls: ++calls, started }) });`);
  await createFunction("context", `exports.handler = async (event, context) => {
    console.log("event", event.n); console.warn("careful"); console.error("bad");
    return { ...context, remaining: context.getRemainingTimeInMillis() };
  };`, { memoryMb: 256, timeoutSeconds: 5 });
  await createFunction("callback", `exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { doubled: event.n * 2 }), 10); };`);
  await createFunction("no-callback", `exports.handler = (event, context, callback) => { setTimeout(() => console.log("timer ran"), 30); };`);
  await createFunction("thrower", `exports.handler = async () => { throw new RangeError("out of range"); };`);
  await createFunction("circular", `exports.handler = async () => { const a = { statusCode: 200 }; a.self = a; return a; };`);
  await createFunction("slow", `exports.handler = async () => { await new Promise((r) => setTimeout(r, 600)); return { statusCode: 200, body: "slow done" }; };`, {
    reservedConcurrency: 1,
  });
  await createFunction("reloaded", `exports.handler = async () => ({ statusCode: 200, body: "old" });`);
  await createFunction("pinned", `exports.handler = async () => ({ statusCode: 200, body: "latest" });`);
  const pinned = await db.function.findUniqueOrThrow({ where: { name: "pinned" } });
  await db.functionVersion.create({
    data: { functionId: pinned.id, number: 1, handler: "index.handler", code: `exports.handler = async () => ({ statusCode: 200, body: "version one" });`, timeoutSeconds: 3, memoryMb: 128 },
  });

  await addMethod(db, apiId, "/mock", "GET", { type: "MOCK", requestTemplate: '{"statusCode": 200}', responses: [{ statusCode: "200", body: '{"mock":true}' }] });
  for (const name of ["loop", "storm", "chatty", "counter", "thrower", "circular", "slow", "reloaded", "pinned"]) {
    await addMethod(db, apiId, `/fn/${name}`, "GET", { type: "AWS_PROXY", functionName: name });
  }
  await addMethod(db, apiId, "/fn/pinned-1", "GET", { type: "AWS_PROXY", functionName: "pinned:1" });
  await deployApi(db, { restApiId: apiId, stageName: "test" });
  await stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY, GATEHOUSE_FUNCTION_ALLOWED_HOSTS: "localhost" });
});

afterAll(async () => {
  await stack?.close();
  backend?.closeAllConnections();
  await new Promise((r) => backend?.close(r));
});

describe("threat model: what a function cannot do", () => {
  let probe: Record<string, unknown>;
  beforeAll(async () => {
    const answer = await invokeOk("probe");
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
    probe = answer.payload;
  });

  it("sees only its own environment (secrets decrypted by the gateway), even after escaping the vm context", () => {
    expect(probe.env).toEqual({ GREETING: "hello", API_TOKEN: "s3cret" });
    expect(probe.sandboxEnv).toEqual({ GREETING: "hello", API_TOKEN: "s3cret" });
  });

  it("cannot read or write files, not even /proc/*/environ of itself or the gateway", () => {
    for (const key of ["readPasswd", "readProjectEnv", "readOwnEnviron", "readGatewayEnviron", "writeTmp"]) expect(probe[key], key).toBe("ERR_ACCESS_DENIED");
  });

  it("cannot spawn processes or start workers", () => {
    expect(probe.spawn).toBe("ERR_ACCESS_DENIED");
    expect(probe.worker).toBe("ERR_ACCESS_DENIED");
  });

  it("cannot load native addons", () => {
    expect(probe.addon).toBe("ERR_DLOPEN_DISABLED");
  });

  it("gets no fs, child_process or net from require, only the pure allow-list", () => {
    expect(probe.requireFs).toBe("MODULE_NOT_FOUND");
    expect(probe.requireChildProcess).toBe("MODULE_NOT_FOUND");
    expect(probe.requireNet).toBe("MODULE_NOT_FOUND");
    expect(probe.crypto).toBe(64);
  });

  it.each([
    ["a loopback HTTP server", () => `http://127.0.0.1:${backendPort}/`],
    ["the gateway's own port", () => `http://127.0.0.1:${stack.gateway.port}/_gatehouse/health`],
    ["the database port", () => `http://127.0.0.1:${dbPort}/`],
    ["IPv6 loopback", () => `http://[::1]:${backendPort}/`],
    ["a private address", () => "http://10.1.2.3/"],
    ["the link-local metadata address", () => "http://169.254.169.254/latest/meta-data/"],
    ["an IPv4-mapped IPv6 loopback", () => `http://[::ffff:127.0.0.1]:${backendPort}/`],
  ])("cannot fetch %s", async (_, url) => {
    const answer = await invokeOk("fetcher", { url: url() });
    expect(answer.payload.refused).toMatch(/refused: .* is a loopback, private or link-local address/);
  });

  it("can fetch a loopback host an admin allowed (GATEHOUSE_FUNCTION_ALLOWED_HOSTS)", async () => {
    const answer = await invokeOk("fetcher", { url: `http://localhost:${backendPort}/allowed` });
    expect(answer.payload).toEqual({ status: 200, text: "backend saw /allowed" });
  });

  it("is killed at its timeout in an infinite loop while other routes keep answering", async () => {
    const started = Date.now();
    const looping = call("/fn/loop");
    await new Promise((r) => setTimeout(r, 150));
    const mockTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      const mock = await call("/mock");
      mockTimes.push(Date.now() - t);
      expect(mock.status).toBe(200);
    }
    expect(Math.max(...mockTimes)).toBeLessThan(250);
    const res = await looping;
    const took = Date.now() - started;
    expect(res.status).toBe(502);
    expect(res.json()).toEqual({ message: "Internal server error" });
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(2500);
    await waitFor(async () => (stack.gateway.logs.some((l) => l.includes("Task timed out after 1.00 seconds")) ? true : undefined));
  });

  it("is killed at its memory limit in an allocation storm, and the gateway keeps serving", async () => {
    const answer = await invokeOk("storm");
    expect(answer.ok).toBe(false);
    expect(answer.payload.errorType).toBe("Runtime.OutOfMemory");
    expect(answer.errorMessage).toMatch(/ran out of memory \(limit 128 MB\)/);
    expect(answer.durationMs).toBeLessThan(9000); // the heap limit, not the timeout
    const res = await call("/fn/storm");
    expect(res.status).toBe(502);
    expect((await call("/mock")).status).toBe(200);
  });

  it("writing 100 MB of logs keeps 256 KB with a line saying why, and nothing else breaks", async () => {
    const res = await call("/fn/chatty");
    expect(res.status).toBe(200);
    expect(res.text).toBe("still fine");
    const answer = await invokeOk("chatty");
    const bytes = answer.logs.reduce((n, l) => n + Buffer.byteLength(l.message), 0);
    expect(bytes).toBeLessThanOrEqual(256 * 1024 + 200);
    expect(answer.logs.at(-1)?.message).toMatch(/Log output truncated: this invocation wrote more than 256 KB/);
    expect((await call("/mock")).status).toBe(200);
    const rows = await waitFor(async () => {
      const r = await query<{ message: string }>(stack.db.url, `SELECT "message" FROM "FunctionLog" WHERE "requestId" = $1 AND "message" LIKE 'Log output truncated%'`, [answer.requestId]);
      return r.length ? r : undefined;
    });
    expect(rows).toHaveLength(1);
  });
});

describe("runtime contract", () => {
  it("reuses a warm instance: module scope survives between invocations", async () => {
    const first = JSON.parse((await call("/fn/counter")).text);
    const second = JSON.parse((await call("/fn/counter")).text);
    expect(second.calls).toBe(first.calls + 1);
    expect(second.started).toBe(first.started);
  });

  it("gives the handler a Lambda context, and returns logs, durations and memory", async () => {
    const answer = await invokeOk("context", { n: 7 });
    expect(answer.ok).toBe(true);
    expect(answer.payload).toMatchObject({
      functionName: "context",
      functionVersion: "$LATEST",
      invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:context",
      memoryLimitInMB: "256",
      awsRequestId: answer.requestId,
      logGroupName: "/aws/lambda/context",
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(answer.payload.remaining).toBeGreaterThan(4000);
    expect(answer.payload.remaining).toBeLessThanOrEqual(5000);
    expect(answer.logs.map((l) => [l.level, l.message])).toEqual([
      ["log", "event 7"],
      ["warn", "careful"],
      ["error", "bad"],
    ]);
    expect(Date.parse(answer.logs[0].time)).toBeGreaterThan(Date.now() - 60_000);
    expect(answer.durationMs).toBeGreaterThan(0);
    expect(answer.billedDurationMs).toBe(Math.ceil(answer.durationMs));
    expect(answer.peakMemoryMb).toBeGreaterThan(10);
    expect(answer.peakMemoryMb).toBeLessThan(256);
  });

  it("supports callback handlers, and finishes with null when one never calls back", async () => {
    expect((await invokeOk("callback", { n: 21 })).payload).toEqual({ doubled: 42 });
    const answer = await invokeOk("no-callback");
    expect(answer.ok).toBe(true);
    expect(answer.payload).toBeNull();
    expect(answer.logs.map((l) => l.message)).toEqual(["timer ran"]);
  });

  it("logs an uncaught error's stack and answers 502 through the proxy", async () => {
    const answer = await invokeOk("thrower");
    expect(answer.ok).toBe(false);
    expect(answer.payload).toMatchObject({ errorType: "RangeError", errorMessage: "out of range" });
    expect(answer.logs.some((l) => l.level === "error" && l.message.includes("RangeError: out of range") && l.message.includes("at "))).toBe(true);
    expect((await call("/fn/thrower")).status).toBe(502);
  });

  it("answers 502 for a circular result, with a log line saying why", async () => {
    const res = await call("/fn/circular");
    expect(res.status).toBe(502);
    expect(res.json()).toEqual({ message: "Internal server error" });
    await waitFor(async () => (stack.gateway.logs.some((l) => /Lambda execution failed: Converting circular structure to JSON/.test(l)) ? true : undefined));
  });

  it("answers 429 Too Many Requests over the function's concurrency limit, and logs why", async () => {
    const [a, b] = await Promise.all([call("/fn/slow"), new Promise((r) => setTimeout(r, 100)).then(() => call("/fn/slow"))]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 429]);
    const throttled = a.status === 429 ? a : b;
    expect(throttled.json()).toEqual({ message: "Too Many Requests" });
    expect(throttled.headers["x-amzn-errortype"]).toBe("TooManyRequestsException");
    expect(stack.gateway.logs.some((l) => l.includes("function slow is at its concurrency limit (1)"))).toBe(true);
    expect((await call("/fn/slow")).status).toBe(200);
  });

  it("runs saved $LATEST code within 1 s of the Function row update and NOTIFY", async () => {
    expect((await call("/fn/reloaded")).text).toBe("old");
    await stack.prisma.function.update({
      where: { name: "reloaded" },
      data: { code: `exports.handler = async () => ({ statusCode: 200, body: "new" });`, version: { increment: 1 } },
    });
    const saved = Date.now();
    await notifyFunction(stack.prisma, "reloaded");
    await waitFor(async () => ((await call("/fn/reloaded")).text === "new" ? true : undefined), 1000, 10);
    expect(Date.now() - saved).toBeLessThan(1000);
  });

  it("runs a numbered version pinned by a qualifier, whatever $LATEST becomes", async () => {
    expect((await call("/fn/pinned-1")).text).toBe("version one");
    expect((await call("/fn/pinned")).text).toBe("latest");
    await stack.prisma.function.update({ where: { name: "pinned" }, data: { code: `exports.handler = async () => ({ statusCode: 200, body: "latest 2" });` } });
    await notifyFunction(stack.prisma, "pinned");
    await waitFor(async () => ((await call("/fn/pinned")).text === "latest 2" ? true : undefined));
    expect((await call("/fn/pinned-1")).text).toBe("version one");
    const answer = await invokeOk("pinned", {}, "1");
    expect(answer.payload).toEqual({ statusCode: 200, body: "version one" });
  });

  it("writes each invocation's lines, with a REPORT line, to FunctionLog in batches", async () => {
    const answer = await invokeOk("context", { n: 1 });
    const rows = await waitFor(async () => {
      const r = await query<{ level: string; message: string; qualifier: string }>(
        stack.db.url,
        `SELECT "level", "message", "qualifier" FROM "FunctionLog" WHERE "requestId" = $1 ORDER BY "id"`,
        [answer.requestId],
      );
      return r.length >= 4 ? r : undefined;
    });
    expect(rows.map((r) => r.message).slice(0, 3)).toEqual(["event 1", "careful", "bad"]);
    expect(rows[3].message).toMatch(/^REPORT RequestId: .* Duration: .* ms Billed Duration: \d+ ms Memory Size: 256 MB Max Memory Used: \d+ MB$/);
    expect(rows.every((r) => r.qualifier === "$LATEST")).toBe(true);
  });
});

describe("internal test-invoke endpoint", () => {
  it("refuses a missing or wrong token with 401", async () => {
    expect((await internalInvoke("counter", { event: {} }, null)).status).toBe(401);
    expect((await internalInvoke("counter", { event: {} }, internalToken("another-key-another-key-another-key"))).status).toBe(401);
  });

  it("answers 404 for an unknown function or version", async () => {
    expect((await internalInvoke("nope", { event: {} })).status).toBe(404);
    expect((await internalInvoke("pinned", { event: {}, qualifier: "9" })).status).toBe(404);
  });

  it("is not served on an execute-api host", async () => {
    const res = await stack.gateway.request("/_gatehouse/functions/counter/invoke", {
      apiId,
      method: "POST",
      headers: { "x-gatehouse-internal-token": internalToken(SECRET_KEY) },
      body: "{}",
    });
    expect(res.status).not.toBe(200);
  });
});
