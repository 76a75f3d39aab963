import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deployApi } from "../../lib/services/deploy";
import { pruneRequestLogs } from "../../lib/services/logs-retention";
import { query } from "../helpers/database";
import { addHttpMethod, addMethod, createFunction, createRestApi, notifyFunction } from "../helpers/fixtures";
import { startTestGateway, waitFor, type GatewayResponse } from "../helpers/gateway";
import { setupManagement, userWithToken, type ManagementSetup } from "./management-harness";

/**
 * Access and execution logs through the real gateway process: a stage with
 * JSON access logs, INFO and data tracing; another stage with logging off;
 * the logs API (filters, pagination, one request's page, the live tail).
 */

let setup: ManagementSetup;
let backend: http.Server;
let apiId: string;

const API_KEY = "apikey-value-abcdef123456";
const BEARER = "supersecret-token-123456";

function startBackend(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const failing = (req.url ?? "").startsWith("/fail");
      res.writeHead(failing ? 500 : 200, { "Content-Type": "application/json" });
      // The backend echoes what it received, secrets included: the logs must not.
      res.end(JSON.stringify({ error: failing ? "backend broke" : undefined, received: body, echo: req.headers["x-echo"] ?? null }));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const send = (path: string, headers: Record<string, string> = {}) => setup.stack.gateway.request(path, { apiId, headers });
const requestIdOf = (res: GatewayResponse) => String(res.headers["x-amzn-requestid"]);
const accessCount = async (stage: string) =>
  Number((await query<{ n: string }>(setup.stack.db.url, `SELECT count(*) AS n FROM "AccessLog" WHERE "stage" = $1`, [stage]))[0].n);
const executionCount = async (stage: string) =>
  Number((await query<{ n: string }>(setup.stack.db.url, `SELECT count(*) AS n FROM "ExecutionLog" WHERE "stage" = $1`, [stage]))[0].n);

async function stageVersion(stage: string): Promise<number> {
  return (await setup.api.get(`/restapis/${apiId}/stages/${stage}`)).body.version;
}

beforeAll(async () => {
  backend = await startBackend();
  const upstream = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  setup = await setupManagement(inject("pgServerUrl"));
  const db = setup.stack.prisma;
  apiId = await createRestApi(db, "logs");
  await addHttpMethod(db, apiId, "/items", "GET", { type: "HTTP", uri: `${upstream}/ok`, responses: [{ statusCode: "200" }] });
  await addHttpMethod(db, apiId, "/broken", "GET", {
    type: "HTTP",
    uri: `${upstream}/fail`,
    requestParameters: { "integration.request.header.X-Echo": "method.request.header.x-api-key" },
    responses: [{ statusCode: "200" }, { statusCode: "500", selectionPattern: "5\\d\\d" }],
  });
  const broken = await db.integration.findFirstOrThrow({ where: { method: { httpMethod: "GET", resource: { restApiId: apiId, path: "/broken" } } } });
  await db.integration.update({ where: { id: broken.id }, data: { requestTemplates: { "application/json": `{"asked": "$input.params('q')", "auth": "$input.params('Authorization')"}` } } });
  await db.integrationResponse.updateMany({
    where: { integrationId: broken.id, statusCode: "500" },
    data: { responseTemplates: { "application/json": `{"failed": true, "upstream": $input.json('$.error')}` } },
  });
  await createFunction(db, "logger", `exports.handler = async (event) => { console.log("hello from the function"); return { statusCode: 201, body: "made" }; };`);
  await notifyFunction(db, "logger");
  await addMethod(db, apiId, "/fn", "GET", { type: "AWS_PROXY", functionName: "logger" });
  await deployApi(db, { restApiId: apiId, stageName: "test" });
  await deployApi(db, { restApiId: apiId, stageName: "quiet" });
  await setup.stack.startGateway();

  const patched = await setup.api.patch(`/restapis/${apiId}/stages/test`, {
    version: await stageVersion("test"),
    accessLogSettings: { format: "JSON" },
    methodSettings: { "*/*": { loggingLevel: "INFO", dataTraceEnabled: true } },
  });
  expect(patched.status).toBe(200);
  expect(patched.body.accessLogSettings).toEqual({ format: "JSON" });
  // The gateway reloads the stage on NOTIFY: wait until a probe is logged.
  await waitFor(async () => {
    await send("/test/items");
    return (await accessCount("test")) > 0 ? true : undefined;
  });
  // The other probes' entries are written by the next flushes.
  await new Promise((r) => setTimeout(r, 700));
});

afterAll(async () => {
  await setup?.close();
  await new Promise((r) => backend?.close(r));
});

const sent: Record<string, string> = {};

describe("access and execution logs", () => {
  it("writes exactly one access entry per request (2xx, 4xx, 5xx), after the batch flush", async () => {
    const before = await accessCount("test");
    const secrets = { authorization: `Bearer ${BEARER}`, "x-api-key": API_KEY };
    const answers = [
      await send("/test/items"),
      await send("/test/items"),
      await send("/test/items?x=1"),
      await send("/test/nope"),
      await send("/test/nope", secrets),
      await send("/test/broken?q=hello", secrets),
      await send("/test/broken?q=again", secrets),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 403, 403, 500, 500]);
    sent.ok = requestIdOf(answers[0]);
    sent.missing = requestIdOf(answers[4]);
    sent.broken = requestIdOf(answers[5]);
    await waitFor(async () => ((await accessCount("test")) >= before + answers.length ? true : undefined));
    // Several flushes later: nothing written twice.
    await new Promise((r) => setTimeout(r, 700));
    expect(await accessCount("test")).toBe(before + answers.length);
    const rows = await query<{ requestId: string; status: number; line: string; errorMessage: string | null }>(
      setup.stack.db.url,
      `SELECT "requestId", "status", "line", "errorMessage" FROM "AccessLog" WHERE "requestId" = ANY($1)`,
      [answers.map(requestIdOf)],
    );
    expect(rows).toHaveLength(answers.length);
    const broken = rows.find((r) => r.requestId === sent.broken)!;
    expect(JSON.parse(broken.line)).toMatchObject({ requestId: sent.broken, status: "500", httpMethod: "GET", resourcePath: "/broken" });
    expect(rows.find((r) => r.requestId === sent.missing)!.errorMessage).toBe("Missing Authentication Token");
  });

  it("writes the entries it holds on graceful shutdown, and copies each to stdout when asked", async () => {
    // A flush interval far beyond the test: only the shutdown flush of the access-log worker can write these.
    const gw = await startTestGateway(setup.stack.db.url, { GATEHOUSE_METRICS_FLUSH_MS: "60000", GATEHOUSE_ACCESS_LOG_STDOUT: "true" });
    const ids: string[] = [];
    try {
      for (let i = 0; i < 5; i++) ids.push(requestIdOf(await gw.request("/test/items?shutdown=1", { apiId })));
      await new Promise((r) => setTimeout(r, 300));
      const written = async () => (await query(setup.stack.db.url, `SELECT 1 FROM "AccessLog" WHERE "requestId" = ANY($1)`, [ids])).length;
      expect(await written()).toBe(0);
      await gw.stop();
      expect(await written()).toBe(5);
    } finally {
      await gw.stop();
    }
    const copies = gw.rawLogs.filter((l) => l.startsWith('{"type":"access"')).map((l) => JSON.parse(l) as { requestId: string; status: number; line: string });
    expect(copies.map((c) => c.requestId).sort()).toEqual([...ids].sort());
    expect(JSON.parse(copies[0].line)).toMatchObject({ httpMethod: "GET", resourcePath: "/items", status: "200" });
  });

  it("logs a failing request's steps with the template output and the integration status, secrets redacted", async () => {
    const lines = await waitFor(async () => {
      const found = await query<{ level: string; step: string; message: string; durationMs: number | null }>(
        setup.stack.db.url,
        `SELECT "level", "step", "message", "durationMs" FROM "ExecutionLog" WHERE "requestId" = $1 ORDER BY "id"`,
        [sent.broken],
      );
      return found.some((l) => l.message.startsWith("Method completed")) ? found : undefined;
    });
    const text = lines.map((l) => l.message).join("\n");
    expect(text).toContain("Method request query string: {q=hello}");
    expect(text).toContain('Endpoint request body after transformations: {"asked": "hello"');
    expect(text).toContain("Received response. Status: 500");
    expect(text).toContain('method response body after transformations: {"failed": true, "upstream": "backend broke"}');
    expect(text).toContain("Integration response 500 chosen");
    expect(text).toContain("Method completed with status: 500");
    // Each pipeline step is timed.
    expect(lines.find((l) => l.step === "validate")?.durationMs).not.toBeNull();
    expect(lines.find((l) => l.step === "cache and integration")?.durationMs).not.toBeNull();
    // Secrets: in the method request headers, the mapped header, the template output and the backend's echo.
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(BEARER);
    expect(text).toContain("x-api-key=****");
  });

  it("writes nothing for a stage with logging off", async () => {
    for (const path of ["/quiet/items", "/quiet/nope", "/quiet/broken"]) await send(path);
    await new Promise((r) => setTimeout(r, 800));
    expect(await accessCount("quiet")).toBe(0);
    expect(await executionCount("quiet")).toBe(0);
  });

  it("a method's own OFF level overrides the stage default", async () => {
    await setup.api.patch(`/restapis/${apiId}/stages/test`, {
      version: await stageVersion("test"),
      methodSettings: { "*/*": { loggingLevel: "INFO", dataTraceEnabled: true }, "~1items/GET": { loggingLevel: "OFF" } },
    });
    await new Promise((r) => setTimeout(r, 500));
    const res = await send("/test/items");
    await waitFor(async () => ((await query(setup.stack.db.url, `SELECT 1 FROM "AccessLog" WHERE "requestId" = $1`, [requestIdOf(res)])).length ? true : undefined));
    await new Promise((r) => setTimeout(r, 400));
    expect(await query(setup.stack.db.url, `SELECT 1 FROM "ExecutionLog" WHERE "requestId" = $1`, [requestIdOf(res)])).toEqual([]);
  });
});

describe("logs API", () => {
  it("filters by status class, method, path, request id and text, newest first with a cursor", async () => {
    const base = `/logs?restApiId=${apiId}&stage=test`;
    const errors = await setup.api.get(`${base}&status=5xx`);
    expect(errors.status).toBe(200);
    expect(errors.body.items.map((i: { status: number }) => i.status)).toEqual([500, 500]);
    expect((await setup.api.get(`${base}&status=403`)).body.items).toHaveLength(2);
    expect((await setup.api.get(`${base}&path=/broken`)).body.items).toHaveLength(2);
    expect((await setup.api.get(`${base}&method=post`)).body.items).toHaveLength(0);
    const one = await setup.api.get(`/logs?requestId=${sent.broken}`);
    expect(one.body.items).toHaveLength(1);
    expect(one.body.items[0]).toMatchObject({ requestId: sent.broken, status: 500, path: "/broken", resourcePath: "/broken" });
    expect((await setup.api.get(`${base}&text=MISSING AUTHENTICATION`)).body.items).toHaveLength(2);
    expect((await setup.api.get(`${base}&from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z`)).body.items).toHaveLength(0);

    const first = await setup.api.get(`${base}&limit=3`);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.nextCursor).toBe(first.body.items[2].id);
    const second = await setup.api.get(`${base}&limit=3&cursor=${first.body.nextCursor}`);
    expect(Number(second.body.items[0].id)).toBeLessThan(Number(first.body.items[2].id));
    expect((await setup.api.get(`${base}&status=7xx`)).status).toBe(400);
  });

  it("joins one request's access entry, execution log and function logs", async () => {
    const page = await setup.api.get(`/logs/requests/${sent.broken}`);
    expect(page.status).toBe(200);
    expect(page.body.access).toMatchObject({ requestId: sent.broken, status: 500 });
    expect(page.body.execution.at(-1).message).toBe("Method completed with status: 500");
    // A gateway error (no resource: 403) is an ERROR line with its reason.
    const missing = await setup.api.get(`/logs/requests/${sent.missing}`);
    expect(missing.body.execution.filter((l: { level: string }) => l.level === "ERROR").map((l: { message: string }) => l.message)).toContain("Missing Authentication Token");

    const fn = await send("/test/fn");
    expect(fn.status).toBe(201);
    const joined = await waitFor(async () => {
      const r = await setup.api.get(`/logs/requests/${requestIdOf(fn)}`);
      // Access, execution and function logs are flushed by separate writers: wait for all three.
      const done = r.body?.execution?.some((l: { message: string }) => l.message.startsWith("Method completed"));
      return r.status === 200 && r.body.access && r.body.functionLogs.length > 0 && done ? r.body : undefined;
    });
    expect(joined.functionLogs.map((l: { message: string }) => l.message).join("\n")).toContain("hello from the function");
    expect(joined.execution.map((l: { message: string }) => l.message)).toContain("Method completed with status: 201");

    expect((await setup.api.get(`/logs/requests/no-such-request`)).status).toBe(404);
  });

  it("is for admins, owners and testers, not viewers (logs hold request data)", async () => {
    const viewer = await userWithToken(setup.stack.prisma, "viewer");
    const tester = await userWithToken(setup.stack.prisma, "tester");
    expect((await viewer.api.get("/logs")).status).toBe(403);
    expect((await viewer.api.get(`/logs/requests/${sent.broken}`)).status).toBe(403);
    expect((await tester.api.get("/logs")).status).toBe(200);
  });

  it("streams a new entry over server-sent events", async () => {
    const { GET } = await import("../../app/api/v1/logs/stream/route");
    const abort = new AbortController();
    const res = await GET(
      new Request(`http://console.test/api/v1/logs/stream?restApiId=${apiId}&stage=test`, { headers: { authorization: `Bearer ${setup.admin.secret}` }, signal: abort.signal }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    // Connected before the request is sent: the stream starts after the newest entry.
    text += decoder.decode((await reader.read()).value);
    const fresh = await send("/test/nope?live=1");
    const id = requestIdOf(fresh);
    const deadline = Date.now() + 15_000;
    while (!text.includes(id) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    abort.abort();
    await reader.cancel().catch(() => {});
    const event = text.split("\n\n").find((e) => e.includes(id))!;
    expect(event).toMatch(/^id: \d+\nevent: access\ndata: /);
    expect(JSON.parse(event.split("data: ")[1])).toMatchObject({ requestId: id, status: 403, path: "/nope" });
  });

  it("retention deletes old rows in batches and keeps recent ones", async () => {
    const db = setup.stack.prisma;
    const old = new Date(Date.now() - 40 * 86_400_000);
    await db.accessLog.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({ time: old, requestId: `old-${i}`, restApiId: apiId, stage: "test", httpMethod: "GET", path: "/x", status: 200, latencyMs: 1, line: "x" })),
    });
    await db.executionLog.create({ data: { time: old, requestId: "old-0", restApiId: apiId, stage: "test", level: "INFO", step: "route", message: "x" } });
    const recent = await accessCount("test");
    const pruned = await pruneRequestLogs((sql, params) => db.$executeRawUnsafe(sql, ...params), { accessDays: 14, executionDays: 7 });
    expect(pruned).toEqual({ access: 25, execution: 1 });
    expect(await accessCount("test")).toBe(recent - 25);
    expect(await db.accessLog.count({ where: { requestId: { startsWith: "old-" } } })).toBe(0);
    expect(await db.accessLog.count({ where: { requestId: sent.broken } })).toBe(1);
  });
});
