import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findFreePort } from "../../lib/server/ports";
import { deployApi } from "../../lib/services/deploy";
import { setStageVariables } from "../helpers/deployments";
import { addHttpMethod, createRestApi } from "../helpers/fixtures";
import { waitFor } from "../helpers/gateway";
import { createStack, type Stack } from "../helpers/stack";

/** HTTP (non-proxy) and HTTP_PROXY against a local backend that records what it received. */

interface Seen {
  /** The gateway's end of the upstream connection. */
  port: number;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let stack: Stack;
let apiId: string;
let backend: http.Server;
let upstream: string;
const seen: Seen[] = [];

/**
 * `/status/{code}` answers that code with X-Status and X-Other headers and a JSON echo;
 * `/hop` answers with hop-by-hop headers; `/slow` never answers; anything else echoes with 200.
 */
async function startBackend(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const got: Seen = { port: req.socket.remotePort!, method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(got);
      if (req.url?.startsWith("/slow")) return;
      const status = /^\/status\/(\d{3})/.exec(req.url ?? "")?.[1];
      const headers: Record<string, string> = { "Content-Type": "text/plain", "X-Status": `was-${status ?? 200}`, "X-Other": "hidden", Server: "test-backend" };
      if (req.url?.startsWith("/hop")) Object.assign(headers, { Connection: "keep-alive, X-Resp-Hop", "X-Resp-Hop": "gone", "Keep-Alive": "timeout=5" });
      const body = JSON.stringify({ method: got.method, url: got.url, body: got.body });
      res.writeHead(Number(status ?? 200), { ...headers, "Content-Length": String(Buffer.byteLength(body)) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

beforeAll(async () => {
  backend = await startBackend();
  upstream = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  stack = await createStack(inject("pgServerUrl"));
  const db = stack.prisma;
  apiId = await createRestApi(db, "http");

  // HTTP_PROXY
  await addHttpMethod(db, apiId, "/proxy/{proxy+}", "ANY", { type: "HTTP_PROXY", uri: `${upstream}/echo/{proxy}` });
  await addHttpMethod(db, apiId, "/hop", "GET", { type: "HTTP_PROXY", uri: `${upstream}/hop` });
  await addHttpMethod(db, apiId, "/mapped-proxy", "GET", {
    type: "HTTP_PROXY",
    uri: `${upstream}/mapped`,
    requestParameters: {
      "integration.request.header.X-From-Query": "method.request.querystring.q",
      "integration.request.header.X-Static": "'static-value'",
      "integration.request.header.X-Replaced": "'by-mapping'",
      "integration.request.querystring.added": "'yes'",
    },
  });
  await addHttpMethod(db, apiId, "/sv/{proxy+}", "ANY", { type: "HTTP_PROXY", uri: "http://${stageVariables.backend}/${stageVariables.prefix}/{proxy}" });

  // HTTP (non-proxy)
  const responses = [
    { statusCode: "200", responseParameters: { "method.response.header.X-Backend-Status": "integration.response.header.X-Status", "method.response.header.X-Static": "'hello'" } },
    { statusCode: "404", selectionPattern: "404" },
    { statusCode: "500", selectionPattern: "5\\d{2}" },
  ];
  await addHttpMethod(db, apiId, "/orders/{id}", "GET", {
    type: "HTTP",
    httpMethod: "GET",
    uri: `${upstream}/status/{code}/orders/{oid}`,
    methodRequestParameters: { "method.request.path.id": true, "method.request.querystring.expand": false, "method.request.querystring.code": false },
    requestParameters: {
      "integration.request.path.oid": "method.request.path.id",
      "integration.request.path.code": "method.request.querystring.code",
      "integration.request.header.X-Trace": "method.request.header.X-Trace",
      "integration.request.header.X-Request-Id": "context.requestId",
      "integration.request.querystring.expand": "method.request.querystring.expand",
    },
    responses,
  });
  await addHttpMethod(db, apiId, "/orders", "POST", { type: "HTTP", httpMethod: "POST", uri: `${upstream}/status/201/create`, responses: [{ statusCode: "200" }] });
  await addHttpMethod(db, apiId, "/default-only", "GET", { type: "HTTP", httpMethod: "GET", uri: `${upstream}/status/400`, responses: [{ statusCode: "200" }] });
  await addHttpMethod(db, apiId, "/no-method-response", "GET", {
    type: "HTTP",
    httpMethod: "GET",
    uri: `${upstream}/status/200`,
    responses: [{ statusCode: "200" }],
    methodResponses: [],
  });
  await addHttpMethod(db, apiId, "/never", "POST", { type: "HTTP", httpMethod: "POST", uri: `${upstream}/x`, passthroughBehavior: "NEVER", responses: [{ statusCode: "200" }] });
  await addHttpMethod(db, apiId, "/slow", "GET", { type: "HTTP", httpMethod: "GET", uri: `${upstream}/slow`, timeoutMs: 300, responses: [{ statusCode: "200" }] });
  await addHttpMethod(db, apiId, "/down", "GET", { type: "HTTP", httpMethod: "GET", uri: `http://127.0.0.1:${await findFreePort()}/`, responses: [{ statusCode: "200" }] });

  // The URIs' ${stageVariables.x} must be defined on the stage at deploy time.
  await deployApi(db, { restApiId: apiId, stageName: "test", variables: { backend: upstream.slice("http://".length), prefix: "v1" } });
  await stack.startGateway();
});

afterAll(async () => {
  await stack?.close();
  backend?.closeAllConnections();
  await new Promise((r) => backend?.close(r));
});

const call = (path: string, options: Parameters<Stack["gateway"]["request"]>[1] = {}) => stack.gateway.request(`/test${path}`, { apiId, ...options });
const lastSeen = () => seen.at(-1)!;

describe("HTTP_PROXY", () => {
  it("drops hop-by-hop headers and those the Connection header names, on the way in", async () => {
    const res = await call("/proxy/a/b", {
      headers: { Connection: "keep-alive, X-Hop-One, x-hop-two", "X-Hop-One": "secret", "X-Hop-Two": "secret", "Keep-Alive": "timeout=5", "X-Kept": "kept" },
    });
    expect(res.status).toBe(200);
    const got = lastSeen();
    expect(got.url).toBe("/echo/a/b");
    expect(got.headers["x-kept"]).toBe("kept");
    for (const name of ["x-hop-one", "x-hop-two", "keep-alive"]) expect(got.headers[name], name).toBeUndefined();
    expect(got.headers["x-forwarded-for"]).toBe("127.0.0.1");
    expect(got.headers["x-amzn-apigateway-api-id"]).toBe(apiId);
  });

  it("drops the backend's hop-by-hop headers and remaps Connection, Content-Length and Server, on the way out", async () => {
    const res = await call("/hop");
    expect(res.status).toBe(200);
    expect(res.headers["x-resp-hop"]).toBeUndefined();
    expect(res.headers["x-amzn-remapped-connection"]).toBe("keep-alive, X-Resp-Hop");
    expect(res.headers["x-amzn-remapped-server"]).toBe("test-backend");
    expect(res.headers["x-amzn-remapped-content-length"]).toBe(String(res.body.length));
    expect(res.headers["x-other"]).toBe("hidden");
  });

  it("keeps upstream connections alive and reuses them", async () => {
    const before = seen.length;
    for (let i = 0; i < 5; i++) expect((await call(`/proxy/reuse/${i}`)).status).toBe(200);
    const ports = new Set(seen.slice(before).map((s) => s.port));
    expect(ports.size).toBe(1);
  });

  it("forwards method, encoded path, query and body", async () => {
    const res = await call("/proxy/items/a%20b/test%2Balias?x=1&x=2&s=a+b", { method: "PUT", body: "payload", headers: { "Content-Type": "text/plain" } });
    expect(res.json()).toEqual({ method: "PUT", url: "/echo/items/a%20b/test%2Balias?x=1&x=2&s=a+b", body: "payload" });
    expect(lastSeen().headers["content-type"]).toBe("text/plain");
  });

  it("applies integration requestParameters: mapped headers replace, mapped query values append", async () => {
    await call("/mapped-proxy?q=from-query", { headers: { "X-Replaced": "by-client", "X-Client": "kept" } });
    const got = lastSeen();
    expect(got.url).toBe("/mapped?q=from-query&added=yes");
    expect(got.headers["x-from-query"]).toBe("from-query");
    expect(got.headers["x-static"]).toBe("static-value");
    expect(got.headers["x-replaced"]).toBe("by-mapping");
    expect(got.headers["x-client"]).toBe("kept");
  });

  it("fills ${stageVariables.x} in the URI and follows a change of the stage's variables", async () => {
    await call("/sv/thing");
    expect(lastSeen().url).toBe("/v1/thing");
    await setStageVariables(stack.prisma, apiId, "test", { backend: upstream.slice("http://".length), prefix: "v2" });
    await waitFor(async () => {
      await call("/sv/thing");
      return lastSeen().url === "/v2/thing" ? true : undefined;
    });
  });
});

describe("HTTP", () => {
  it("sends only mapped parameters plus AWS's default headers", async () => {
    const res = await call("/orders/42?expand=items&ignored=1&code=200", { headers: { "X-Trace": "t-1", "X-Unmapped": "nope", "User-Agent": "client/1" } });
    expect(res.status).toBe(200);
    const got = lastSeen();
    expect(got.method).toBe("GET");
    expect(got.url).toBe("/status/200/orders/42?expand=items");
    expect(got.headers["x-trace"]).toBe("t-1");
    expect(got.headers["x-request-id"]).toBe(res.headers["x-amzn-requestid"]);
    expect(got.headers["x-unmapped"]).toBeUndefined();
    expect(got.headers["user-agent"]).toBe(`AmazonAPIGateway_${apiId}`);
    expect(got.headers.accept).toBe("application/json");
  });

  it("answers with the default response's status and mapped headers, passing the body through", async () => {
    const res = await call("/orders/7?code=201");
    expect(res.status).toBe(200);
    expect(res.headers["x-backend-status"]).toBe("was-201");
    expect(res.headers["x-static"]).toBe("hello");
    expect(res.headers["x-other"]).toBeUndefined();
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.json()).toMatchObject({ url: "/status/201/orders/7" });
  });

  it.each([
    ["404", 404],
    ["503", 500],
    ["500", 500],
  ])("selects the integration response by the backend status %s → %i", async (code, status) => {
    const res = await call(`/orders/1?code=${code}`);
    expect(res.status).toBe(status);
    expect(res.json()).toMatchObject({ url: `/status/${code}/orders/1` });
    expect(res.headers["x-static"]).toBeUndefined();
  });

  it("turns a backend 400 into 200 when only a default response exists", async () => {
    expect((await call("/default-only")).status).toBe(200);
  });

  it("passes a request body and its Content-Type through", async () => {
    const res = await call("/orders", { method: "POST", body: '{"item":1}', headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(200);
    expect(lastSeen()).toMatchObject({ method: "POST", body: '{"item":1}' });
    expect(lastSeen().headers["content-type"]).toBe("application/json");
  });

  it("answers 500 when the selected status has no method response", async () => {
    const res = await call("/no-method-response");
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ message: "Internal server error" });
    await waitFor(async () => (stack.gateway.logs.some((l) => l.includes("invalid method response: 200")) ? true : undefined));
  });

  it("answers 415 with passthrough NEVER and no templates", async () => {
    expect((await call("/never", { method: "POST", body: "{}" })).status).toBe(415);
  });

  it("answers 504 Endpoint request timed out when the backend is too slow", async () => {
    const res = await call("/slow");
    expect(res.status).toBe(504);
    expect(res.json()).toEqual({ message: "Endpoint request timed out" });
  });

  it("answers 504 when the backend is unreachable", async () => {
    const res = await call("/down");
    expect(res.status).toBe(504);
    expect(res.json()).toEqual({ message: "Internal server error" });
  });
});
