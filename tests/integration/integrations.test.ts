import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findFreePort } from "../../lib/server/ports";
import { deployApi } from "../../lib/services/deploy";
import { addMethod, createFunction, createRestApi, notifyFunction } from "../helpers/fixtures";
import { waitFor } from "../helpers/gateway";
import { createStack, type Stack } from "../helpers/stack";

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let stack: Stack;
let apiId: string;
let backend: http.Server;
const seen: Seen[] = [];

/** A local upstream: `/backend/slow` never answers, anything else echoes what it got. */
async function startBackend(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const got = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(got);
      if (req.url?.startsWith("/backend/slow")) return; // hangs until the gateway gives up
      res.writeHead(201, { "Content-Type": "application/json", "X-Backend": "yes", "Proxy-Authenticate": "Basic" });
      res.end(JSON.stringify({ method: got.method, url: got.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

const fn = (body: string) => `exports.handler = async (event) => { ${body} };`;

beforeAll(async () => {
  backend = await startBackend();
  const upstream = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  stack = await createStack(inject("pgServerUrl"));
  const db = stack.prisma;
  apiId = await createRestApi(db);

  await addMethod(db, apiId, "/{proxy+}", "ANY", { type: "HTTP_PROXY", uri: `${upstream}/backend/{proxy}`, timeoutMs: 500 });
  await addMethod(db, apiId, "/as-post", "GET", { type: "HTTP_PROXY", httpMethod: "POST", uri: `${upstream}/fixed` });
  await addMethod(db, apiId, "/down", "GET", { type: "HTTP_PROXY", uri: `http://127.0.0.1:${await findFreePort()}/` });

  await addMethod(db, apiId, "/mock", "GET", {
    type: "MOCK",
    requestTemplate: '{"statusCode": 200}',
    responses: [
      { statusCode: "200", body: '{"mocked":true}', headers: { "X-Mock": "yes" } },
      { statusCode: "404", selectionPattern: "404", body: '{"mocked":"missing"}' },
    ],
  });
  await addMethod(db, apiId, "/mock-missing", "GET", {
    type: "MOCK",
    requestTemplate: '{"statusCode": 404}',
    responses: [
      { statusCode: "200", body: '{"mocked":true}' },
      { statusCode: "404", selectionPattern: "404", body: '{"mocked":"missing"}' },
    ],
  });

  await createFunction(db, "echo", fn(`return { statusCode: 200, body: JSON.stringify({
    resource: event.resource, path: event.path, method: event.httpMethod, pathParameters: event.pathParameters,
    query: event.queryStringParameters, body: event.body, stage: event.requestContext.stage,
    forwarded: { for: event.headers["X-Forwarded-For"], proto: event.headers["X-Forwarded-Proto"], port: event.headers["X-Forwarded-Port"], trace: event.headers["X-Amzn-Trace-Id"] } }) };`));
  await createFunction(db, "throws", fn(`throw new Error("boom");`));
  await createFunction(db, "malformed", fn(`return { statusCode: 200, unexpected: 1 };`));
  await createFunction(db, "hangs", fn(`await new Promise(() => {});`), 1);
  await createFunction(db, "versioned", fn(`return { body: "v1" };`));
  await addMethod(db, apiId, "/fn/echo/{id}", "POST", { type: "AWS_PROXY", functionName: "echo" });
  await addMethod(db, apiId, "/fn/throws", "GET", { type: "AWS_PROXY", functionName: "throws" });
  await addMethod(db, apiId, "/fn/malformed", "GET", { type: "AWS_PROXY", functionName: "malformed" });
  await addMethod(db, apiId, "/fn/function-timeout", "GET", { type: "AWS_PROXY", functionName: "hangs" });
  await addMethod(db, apiId, "/fn/integration-timeout", "GET", { type: "AWS_PROXY", functionName: "hangs", timeoutMs: 300 });
  await addMethod(db, apiId, "/fn/versioned", "GET", { type: "AWS_PROXY", functionName: "versioned" });
  await addMethod(db, apiId, "/fn/later", "GET", { type: "AWS_PROXY", functionName: "later" });

  await deployApi(db, { restApiId: apiId, stageName: "test" });
  await stack.startGateway();
});

afterAll(async () => {
  await stack?.close();
  backend?.closeAllConnections();
  await new Promise((r) => backend?.close(r));
});

const call = (path: string, options: Parameters<Stack["gateway"]["request"]>[1] = {}) =>
  stack.gateway.request(`/test${path}`, { apiId, ...options });

describe("HTTP_PROXY", () => {
  it("forwards method, path, query, body and headers, and returns the upstream's answer", async () => {
    seen.length = 0;
    const res = await call("/items/a%20b/42?a=1&b=two%20words&a=3", {
      method: "PUT",
      headers: {
        "Content-Type": "application/json",
        "X-Custom": "kept",
        "X-Forwarded-For": "10.0.0.1",
        "Proxy-Authorization": "Basic secret",
        TE: "trailers",
        "Keep-Alive": "timeout=5",
      },
      body: '{"hello":"upstream"}',
    });
    expect(res.status).toBe(201);
    expect(res.json()).toEqual({ method: "PUT", url: "/backend/items/a%20b/42?a=1&b=two%20words&a=3" });
    expect(res.headers["x-backend"]).toBe("yes");
    expect(res.headers["proxy-authenticate"]).toBeUndefined();
    expect(res.headers["x-amzn-requestid"]).toBeTruthy();

    expect(seen).toHaveLength(1);
    const got = seen[0];
    expect(got.body).toBe('{"hello":"upstream"}');
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["x-custom"]).toBe("kept");
    expect(got.headers["x-forwarded-for"]).toBe("10.0.0.1, 127.0.0.1");
    expect(got.headers.host).toBe(`127.0.0.1:${(backend.address() as AddressInfo).port}`);
    for (const dropped of ["proxy-authorization", "te", "keep-alive"]) expect(got.headers[dropped], dropped).toBeUndefined();
  });

  it("adds X-Forwarded-For when the client sent none", async () => {
    seen.length = 0;
    await call("/plain");
    expect(seen[0].headers["x-forwarded-for"]).toBe("127.0.0.1");
    expect(seen[0].method).toBe("GET");
  });

  it("uses the integration's own method when it is not ANY", async () => {
    seen.length = 0;
    const res = await call("/as-post");
    expect(res.json()).toEqual({ method: "POST", url: "/fixed" });
  });

  it("answers 504 Endpoint request timed out when the upstream is too slow", async () => {
    const started = Date.now();
    const res = await call("/slow");
    expect(res.status).toBe(504);
    expect(res.json()).toEqual({ message: "Endpoint request timed out" });
    expect(res.headers["x-amzn-errortype"]).toBe("InternalServerErrorException");
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });

  it("answers 504 when the upstream is unreachable", async () => {
    const res = await call("/down");
    expect(res.status).toBe(504);
    expect(res.json()).toEqual({ message: "Internal server error" });
  });
});

describe("MOCK", () => {
  it("answers with the integration response and its header mapping", async () => {
    const res = await call("/mock");
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"mocked":true}');
    expect(res.headers["x-mock"]).toBe("yes");
    expect(res.headers["content-type"]).toBe("application/json");
  });

  it("selects the integration response by the requested status", async () => {
    const res = await call("/mock-missing");
    expect(res.status).toBe(404);
    expect(res.text).toBe('{"mocked":"missing"}');
  });
});

describe("AWS_PROXY", () => {
  it("passes the request as a proxy event and returns the function's response", async () => {
    const res = await call("/fn/echo/7?x=1&x=2", { method: "POST", body: "payload" });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      resource: "/fn/echo/{id}",
      path: "/fn/echo/7",
      method: "POST",
      pathParameters: { id: "7" },
      query: { x: "2" },
      body: "payload",
      stage: "test",
      forwarded: { for: "127.0.0.1", proto: "http", port: String(stack.gateway.port), trace: expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/) },
    });
  });

  it("appends the source IP to the client's X-Forwarded-For and keeps its X-Amzn-Trace-Id, as AWS does", async () => {
    const res = await call("/fn/echo/8", { method: "POST", body: "x", headers: { "X-Forwarded-For": "10.0.0.9", "X-Amzn-Trace-Id": "Root=1-client" } });
    expect((res.json() as { forwarded: unknown }).forwarded).toMatchObject({ for: "10.0.0.9, 127.0.0.1", trace: "Root=1-client" });
  });

  it.each([
    ["the function throws", "/fn/throws"],
    ["the response is malformed", "/fn/malformed"],
    ["the function times out", "/fn/function-timeout"],
  ])("answers 502 Internal server error when %s", async (_, path) => {
    const res = await call(path);
    expect(res.status).toBe(502);
    expect(res.json()).toEqual({ message: "Internal server error" });
    expect(res.headers["x-amzn-errortype"]).toBe("InternalServerErrorException");
  });

  it("answers 504 when the integration timeout is shorter than the function's", async () => {
    const res = await call("/fn/integration-timeout");
    expect(res.status).toBe(504);
    expect(res.json()).toEqual({ message: "Endpoint request timed out" });
  });

  it("answers 500 for a function that does not exist, and serves it once created and announced", async () => {
    const missing = await call("/fn/later");
    expect(missing.status).toBe(500);
    expect(missing.json()).toEqual({ message: "Internal server error" });

    await createFunction(stack.prisma, "later", fn(`return { statusCode: 202, body: "here now" };`));
    await notifyFunction(stack.prisma, "later");
    const res = await waitFor(async () => {
      const r = await call("/fn/later");
      return r.status === 202 ? r : undefined;
    });
    expect(res.text).toBe("here now");
  });

  it("runs the new code after a function change is announced", async () => {
    expect((await call("/fn/versioned")).text).toBe("v1");
    await stack.prisma.function.update({ where: { name: "versioned" }, data: { code: fn(`return { body: "v2" };`) } });
    // Not announced yet: the gateway keeps the code it has.
    expect((await call("/fn/versioned")).text).toBe("v1");
    await notifyFunction(stack.prisma, "versioned");
    await waitFor(async () => ((await call("/fn/versioned")).text === "v2" ? true : undefined));
  });
});
