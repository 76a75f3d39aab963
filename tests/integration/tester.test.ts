import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitFor } from "../helpers/gateway";
import { setupManagement, userWithToken, type ManagementClient, type ManagementSetup } from "./management-harness";

/** The request tester (issue 11) through the management routes and a real gateway process. */

let setup: ManagementSetup;
let api: ManagementClient;
let apiId: string;
let mockId: string;
let echoId: string;
let slowId: string;
let backend: http.Server;
const received: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
const SECRET_KEY = "tester-test-secret-key-0123456789abcdef";
const previous = { key: process.env.GATEHOUSE_SECRET_KEY, port: process.env.GATEWAY_PORT };

const logText = (log: Array<{ message: string }>) => log.map((l) => l.message).join("\n");

beforeAll(async () => {
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY;
  setup = await setupManagement(inject("pgServerUrl"));
  api = setup.api;
  backend = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url?.startsWith("/slow")) {
        setTimeout(() => res.writeHead(200).end("late"), 1500);
        return;
      }
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ backend: "yes", got: body ? JSON.parse(body) : null }));
    });
  });
  await new Promise<void>((r) => backend.listen(0, "127.0.0.1", () => r()));
  const backendPort = (backend.address() as AddressInfo).port;

  const made = await api.post("/restapis", { name: "tester-api" });
  apiId = made.body.id;
  mockId = (await api.post(`/restapis/${apiId}/resources/${made.body.rootResourceId}`, { pathPart: "mock" })).body.id;
  const M = `/restapis/${apiId}/resources/${mockId}/methods`;
  expect((await api.put(`${M}/POST`, {})).status).toBe(201);
  await api.put(`${M}/POST/integration`, { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200, "name": "$input.path(\'$.name\')"}' } });
  await api.put(`${M}/POST/responses/200`, {});
  await api.put(`${M}/POST/integration/responses/200`, { responseTemplates: { "application/json": '{"hello": "mock", "var": "$stageVariables.color"}' } });

  echoId = (await api.post(`/restapis/${apiId}/resources/${made.body.rootResourceId}`, { pathPart: "echo" })).body.id;
  const E = `/restapis/${apiId}/resources/${echoId}/methods`;
  expect((await api.put(`${E}/POST`, { apiKeyRequired: true })).status).toBe(201);
  const integ = await api.put(`${E}/POST/integration`, {
    type: "HTTP",
    httpMethod: "POST",
    uri: `http://127.0.0.1:${backendPort}/backend`,
    requestTemplates: { "application/json": '{"mapped": "$input.path(\'$.name\')"}' },
  });
  expect(integ.status, JSON.stringify(integ.body)).toBe(201);
  await api.put(`${E}/POST/responses/200`, {});
  await api.put(`${E}/POST/integration/responses/200`, {});
  slowId = (await api.post(`/restapis/${apiId}/resources/${made.body.rootResourceId}`, { pathPart: "slow" })).body.id;
  const S = `/restapis/${apiId}/resources/${slowId}/methods`;
  await api.put(`${S}/GET`, {});
  await api.put(`${S}/GET/integration`, { type: "HTTP", httpMethod: "GET", uri: `http://127.0.0.1:${backendPort}/slow`, timeoutInMillis: 100 });
  await api.put(`${S}/GET/responses/200`, {});
  await api.put(`${S}/GET/integration/responses/200`, {});
  const deployed = await api.post(`/restapis/${apiId}/deployments`, { stageName: "dev" });
  expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);

  const gateway = await setup.stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY });
  process.env.GATEWAY_PORT = String(gateway.port);
}, 60_000);

afterAll(async () => {
  await setup?.close();
  await new Promise<void>((r) => (backend ? backend.close(() => r()) : r()));
  for (const [name, value] of [["GATEHOUSE_SECRET_KEY", previous.key], ["GATEWAY_PORT", previous.port]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("method test (working copy, through the gateway process)", () => {
  it("runs a MOCK with templates: status, body and the log with the template output", async () => {
    const res = await api.post(`/restapis/${apiId}/resources/${mockId}/methods/POST/test`, {
      headers: { "Content-Type": "application/json" },
      body: '{"name": "Rex"}',
      stageVariables: { color: "blue" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe(200);
    expect(JSON.parse(res.body.body)).toEqual({ hello: "mock", var: "blue" });
    expect(res.body.bodySize).toBe(Buffer.byteLength(res.body.body));
    expect(res.body.truncated).toBe(false);
    expect(typeof res.body.latency).toBe("number");
    const log = logText(res.body.log);
    expect(log).toContain("authorization, throttling and API keys are skipped");
    expect(log).toMatch(/Resource Path: \/mock/);
    // The request template's output (MOCK: the response template sees no request body, as on AWS).
    expect(log).toContain('"name": "Rex"');
    expect(log).toContain('"hello": "mock"');
    expect(res.body.log.some((l: { step: string; durationMs: number | null }) => l.step === "integration" && l.durationMs !== null)).toBe(true);
  });

  it("runs an HTTP integration to a local backend: the mapped request and the backend's reply are in the log", async () => {
    received.length = 0;
    const res = await api.post(`/restapis/${apiId}/resources/${echoId}/methods/POST/test`, {
      headers: { "Content-Type": "application/json" },
      body: '{"name": "Fido"}',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // API keys are skipped in a method test, as on AWS.
    expect(res.body.status).toBe(200);
    expect(JSON.parse(res.body.body)).toEqual({ backend: "yes", got: { mapped: "Fido" } });
    expect(received[0].body).toContain('"mapped": "Fido"');
    const log = logText(res.body.log);
    expect(log).toContain('"mapped": "Fido"');
    expect(log).toContain('"backend":"yes"');
  });

  it("shows a timeout with the log up to it", async () => {
    const res = await api.post(`/restapis/${apiId}/resources/${slowId}/methods/GET/test`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe(504);
    expect(res.body.timedOut).toBe(true);
    expect(JSON.parse(res.body.body)).toEqual({ message: "Endpoint request timed out" });
    const log = logText(res.body.log);
    expect(log).toMatch(/Resource Path: \/slow/);
    expect(log).toMatch(/Execution failed/);
  });

  it("answers 400 naming the problem when the working copy does not compile, 404 for an unknown method", async () => {
    expect((await api.post(`/restapis/${apiId}/resources/${mockId}/methods/DELETE/test`, {})).status).toBe(404);
    // A method without an integration cannot be deployed or tested…
    const M = `/restapis/${apiId}/resources/${mockId}/methods/PATCH`;
    expect((await api.put(M, { authorizationType: "NONE" })).status).toBe(201);
    const broken = await api.post(`${M}/test`, {});
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.body.problems)).toContain("No integration");
    // …but, as on AWS, the other methods of the API still can be.
    const other = await api.post(`/restapis/${apiId}/resources/${mockId}/methods/POST/test`, { headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    expect((await api.delete(M)).status).toBe(204);
  });

  it("works on the working copy: an undeployed change is tested", async () => {
    const M = `/restapis/${apiId}/resources/${mockId}/methods/POST`;
    await api.put(`${M}/integration/responses/200`, { responseTemplates: { "application/json": '{"changed": true}' } });
    const res = await api.post(`${M}/test`, { headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(JSON.parse(res.body.body)).toEqual({ changed: true });
  });
});

describe("send to a stage", () => {
  it("sends through the gateway with an API key chosen by name (value inserted server-side, never returned)", async () => {
    const key = (await api.post("/apikeys", { name: "tester-key" })).body;
    const plan = await api.post("/usageplans", { name: "tester-plan", apiStages: [{ restApiId: apiId, stageName: "dev" }] });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    expect((await api.post(`/usageplans/${plan.body.id}/keys`, { keyId: key.id, keyType: "API_KEY" })).status).toBe(201);
    const tester = await userWithToken(setup.stack.prisma, "tester");
    const send = (apiKey: string | null) =>
      tester.api.post("/tester/send", { restApiId: apiId, stageName: "dev", httpMethod: "POST", resourceId: echoId, path: "/echo", headers: { "content-type": "application/json" }, body: '{"name":"Stage"}', apiKey });
    expect((await send(null)).body.status).toBe(403);
    const escape = await tester.api.post("/tester/send", { restApiId: apiId, stageName: "dev", httpMethod: "POST", path: "/../../../_gatehouse/health" });
    expect(escape.status).toBe(400);
    received.length = 0;
    const ok = await waitFor(async () => {
      const r = await send("tester-key");
      return r.body.status === 200 ? r : undefined;
    });
    expect(JSON.parse(ok.body.body)).toEqual({ backend: "yes", got: { mapped: "Stage" } });
    expect(received.at(-1)?.body).toContain("Stage");
    expect(JSON.stringify(ok.body)).not.toContain(key.value);
    expect(ok.body.requestId).toBeTruthy();
    expect(ok.body.timing.totalMs).toBeGreaterThan(0);
    expect(ok.body.timing.note).toMatch(/access logging is off/);
    const history = await tester.api.get("/tester/history");
    expect(JSON.stringify(history.body)).not.toContain(key.value);
    expect(history.body[0]).toMatchObject({ mode: "stage", stageName: "dev", request: { apiKey: key.id } });
    // Copy as curl: a tester sees $API_KEY, an admin the value.
    const target = { restApiId: apiId, stageName: "dev", httpMethod: "POST", request: history.body[0].request };
    const curlTester = (await tester.api.post("/tester/curl", target)).body.curl as string;
    expect(curlTester).toContain("x-api-key: $API_KEY");
    expect(curlTester).not.toContain(key.value);
    expect(curlTester).toContain(`${apiId}.execute-api.`);
    expect((await api.post("/tester/curl", target)).body.curl).toContain(key.value);

    // With the stage's access and execution logs on, the timing is split and the log is shown.
    const stage = await api.get(`/restapis/${apiId}/stages/dev`);
    const patched = await api.patch(`/restapis/${apiId}/stages/dev`, {
      version: stage.body.version,
      accessLogSettings: { format: "JSON" },
      methodSettings: { "*/*": { loggingLevel: "INFO", dataTraceEnabled: true } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const split = await waitFor(async () => {
      const r = await send("tester-key");
      return r.body.timing?.integrationMs !== null && r.body.timing?.integrationMs !== undefined ? r : undefined;
    }, 20_000);
    expect(split.body.timing.gatewayMs).toBeGreaterThanOrEqual(0);
    expect(split.body.timing.note).toBeNull();
    expect(logText(split.body.log)).toContain('"mapped": "Stage"');
    expect(JSON.stringify(split.body.log)).not.toContain(key.value);
  }, 60_000);
});

describe("history", () => {
  it("keeps the last 100 per user, newest first, and can be cleared", async () => {
    const user = await userWithToken(setup.stack.prisma, "tester");
    const rows = Array.from({ length: 103 }, (_, i) => ({
      userId: user.user.id,
      mode: "method",
      restApiId: apiId,
      resourceId: mockId,
      httpMethod: "POST",
      request: { path: `/mock?i=${i}` },
      response: { status: 200, latency: 1, bodySize: 0, timedOut: false },
      createdAt: new Date(Date.now() - (200 - i) * 1000),
    }));
    await setup.stack.prisma.testRequest.createMany({ data: rows });
    const res = await user.api.post(`/restapis/${apiId}/resources/${mockId}/methods/POST/test`, { body: "{}" });
    expect(res.status).toBe(200);
    expect(await setup.stack.prisma.testRequest.count({ where: { userId: user.user.id } })).toBe(100);
    const list = await user.api.get("/tester/history");
    expect(list.body).toHaveLength(100);
    expect(list.body[0].id).toBe(res.body.historyId);
    expect(list.body.at(-1).request.path).toBe("/mock?i=4");
    // Others' history is not visible.
    expect((await api.get("/tester/history")).body.some((e: { id: string }) => e.id === res.body.historyId)).toBe(false);
    const rerun = await user.api.post(`/tester/history/${res.body.historyId}/run`);
    expect(rerun.body.status).toBe(200);
    expect((await user.api.delete("/tester/history")).status).toBe(204);
    expect((await user.api.get("/tester/history")).body).toEqual([]);
  });
});

describe("collections and roles", () => {
  it("a tester saves into a shared collection, another user re-runs it, a viewer reads but cannot run", async () => {
    const tester = await userWithToken(setup.stack.prisma, "tester");
    const other = await userWithToken(setup.stack.prisma, "tester");
    const viewer = await userWithToken(setup.stack.prisma, "viewer");
    const created = await tester.api.post("/tester/collections", { name: "smoke", description: "basic checks" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await tester.api.post("/tester/collections", { name: "smoke" })).status).toBe(409);
    const item = await tester.api.post(`/tester/collections/${created.body.id}/items`, {
      name: "mock POST",
      mode: "method",
      restApiId: apiId,
      resourceId: mockId,
      httpMethod: "POST",
      request: { path: "/mock", headers: { "Content-Type": "application/json" }, body: "{}" },
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    const listed = await other.api.get("/tester/collections");
    expect(listed.body[0].items[0]).toMatchObject({ name: "mock POST", createdBy: tester.user.email });
    const run = await other.api.post(`/tester/collections/${created.body.id}/items/${item.body.id}/run`);
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.status).toBe(200);
    expect((await other.api.get("/tester/history")).body[0].id).toBe(run.body.historyId);

    expect((await viewer.api.get("/tester/collections")).status).toBe(200);
    expect((await viewer.api.post(`/tester/collections/${created.body.id}/items/${item.body.id}/run`)).status).toBe(403);
    expect((await viewer.api.post(`/restapis/${apiId}/resources/${mockId}/methods/POST/test`, {})).status).toBe(403);
    expect((await viewer.api.post("/tester/send", { restApiId: apiId, stageName: "dev", httpMethod: "POST" })).status).toBe(403);
    expect((await viewer.api.post("/tester/collections", { name: "v" })).status).toBe(403);
    // Testers cannot change APIs.
    expect((await tester.api.put(`/restapis/${apiId}/resources/${mockId}/methods/GET`, {})).status).toBe(403);

    const renamed = await tester.api.patch(`/tester/collections/${created.body.id}`, { name: "smoke-2", version: 1 });
    expect(renamed.body.name).toBe("smoke-2");
    expect((await tester.api.patch(`/tester/collections/${created.body.id}`, { name: "x", version: 1 })).status).toBe(409);
    expect((await other.api.delete(`/tester/collections/${created.body.id}/items/${item.body.id}`)).status).toBe(204);
    expect((await other.api.delete(`/tester/collections/${created.body.id}`)).status).toBe(204);
  });
});
