import http from "node:http";
import { createHash, createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { canonicalHeaders, canonicalPath, canonicalQuery, parseAuthorization, signingKey } from "../../lib/aws/sigv4";
import { isEncryptedSecret } from "../../lib/secrets";
import type { TRemoteFunction } from "../../lib/schemas/remote-functions";
import { waitFor } from "../helpers/gateway";
import { setupManagement, userWithToken, type ManagementClient, type ManagementSetup } from "./management-harness";

/**
 * Remote functions end to end: a local Lambda Invoke API that checks SigV4 itself
 * (recomputing the signature with the secret it knows), the management API, a
 * deploy, and the real gateway process calling it.
 */

const SECRET_KEY = "remote-functions-test-key-0123456789abcdef";
const REMOTE_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:remote-hello";
const uriOf = (arn: string) => `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${arn}/invocations`;

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  signatureOk: boolean;
}

/** A fake Invoke API: 403 unless the SigV4 signature verifies under `secret`; `mode` picks the answer. */
class InvokeEndpoint {
  secret = "first-secret";
  accessKeyId = "AKIDREMOTE";
  mode: "ok" | "function-error" | "slow" | "malformed" = "ok";
  readonly requests: Recorded[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signatureOk = this.verify(req, body);
      this.requests.push({ method: req.method!, url: req.url!, headers: req.headers, body, signatureOk });
      if (!signatureOk) {
        res.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ message: "The request signature we calculated does not match the signature you provided." }));
        return;
      }
      const event = JSON.parse(body) as { path: string; httpMethod: string; queryStringParameters: Record<string, string> | null };
      if (this.mode === "function-error") {
        res.writeHead(200, { "content-type": "application/json", "x-amz-function-error": "Unhandled" }).end(JSON.stringify({ errorMessage: "boom" }));
      } else if (this.mode === "slow") {
        setTimeout(() => res.writeHead(200).end(JSON.stringify({ statusCode: 200, body: "late" })), 1500);
      } else if (this.mode === "malformed") {
        res.writeHead(200).end("not json");
      } else {
        const answer = { statusCode: 201, headers: { "x-remote": "yes" }, body: JSON.stringify({ from: "remote", path: event.path, method: event.httpMethod, q: event.queryStringParameters }) };
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
      }
    });
  });

  private verify(req: http.IncomingMessage, body: string): boolean {
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth || auth.accessKeyId !== this.accessKeyId || auth.service !== "lambda") return false;
    const amzDate = String(req.headers["x-amz-date"] ?? "");
    if (!amzDate.startsWith(auth.dateStamp)) return false;
    const payloadHash = createHash("sha256").update(body).digest("hex");
    if (req.headers["x-amz-content-sha256"] !== undefined && req.headers["x-amz-content-sha256"] !== payloadHash) return false;
    const signed: Array<[string, string]> = [];
    for (const name of auth.signedHeaders) {
      const value = req.headers[name];
      if (value === undefined) return false;
      signed.push([name, Array.isArray(value) ? value.join(",") : value]);
    }
    const url = new URL(req.url!, `http://${req.headers.host}`);
    const { canonical, signedHeaders } = canonicalHeaders(signed);
    const creq = [req.method, canonicalPath(url), canonicalQuery(url), canonical, signedHeaders, payloadHash].join("\n");
    const scope = `${auth.dateStamp}/${auth.region}/${auth.service}/aws4_request`;
    const sts = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(creq).digest("hex")].join("\n");
    const expected = createHmac("sha256", signingKey(this.secret, auth.dateStamp, auth.region, auth.service)).update(sts).digest("hex");
    return expected === auth.signature;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let setup: ManagementSetup;
let api: ManagementClient;
let remote: InvokeEndpoint;
let endpoint: string;
let apiId: string;
let record: TRemoteFunction;
const previousKey = process.env.GATEHOUSE_SECRET_KEY;

const call = (path: string) => setup.stack.gateway.request(`/prod${path}`, { apiId });

beforeAll(async () => {
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY;
  remote = new InvokeEndpoint();
  endpoint = await remote.start();
  setup = await setupManagement(inject("pgServerUrl"));
  api = setup.api;
  await setup.stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY });
});
afterAll(async () => {
  await setup?.close();
  await remote?.stop();
  if (previousKey === undefined) delete process.env.GATEHOUSE_SECRET_KEY;
  else process.env.GATEHOUSE_SECRET_KEY = previousKey;
});

describe("the remote functions API", () => {
  it("validates, stores the secrets encrypted and never returns them", async () => {
    const bad = await api.post("/remote-functions", { functionArn: "arn:aws:lambda:nope", endpoint: "ftp://x", accessKeyId: "", secretAccessKey: "" });
    expect(bad.status).toBe(400);
    expect((bad.body.problems as Array<{ field: string }>).map((p) => p.field).sort()).toEqual(["accessKeyId", "endpoint", "functionArn", "secretAccessKey"]);

    const res = await api.post("/remote-functions", {
      functionArn: REMOTE_ARN,
      endpoint,
      accessKeyId: remote.accessKeyId,
      secretAccessKey: remote.secret,
      sessionToken: "session-token-1",
      description: "the test endpoint",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    record = res.body;
    expect(record).toMatchObject({ functionArn: REMOTE_ARN, endpoint, region: "eu-west-1", accessKeyId: remote.accessKeyId, hasSecret: true, hasSessionToken: true, version: 1 });
    expect(JSON.stringify(record)).not.toContain(remote.secret);
    expect(JSON.stringify(record)).not.toContain("session-token-1");

    const row = await setup.stack.prisma.remoteFunction.findUniqueOrThrow({ where: { id: record.id } });
    expect(isEncryptedSecret(row.secretAccessKey)).toBe(true);
    expect(row.secretAccessKey).not.toContain(remote.secret);
    expect(isEncryptedSecret(row.sessionToken!)).toBe(true);

    const viewer = await userWithToken(setup.stack.prisma, "viewer");
    const list = await viewer.api.get("/remote-functions");
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(remote.secret);
    expect((await viewer.api.get(`/remote-functions/${record.id}`)).body).toMatchObject({ hasSecret: true, accessKeyId: remote.accessKeyId });
    expect((await viewer.api.post("/remote-functions", { functionArn: `${REMOTE_ARN}x`, endpoint, accessKeyId: "a", secretAccessKey: "b" })).status).toBe(403);
    expect((await viewer.api.patch(`/remote-functions/${record.id}`, { version: 1, description: "x" })).status).toBe(403);
    expect((await viewer.api.delete(`/remote-functions/${record.id}`)).status).toBe(403);

    expect((await api.post("/remote-functions", { functionArn: REMOTE_ARN, endpoint, accessKeyId: "a", secretAccessKey: "b" })).status).toBe(409);
    expect((await api.get("/remote-functions/missing")).status).toBe(404);
  });

  it("answers 409 on a stale version", async () => {
    const ok = await api.patch(`/remote-functions/${record.id}`, { version: record.version, description: "described", sessionToken: null });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ description: "described", hasSessionToken: false, version: record.version + 1 });
    expect((await api.patch(`/remote-functions/${record.id}`, { version: record.version, description: "stale" })).status).toBe(409);
    record = ok.body;
  });
});

describe("an integration backed by a remote function", () => {
  beforeAll(async () => {
    const created = await api.post("/restapis", { name: "remote" });
    apiId = created.body.id;
    const root = created.body.rootResourceId;
    const add = async (pathPart: string, uri: string, timeoutInMillis = 29000) => {
      const r = (await api.post(`/restapis/${apiId}/resources/${root}`, { pathPart })).body;
      const M = `/restapis/${apiId}/resources/${r.id}/methods/GET`;
      expect((await api.put(M, {})).status).toBe(201);
      const i = await api.put(`${M}/integration`, { type: "AWS_PROXY", httpMethod: "POST", uri, timeoutInMillis });
      expect(i.status, JSON.stringify(i.body)).toBe(201);
    };
    await add("hello", uriOf(REMOTE_ARN));
    await add("qualified", uriOf(`${REMOTE_ARN}:prod`));
    await add("short", uriOf(REMOTE_ARN), 500);
    const deployed = await api.post(`/restapis/${apiId}/deployments`, { stageName: "prod" });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    await waitFor(async () => ((await call("/hello")).status !== 403 ? true : undefined), 15_000);
  });

  it("compiles to a remote integration with no credentials in the snapshot", async () => {
    const deployments = await setup.stack.prisma.deployment.findMany({ where: { restApiId: apiId } });
    expect(deployments).toHaveLength(1);
    const snapshot = JSON.stringify(deployments[0].snapshot);
    expect(snapshot).toContain(`"remoteFunctionArn":"${REMOTE_ARN}"`);
    expect(snapshot).not.toContain(remote.secret);
    expect(snapshot).not.toContain(remote.accessKeyId);
    expect(snapshot).not.toContain(endpoint);
  });

  it("serves the remote's response, signed with SigV4 for lambda in the record's region", async () => {
    remote.mode = "ok";
    const before = remote.requests.length;
    const res = await call("/hello?x=1");
    expect(res.status, res.text).toBe(201);
    expect(res.headers["x-remote"]).toBe("yes");
    expect(res.json()).toEqual({ from: "remote", path: "/hello", method: "GET", q: { x: "1" } });
    const req = remote.requests[before];
    expect(req.signatureOk).toBe(true);
    expect(req.method).toBe("POST");
    expect(req.url).toBe(`/2015-03-31/functions/${encodeURIComponent(REMOTE_ARN)}/invocations`);
    expect(req.headers["x-amz-invocation-type"]).toBe("RequestResponse");
    expect(req.headers.authorization).toContain("/eu-west-1/lambda/aws4_request");
    expect(req.headers["x-amz-security-token"]).toBeUndefined();

    const q = await call("/qualified");
    expect(q.status, q.text).toBe(201);
    expect(remote.requests.at(-1)!.url).toBe(`/2015-03-31/functions/${encodeURIComponent(REMOTE_ARN)}/invocations?Qualifier=prod`);
    expect(remote.requests.at(-1)!.signatureOk).toBe(true);
  });

  it("answers 502 on a function error or a malformed payload, 504 past the integration timeout", async () => {
    remote.mode = "function-error";
    const failed = await call("/hello");
    expect(failed.status).toBe(502);
    expect(failed.json()).toEqual({ message: "Internal server error" });

    remote.mode = "malformed";
    expect((await call("/hello")).status).toBe(502);

    remote.mode = "slow";
    const slow = await call("/short");
    expect(slow.status).toBe(504);
    expect(slow.json()).toEqual({ message: "Endpoint request timed out" });
    remote.mode = "ok";
  });

  it("a wrong secret is rejected by the endpoint (502); rotating it through the API reaches the gateway without a redeploy", async () => {
    remote.secret = "second-secret";
    const rejected = await call("/hello");
    expect(rejected.status).toBe(502);
    expect(remote.requests.at(-1)!.signatureOk).toBe(false);

    const rotated = await api.patch(`/remote-functions/${record.id}`, { version: record.version, secretAccessKey: "second-secret" });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(JSON.stringify(rotated.body)).not.toContain("second-secret");
    record = rotated.body;
    await waitFor(async () => ((await call("/hello")).status === 201 ? true : undefined), 15_000);
    expect(remote.requests.at(-1)!.signatureOk).toBe(true);
    expect(await setup.stack.prisma.deployment.count({ where: { restApiId: apiId } })).toBe(1);
  });

  it("an unreachable endpoint is 502; a deleted record is 500", async () => {
    const moved = await api.patch(`/remote-functions/${record.id}`, { version: record.version, endpoint: "http://127.0.0.1:1" });
    expect(moved.status).toBe(200);
    await waitFor(async () => ((await call("/hello")).status === 502 ? true : undefined), 15_000);
    expect((await api.delete(`/remote-functions/${moved.body.id}`)).status).toBe(204);
    await waitFor(async () => ((await call("/hello")).status === 500 ? true : undefined), 15_000);
    expect((await api.get("/remote-functions")).body.items).toEqual([]);
  });
});
