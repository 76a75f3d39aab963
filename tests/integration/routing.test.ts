import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deployApi } from "../../lib/services/deploy";
import { addMethod, createFunction, createRestApi } from "../helpers/fixtures";
import { createStack, type Stack } from "../helpers/stack";

/**
 * AWS routing over real HTTP: precedence (literal > {param} > {proxy+}, verb >
 * ANY, backtracking), HEAD, trailing and double slashes, encoded segments.
 * The echo function reports which resource served the request and how.
 */

let stack: Stack;
let apiId: string;
let strictApiId: string;

const echo = `exports.handler = async (event) => ({
  statusCode: 200,
  headers: { "X-Resource": event.resource },
  body: JSON.stringify({ resource: event.resource, path: event.path, pathParameters: event.pathParameters,
    method: event.httpMethod, contextPath: event.requestContext.path }),
});`;

beforeAll(async () => {
  stack = await createStack(inject("pgServerUrl"));
  const db = stack.prisma;
  await createFunction(db, "echo", echo);
  const fn = { type: "AWS_PROXY", functionName: "echo" } as const;
  apiId = await createRestApi(db, "routing");
  const routes: Array<[string, string]> = [
    ["/", "GET"],
    ["/pets", "GET"],
    ["/pets", "POST"],
    ["/pets/dog", "GET"],
    ["/pets/{id}", "GET"],
    ["/pets/{id}", "DELETE"],
    ["/pets/{id}/toys", "ANY"],
    ["/test", "POST"],
    ["/files/{name}", "GET"],
    ["/head-only", "HEAD"],
    ["/get-only", "GET"],
    ["/{proxy+}", "ANY"],
  ];
  for (const [path, verb] of routes) await addMethod(db, apiId, path, verb, fn);
  await deployApi(db, { restApiId: apiId, stageName: "test" });

  // No catch-all here, so unmatched requests show AWS's 403.
  strictApiId = await createRestApi(db, "strict");
  await addMethod(db, strictApiId, "/only", "GET", fn);
  await addMethod(db, strictApiId, "/mock", "GET", { type: "MOCK", responses: [{ statusCode: "200", body: '{"mock":"body"}' }] });
  await deployApi(db, { restApiId: strictApiId, stageName: "test" });
  await stack.startGateway();
});

afterAll(() => stack?.close());

const call = (path: string, method = "GET", id = apiId) => stack.gateway.request(path, { apiId: id, method });

interface Echo {
  resource: string;
  path: string;
  pathParameters: Record<string, string> | null;
  method: string;
  contextPath: string;
}

describe("routing precedence", () => {
  it.each<[string, string, string, Record<string, string> | null]>([
    ["GET", "/", "/", null],
    ["GET", "/pets", "/pets", null],
    ["POST", "/pets", "/pets", null],
    ["PUT", "/pets", "/{proxy+}", { proxy: "pets" }],
    ["GET", "/pets/dog", "/pets/dog", null],
    ["DELETE", "/pets/dog", "/pets/{id}", { id: "dog" }],
    ["POST", "/pets/dog", "/{proxy+}", { proxy: "pets/dog" }],
    ["GET", "/pets/7", "/pets/{id}", { id: "7" }],
    ["PATCH", "/pets/7", "/{proxy+}", { proxy: "pets/7" }],
    ["PATCH", "/pets/7/toys", "/pets/{id}/toys", { id: "7" }],
    ["GET", "/pets/7/toys/", "/pets/{id}/toys", { id: "7" }],
    ["GET", "/pets/7/other", "/{proxy+}", { proxy: "pets/7/other" }],
    ["POST", "/test", "/test", null],
    ["OPTIONS", "/test", "/{proxy+}", { proxy: "test" }],
    ["GET", "/files/a%20b", "/files/{name}", { name: "a%20b" }],
    ["GET", "/files/test%2Balias@gmail.com", "/files/{name}", { name: "test%2Balias@gmail.com" }],
    ["GET", "/files/x/y", "/{proxy+}", { proxy: "files/x/y" }],
    ["GET", "/a/b/c", "/{proxy+}", { proxy: "a/b/c" }],
    ["GET", "/get-only", "/get-only", null],
    ["GET", "/head-only", "/{proxy+}", { proxy: "head-only" }],
  ])("%s %s → %s %j", async (method, path, resource, pathParameters) => {
    const res = await call(`/test${path}`, method);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ resource, pathParameters, method });
  });
});

describe("paths as AWS passes them on", () => {
  it("keeps a trailing slash in `path` but not in {proxy+}", async () => {
    const body = (await call("/test/proxy-value/")).json() as Echo;
    expect(body).toMatchObject({ path: "/proxy-value/", pathParameters: { proxy: "proxy-value" }, contextPath: "/test/proxy-value/" });
  });

  it("keeps an inner `//` in `path` and {proxy+}", async () => {
    const body = (await call("/test/proxy-value//double-slash")).json() as Echo;
    expect(body).toMatchObject({ path: "/proxy-value//double-slash", pathParameters: { proxy: "proxy-value//double-slash" } });
  });

  it("collapses `//` right after the stage in `path` but not in requestContext.path", async () => {
    const body = (await call("/test//pets")).json() as Echo;
    expect(body).toMatchObject({ resource: "/pets", path: "/pets", contextPath: "/test//pets" });
  });

  it("does not decode escapes in `path` or path parameters", async () => {
    const body = (await call("/test/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com")).json() as Echo;
    expect(body.path).toBe("/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com");
    expect(body.pathParameters).toEqual({ proxy: "api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com" });
  });
});

describe("HEAD", () => {
  it("is served by a HEAD method, without a body", async () => {
    const res = await call("/test/head-only", "HEAD");
    expect(res.status).toBe(200);
    expect(res.headers["x-resource"]).toBe("/head-only");
    expect(res.body.length).toBe(0);
  });

  it("is not covered by GET: it falls through to ANY, or is 403 where there is none", async () => {
    const viaAny = await call("/test/get-only", "HEAD");
    expect(viaAny.status).toBe(200);
    expect(viaAny.headers["x-resource"]).toBe("/{proxy+}");
    const strict = await call("/test/only", "HEAD", strictApiId);
    expect(strict.status).toBe(403);
    expect(strict.headers["x-amzn-errortype"]).toBe("MissingAuthenticationTokenException");
  });

  it("answers a MOCK's headers and length with no body", async () => {
    const get = await call("/test/mock", "GET", strictApiId);
    expect(get.text).toBe('{"mock":"body"}');
    await addMethod(stack.prisma, strictApiId, "/mock", "HEAD", { type: "MOCK", responses: [{ statusCode: "200", body: '{"mock":"body"}' }] });
    await deployApi(stack.prisma, { restApiId: strictApiId, stageName: "test" });
    const head = await waitForStatus(() => call("/test/mock", "HEAD", strictApiId), 200);
    expect(head.headers["content-length"]).toBe(String(Buffer.byteLength('{"mock":"body"}')));
    expect(head.headers["content-type"]).toBe("application/json");
    expect(head.body.length).toBe(0);
  });
});

describe("unmatched requests", () => {
  it.each([
    ["GET", "/test/nope"],
    ["POST", "/test/only"],
    ["PROPFIND", "/test/only"],
    ["GET", "/test/only/extra"],
  ])("%s %s is 403 Missing Authentication Token", async (method, path) => {
    const res = await call(path, method, strictApiId);
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ message: "Missing Authentication Token" });
  });

  it("matches `/only/` to /only", async () => {
    expect((await call("/test/only/", "GET", strictApiId)).status).toBe(200);
  });
});

async function waitForStatus(send: () => ReturnType<typeof call>, status: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await send();
    if (res.status === status || Date.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, 25));
  }
}
