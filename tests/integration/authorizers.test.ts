/* eslint-disable @typescript-eslint/no-explicit-any -- loose JSON bodies */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { functionInvocationUri } from "../../lib/arn";
import { ARN } from "../helpers/fixtures";
import { waitFor } from "../helpers/gateway";
import { setupManagement, type ManagementClient, type ManagementSetup } from "./management-harness";

/**
 * JWT and function authorizers end to end: management API (harness) →
 * deploy → the real gateway process; a JWKS served by this test on 127.0.0.1.
 */

const SECRET_KEY = "authorizers-test-secret-key-0123456789abcdef";
const ISS = "https://issuer.gatehouse.test";
const HS_SECRET = "hs256-shared-secret-for-tests-0123456789";
let setup: ManagementSetup;
let api: ManagementClient;
let apiId: string;
let rootId: string;
const previousKey = process.env.GATEHOUSE_SECRET_KEY;
const previousPort = process.env.GATEWAY_PORT;

// ---------- JWKS server ----------
const keyA = generateKeyPairSync("rsa", { modulusLength: 2048 });
const keyB = generateKeyPairSync("ec", { namedCurve: "P-256" });
const jwk = (k: KeyObject, kid: string, alg: string) => ({ ...(k.export({ format: "jwk" }) as object), kid, alg, use: "sig" });
let jwksKeys: object[] = [jwk(keyA.publicKey, "key-a", "RS256")];
let jwksHits = 0;
let jwksServer: http.Server;
let jwksUrl: string;

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
function signRs(payload: object, kid: string, key = keyA.privateKey): string {
  const input = `${b64({ alg: "RS256", kid, typ: "JWT" })}.${b64(payload)}`;
  return `${input}.${sign("sha256", Buffer.from(input), key).toString("base64url")}`;
}
function signEs(payload: object, kid: string): string {
  const input = `${b64({ alg: "ES256", kid })}.${b64(payload)}`;
  return `${input}.${sign("sha256", Buffer.from(input), { key: keyB.privateKey, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
}
function signHs(payload: object, secret = HS_SECRET): string {
  const input = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(payload)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}
const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: object = {}) => ({ iss: ISS, aud: "gatehouse-api", sub: "user-123", exp: now() + 600, iat: now(), scope: "pets/read", email: "u@test", ...extra });

// ---------- helpers ----------
async function ok<T = any>(p: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const res = await p;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}
async function fn(name: string, code: string) {
  await ok(api.post("/functions", { name, language: "javascript", files: { "index.js": code } }), 201);
}
const uri = (name: string) => functionInvocationUri(ARN, name);
async function resource(pathPart: string): Promise<string> {
  return (await ok(api.post(`/restapis/${apiId}/resources/${rootId}`, { pathPart }), 201)).id;
}
async function mockMethod(resourceId: string, auth: Record<string, unknown>, template: string) {
  const M = `/restapis/${apiId}/resources/${resourceId}/methods/GET`;
  await ok(api.put(M, auth), 201);
  await ok(api.put(`${M}/integration`, { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }), 201);
  await ok(api.put(`${M}/responses/200`, {}), 201);
  await ok(api.put(`${M}/integration/responses/200`, { responseTemplates: { "application/json": template } }), 201);
}
async function proxyMethod(resourceId: string, auth: Record<string, unknown>, functionName: string) {
  const M = `/restapis/${apiId}/resources/${resourceId}/methods/GET`;
  await ok(api.put(M, auth), 201);
  await ok(api.put(`${M}/integration`, { type: "AWS_PROXY", httpMethod: "POST", uri: uri(functionName) }), 201);
}
async function deploy() {
  await ok(api.post(`/restapis/${apiId}/deployments`, { stageName: "test" }), 201);
}
const call = (path: string, headers: Record<string, string> = {}) => setup.stack.gateway.request(`/test${path}`, { apiId, headers });
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

const AUTH_FN = `
exports.handler = async (event) => {
  const token = event.type === "TOKEN" ? event.authorizationToken : (event.headers["X-User"] + ":" + event.queryStringParameters.ticket);
  const policy = (effect, resource) => ({ Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: resource }] });
  if (token === "allow" || token === "alice:t1") return { principalId: "alice", policyDocument: policy("Allow", event.methodArn.split("/").slice(0, 2).join("/") + "/*"), context: { tier: "gold", n: 7, ok: true, stamp: String(Date.now()) + Math.random(), event: event.type, arn: event.methodArn } };
  if (token === "deny") return { principalId: "bob", policyDocument: policy("Deny", event.methodArn) };
  if (token === "other-resource") return { principalId: "carol", policyDocument: policy("Allow", "arn:aws:execute-api:*:*:nope/*") };
  if (token === "unauthorized") throw new Error("Unauthorized");
  if (token === "malformed") return { principalId: "x", policyDocument: policy("Allow", "*"), context: { nested: { a: 1 } } };
  if (token === "nopolicy") return { principalId: "x" };
  throw new Error("boom");
};`;
const ECHO_FN = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ authorizer: event.requestContext.authorizer }) });`;

let jwtJwksId: string;
let tokenAuthId: string;

beforeAll(async () => {
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY;
  jwksServer = http.createServer((req, res) => {
    jwksHits++;
    res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=600" }).end(JSON.stringify({ keys: jwksKeys }));
  });
  await new Promise<void>((r) => jwksServer.listen(0, "127.0.0.1", r));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
  setup = await setupManagement(inject("pgServerUrl"));
  api = setup.api;
  const port = (await setup.stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY })).port;
  process.env.GATEWAY_PORT = String(port);
  const created = await ok(api.post("/restapis", { name: "auth-api" }), 201);
  apiId = created.id;
  rootId = created.rootResourceId;
  await fn("authfn", AUTH_FN);
  await fn("echofn", ECHO_FN);

  jwtJwksId = (await ok(api.post(`/restapis/${apiId}/authorizers`, { name: "oidc", type: "JWT", issuer: ISS, audiences: ["gatehouse-api"], jwksUri: jwksUrl }), 201)).id;
  const jwtHs = (await ok(api.post(`/restapis/${apiId}/authorizers`, { name: "hs", type: "JWT", issuer: ISS, audiences: [], jwtSecret: HS_SECRET }), 201)).id;
  tokenAuthId = (await ok(api.post(`/restapis/${apiId}/authorizers`, { name: "tok", type: "TOKEN", authorizerUri: uri("authfn"), identityValidationExpression: "[a-z-]+", authorizerResultTtlInSeconds: 0 }), 201)).id;
  const cachedId = (await ok(api.post(`/restapis/${apiId}/authorizers`, { name: "tok-cached", type: "TOKEN", authorizerUri: uri("authfn"), authorizerResultTtlInSeconds: 300 }), 201)).id;
  const reqId = (await ok(api.post(`/restapis/${apiId}/authorizers`, { name: "req", type: "REQUEST", authorizerUri: uri("authfn"), identitySource: "method.request.header.X-User, method.request.querystring.ticket", authorizerResultTtlInSeconds: 0 }), 201)).id;

  await mockMethod(await resource("jwt"), { authorizationType: "JWT", authorizerId: jwtJwksId }, '{"sub": "$context.authorizer.claims.sub", "email": "$context.authorizer.claims.email"}');
  await mockMethod(await resource("scoped"), { authorizationType: "COGNITO_USER_POOLS", authorizerId: jwtJwksId, authorizationScopes: ["pets/write", "admin"] }, '{"ok": true}');
  await proxyMethod(await resource("jwtfn"), { authorizationType: "JWT", authorizerId: jwtHs }, "echofn");
  await proxyMethod(await resource("tokfn"), { authorizationType: "CUSTOM", authorizerId: tokenAuthId }, "echofn");
  await mockMethod(await resource("tokmock"), { authorizationType: "CUSTOM", authorizerId: tokenAuthId }, '{"tier": "$context.authorizer.tier", "principal": "$context.authorizer.principalId"}');
  await mockMethod(await resource("cached"), { authorizationType: "CUSTOM", authorizerId: cachedId }, '{"stamp": "$context.authorizer.stamp"}');
  await mockMethod(await resource("nocache"), { authorizationType: "CUSTOM", authorizerId: tokenAuthId }, '{"stamp": "$context.authorizer.stamp"}');
  await proxyMethod(await resource("reqfn"), { authorizationType: "CUSTOM", authorizerId: reqId }, "echofn");
  await deploy();
  await waitFor(async () => ((await call("/jwt")).status === 401 ? true : undefined), 15_000);
});

afterAll(async () => {
  await setup?.close();
  await new Promise<void>((r) => (jwksServer ? jwksServer.close(() => r()) : r()));
  if (previousKey === undefined) delete process.env.GATEHOUSE_SECRET_KEY;
  else process.env.GATEHOUSE_SECRET_KEY = previousKey;
  if (previousPort === undefined) delete process.env.GATEWAY_PORT;
  else process.env.GATEWAY_PORT = previousPort;
});

describe("JWT authorizer", () => {
  it("answers 401 without a token or with a bad one, 200 with claims for a valid one", async () => {
    const none = await call("/jwt");
    expect(none.status).toBe(401);
    expect(none.json()).toEqual({ message: "Unauthorized" });
    expect(none.headers["x-amzn-errortype"]).toBe("UnauthorizedException");
    expect((await call("/jwt", bearer("not-a-jwt"))).status).toBe(401);
    expect((await call("/jwt", bearer(signRs(claims({ iss: "https://evil.test" }), "key-a")))).status).toBe(401);
    expect((await call("/jwt", bearer(signRs(claims({ exp: now() - 3600 }), "key-a")))).status).toBe(401);
    expect((await call("/jwt", bearer(signRs(claims({ aud: "someone-else" }), "key-a")))).status).toBe(401);
    const good = await call("/jwt", bearer(signRs(claims(), "key-a")));
    expect(good.status, good.text).toBe(200);
    expect(good.json()).toEqual({ sub: "user-123", email: "u@test" });
    // A token without kid is tried against the JWKS's keys of its algorithm.
    expect((await call("/jwt", { Authorization: signRs(claims(), undefined as unknown as string) })).status).toBe(200);
  });

  it("needs one of the method's scopes (401 otherwise)", async () => {
    expect((await call("/scoped", bearer(signRs(claims(), "key-a")))).status).toBe(401);
    expect((await call("/scoped", bearer(signRs(claims({ scope: "openid admin" }), "key-a")))).status).toBe(200);
    expect((await call("/scoped", bearer(signRs(claims({ scope: undefined, scp: ["pets/write"] }), "key-a")))).status).toBe(200);
  });

  it("passes claims to a function as requestContext.authorizer.claims (HS256 secret)", async () => {
    const res = await call("/jwtfn", bearer(signHs(claims({ groups: ["a", "b"], n: 5 }))));
    expect(res.status, res.text).toBe(200);
    const claimsSeen = (res.json() as any).authorizer.claims;
    expect(claimsSeen).toMatchObject({ sub: "user-123", iss: ISS, groups: '["a","b"]', n: "5" });
    expect((await call("/jwtfn", bearer(signHs(claims(), "a-different-secret-0123456789")))).status).toBe(401);
  });

  it("follows key rotation: a new kid triggers one JWKS refetch", async () => {
    const before = jwksHits;
    jwksKeys = [jwk(keyA.publicKey, "key-a", "RS256"), jwk(keyB.publicKey, "key-b", "ES256")];
    // The last fetch may be less than 30 s old (rate limit); the gateway refetches once allowed.
    const res = await waitFor(async () => {
      const r = await call("/jwt", bearer(signEs(claims({ sub: "rotated" }), "key-b")));
      return r.status === 200 ? r : undefined;
    }, 45_000, 1_000);
    expect(res.json()).toMatchObject({ sub: "rotated" });
    expect(jwksHits).toBeGreaterThan(before);
  }, 60_000);

  it("never logs the token", async () => {
    const token = signRs(claims({ iss: "https://evil.test" }), "key-a");
    await call("/jwt", bearer(token));
    expect(setup.stack.gateway.logs.join("\n")).not.toContain(token.split(".")[2]);
  });
});

describe("function authorizers", () => {
  it("TOKEN allow: context reaches an AWS_PROXY function's event and $context.authorizer.*", async () => {
    const res = await call("/tokfn", { Authorization: "allow" });
    expect(res.status, res.text).toBe(200);
    const seen = (res.json() as any).authorizer;
    expect(seen).toMatchObject({ principalId: "alice", tier: "gold", event: "TOKEN", arn: `arn:aws:execute-api:us-east-1:000000000000:${apiId}/test/GET/tokfn` });
    const mock = await call("/tokmock", { Authorization: "allow" });
    expect(mock.json()).toEqual({ tier: "gold", principal: "alice" });
  });

  it("deny → 403, other resource → 403, Unauthorized → 401, errors and malformed output → 500", async () => {
    const deny = await call("/tokfn", { Authorization: "deny" });
    expect(deny.status).toBe(403);
    expect(deny.json()).toEqual({ message: "User is not authorized to access this resource with an explicit deny" });
    expect(deny.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
    const other = await call("/tokfn", { Authorization: "other-resource" });
    expect(other.status).toBe(403);
    expect(other.json()).toEqual({ message: "User is not authorized to access this resource" });
    const unauthorized = await call("/tokfn", { Authorization: "unauthorized" });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.json()).toEqual({ message: "Unauthorized" });
    for (const token of ["boom", "malformed", "nopolicy"]) {
      const res = await call("/tokfn", { Authorization: token });
      expect(res.status, token).toBe(500);
      expect(res.json()).toEqual({ message: null });
      expect(res.headers["x-amzn-errortype"]).toBe("AuthorizerConfigurationException");
    }
  });

  it("401 without invoking when the header is missing or does not match the validation expression", async () => {
    const rows = async () => setup.stack.prisma.functionLog.count({ where: { functionName: "authfn" } }).catch(() => -1);
    await new Promise((r) => setTimeout(r, 500));
    const before = await rows();
    expect((await call("/tokfn")).status).toBe(401);
    expect((await call("/tokfn", { Authorization: "Not Matching 123" })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 800));
    expect(await rows()).toBe(before);
  });

  it("caches the policy for the TTL (same context), not with TTL 0", async () => {
    const a = (await call("/cached", { Authorization: "allow" })).json() as any;
    const b = (await call("/cached", { Authorization: "allow" })).json() as any;
    expect(a.stamp).toBeTruthy();
    expect(b.stamp).toBe(a.stamp);
    const c = (await call("/nocache", { Authorization: "allow" })).json() as any;
    const d = (await call("/nocache", { Authorization: "allow" })).json() as any;
    expect(c.stamp).not.toBe(d.stamp);
  });

  it("REQUEST: needs every identity source; the event carries headers, query and requestContext", async () => {
    expect((await call("/reqfn", { "X-User": "alice" })).status).toBe(401);
    expect((await call("/reqfn?ticket=t1")).status).toBe(401);
    const res = await call("/reqfn?ticket=t1", { "X-User": "alice" });
    expect(res.status, res.text).toBe(200);
    expect((res.json() as any).authorizer).toMatchObject({ principalId: "alice", event: "REQUEST" });
    expect((await call("/reqfn?ticket=t2", { "X-User": "alice" })).status).toBe(500);
  });
});

describe("authorizer management", () => {
  const A = () => `/restapis/${apiId}/authorizers`;

  it("lists, gets and updates; the secret is write-only and masked", async () => {
    const list = await ok(api.get(A()));
    expect(list.items.map((a: any) => a.name)).toEqual(["hs", "oidc", "req", "tok", "tok-cached"]);
    const hs = list.items.find((a: any) => a.name === "hs");
    expect(hs.jwtSecret).toBe("••••••••");
    expect(JSON.stringify(list)).not.toContain(HS_SECRET);
    const row = await setup.stack.prisma.authorizer.findUniqueOrThrow({ where: { id: hs.id } });
    expect(row.jwtSecretEncrypted).not.toContain(HS_SECRET);
    const updated = await ok(api.patch(`${A()}/${hs.id}`, { version: hs.version, audiences: ["x"] }));
    expect(updated).toMatchObject({ audiences: ["x"], jwtSecret: "••••••••", version: hs.version + 1 });
    expect((await api.patch(`${A()}/${hs.id}`, { version: hs.version, audiences: [] })).status).toBe(409);
    await ok(api.patch(`${A()}/${hs.id}`, { version: updated.version, audiences: [] }));
  });

  it("validates type-specific fields", async () => {
    const fields = (r: any) => (r.body.problems ?? []).map((p: any) => p.field).sort();
    const token = await api.post(A(), { name: "bad", type: "TOKEN", authorizerUri: "http://x", identitySource: "header.Auth", identityValidationExpression: "(", authorizerResultTtlInSeconds: 4000 });
    expect(token.status).toBe(400);
    expect(fields(token)).toEqual(["authorizerResultTtlInSeconds"]);
    const token2 = await api.post(A(), { name: "bad", type: "TOKEN", authorizerUri: "http://x", identitySource: "header.Auth", identityValidationExpression: "(" });
    expect(fields(token2)).toEqual(["authorizerUri", "identitySource", "identityValidationExpression"]);
    const jwt = await api.post(A(), { name: "bad", type: "JWT", issuer: "not a url" });
    expect(fields(jwt)).toEqual(["issuer", "jwksUri"]);
    const both = await api.post(A(), { name: "bad", type: "JWT", issuer: ISS, jwksUri: jwksUrl, jwtSecret: HS_SECRET });
    expect(fields(both)).toEqual(["jwksUri"]);
    const short = await api.post(A(), { name: "bad", type: "JWT", issuer: ISS, jwtSecret: "short" });
    expect(fields(short)).toEqual(["jwtSecret"]);
    const req = await api.post(A(), { name: "bad", type: "REQUEST", authorizerUri: uri("authfn"), identitySource: "header.x" });
    expect(fields(req)).toEqual(["identitySource"]);
    expect((await api.post(A(), { name: "oidc", type: "JWT", issuer: ISS, jwksUri: jwksUrl })).status).toBe(409);
  });

  it("checks a method's authorizer and type; refuses to delete an authorizer in use (409)", async () => {
    const rid = await resource("checks");
    const M = `/restapis/${apiId}/resources/${rid}/methods/GET`;
    const fields = (r: any) => (r.body.problems ?? []).map((p: any) => `${p.field}: ${p.message}`);
    expect(fields(await api.put(M, { authorizationType: "CUSTOM" }))).toEqual(["authorizerId: Authorization type CUSTOM needs an authorizer"]);
    expect(fields(await api.put(M, { authorizationType: "CUSTOM", authorizerId: jwtJwksId }))[0]).toContain("cannot be used with authorization type CUSTOM");
    expect(fields(await api.put(M, { authorizationType: "JWT", authorizerId: "nope" }))[0]).toContain("does not exist");
    expect(fields(await api.put(M, { authorizationType: "CUSTOM", authorizerId: tokenAuthId, authorizationScopes: ["a"] }))).toEqual(["authorizationScopes: Scopes apply to JWT authorizers only"]);
    const method = await ok(api.put(M, { authorizationType: "JWT", authorizerId: jwtJwksId, authorizationScopes: ["a"] }), 201);
    expect(method).toMatchObject({ authorizationType: "JWT", authorizerId: jwtJwksId, authorizationScopes: ["a"] });
    const del = await api.delete(`${A()}/${jwtJwksId}`);
    expect(del.status).toBe(409);
    expect(del.body.message).toContain("GET /checks");
    const none = await ok(api.patch(M, { version: method.version, authorizationType: "NONE" }));
    expect(none).toMatchObject({ authorizationType: "NONE", authorizerId: null, authorizationScopes: [] });
    const spare = await ok(api.post(A(), { name: "spare", type: "TOKEN", authorizerUri: uri("authfn") }), 201);
    expect((await api.delete(`${A()}/${spare.id}`)).status).toBe(204);
    expect((await api.get(`${A()}/${spare.id}`)).status).toBe(404);
  });

  it("tests an authorizer through the gateway (TOKEN and JWT)", async () => {
    const allow = await ok(api.post(`${A()}/${tokenAuthId}/test`, { headers: { Authorization: "allow" }, path: "/pets/1" }));
    expect(allow).toMatchObject({ clientStatus: 200, principalId: "alice", context: { tier: "gold", n: 7, ok: true } });
    expect(allow.policy.Statement[0].Effect).toBe("Allow");
    expect(typeof allow.latency).toBe("number");
    expect(allow.log.join("\n")).toContain("allow");
    expect((await ok(api.post(`${A()}/${tokenAuthId}/test`, { headers: { Authorization: "deny" } }))).clientStatus).toBe(403);
    expect((await ok(api.post(`${A()}/${tokenAuthId}/test`, { headers: {} }))).clientStatus).toBe(401);
    const jwt = await ok(api.post(`${A()}/${jwtJwksId}/test`, { headers: { Authorization: `Bearer ${signRs(claims(), "key-a")}` } }));
    expect(jwt).toMatchObject({ clientStatus: 200, principalId: "user-123", claims: { sub: "user-123", iss: ISS } });
    const bad = await ok(api.post(`${A()}/${jwtJwksId}/test`, { headers: { Authorization: "Bearer x.y.z" } }));
    expect(bad.clientStatus).toBe(401);
  });
});
