import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { isEncryptedSecret } from "../../lib/secrets";
import type { TAccessKey, TCreatedAccessKey } from "../../lib/schemas/access-keys";
import { waitFor } from "../helpers/gateway";
import { setupManagement, userWithToken, type ManagementClient, type ManagementSetup } from "./management-harness";

/**
 * SigV4 (AWS_IAM) end to end: access keys through the management API, an
 * AWS_IAM MOCK method deployed, and requests signed by the AWS SDK's signer
 * (@smithy/signature-v4) sent to the real gateway process.
 */

const SECRET_KEY = "sigv4-test-key-0123456789abcdef0123456789";
const previousKey = process.env.GATEHOUSE_SECRET_KEY;
let setup: ManagementSetup;
let api: ManagementClient;
let apiId: string;
let otherApiId: string;
let created: TCreatedAccessKey;

const host = (id: string) => `${id}.execute-api.localhost`;

async function signedRequest(
  creds: { accessKeyId: string; secretAccessKey: string },
  o: { method?: string; path?: string; body?: string; signingDate?: Date; target?: string; query?: Record<string, string> } = {},
) {
  const signer = new SignatureV4({ credentials: creds, region: "us-east-1", service: "execute-api", sha256: Sha256 });
  const target = o.target ?? apiId;
  const request = {
    method: o.method ?? "POST",
    protocol: "http:",
    hostname: host(target),
    path: o.path ?? "/prod/whoami",
    query: o.query ?? {},
    headers: { host: host(target), "content-type": "application/json" },
    body: o.body ?? '{"hello":"world"}',
  };
  const signed = await signer.sign(request, { signingDate: o.signingDate ?? new Date() });
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([n]) => n.toLowerCase() !== "host"));
  const qs = new URLSearchParams(o.query ?? {}).toString();
  return { path: `${request.path}${qs ? `?${qs}` : ""}`, headers, body: request.body, method: request.method, target };
}

const send = (r: Awaited<ReturnType<typeof signedRequest>>, over: { body?: string } = {}) =>
  setup.stack.gateway.request(r.path, { apiId: r.target, method: r.method, headers: r.headers, body: over.body ?? r.body });

async function createApiWithIamMethod(name: string): Promise<string> {
  const made = await api.post("/restapis", { name });
  const id = made.body.id as string;
  const resource = (await api.post(`/restapis/${id}/resources/${made.body.rootResourceId}`, { pathPart: "whoami" })).body;
  const M = `/restapis/${id}/resources/${resource.id}/methods/POST`;
  expect((await api.put(M, { authorizationType: "AWS_IAM" })).status).toBe(201);
  expect((await api.put(`${M}/integration`, { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } })).status).toBe(201);
  expect((await api.put(`${M}/responses/200`, {})).status).toBe(201);
  const template = '{"accessKey":"$context.identity.accessKey","user":"$context.identity.user","caller":"$context.identity.caller","userArn":"$context.identity.userArn"}';
  const ir = await api.put(`${M}/integration/responses/200`, { responseTemplates: { "application/json": template } });
  expect(ir.status, JSON.stringify(ir.body)).toBe(201);
  const deployed = await api.post(`/restapis/${id}/deployments`, { stageName: "prod" });
  expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
  return id;
}

beforeAll(async () => {
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY;
  setup = await setupManagement(inject("pgServerUrl"));
  api = setup.api;
  apiId = await createApiWithIamMethod("iam");
  otherApiId = await createApiWithIamMethod("iam-other");
  await setup.stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY });
});
afterAll(async () => {
  await setup?.close();
  if (previousKey === undefined) delete process.env.GATEHOUSE_SECRET_KEY;
  else process.env.GATEHOUSE_SECRET_KEY = previousKey;
});

describe("the access keys API", () => {
  it("creates a key pair, shows the secret once and stores it encrypted", async () => {
    const res = await api.post<TCreatedAccessKey>("/accesskeys", { name: "ci-bot" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    created = res.body;
    expect(created.accessKey.id).toMatch(/^GHAK[A-Z0-9]{16}$/);
    expect(created.secretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(created.accessKey).toMatchObject({ name: "ci-bot", enabled: true, restApiIds: [], userId: setup.admin.user.id, version: 1 });
    expect(created.accessKey.secretHint).toBe(`****************${created.secretAccessKey.slice(-4)}`);
    const row = await setup.stack.prisma.accessKey.findUniqueOrThrow({ where: { id: created.accessKey.id } });
    expect(isEncryptedSecret(row.secretEncrypted)).toBe(true);
    expect(row.secretEncrypted).not.toContain(created.secretAccessKey);
    const read = await api.get(`/accesskeys/${created.accessKey.id}`);
    expect(JSON.stringify(read.body)).not.toContain(created.secretAccessKey);
    expect(JSON.stringify((await api.get("/accesskeys")).body)).not.toContain(created.secretAccessKey);
  });

  it("lets a viewer manage only their own keys", async () => {
    const viewer = await userWithToken(setup.stack.prisma, "viewer");
    const own = await viewer.api.post<TCreatedAccessKey>("/accesskeys", { name: "mine" });
    expect(own.status).toBe(201);
    expect(own.body.accessKey.userId).toBe(viewer.user.id);
    expect((await viewer.api.post("/accesskeys", { name: "theirs", userId: setup.admin.user.id })).status).toBe(403);
    const list = await viewer.api.get<{ items: TAccessKey[] }>("/accesskeys");
    expect(list.body.items.map((k) => k.id)).toEqual([own.body.accessKey.id]);
    expect((await viewer.api.get(`/accesskeys/${created.accessKey.id}`)).status).toBe(404);
    expect((await viewer.api.delete(`/accesskeys/${own.body.accessKey.id}`)).status).toBe(204);
    expect((await api.post("/accesskeys", { name: "bad/name" })).status).toBe(400);
  });
});

describe("an AWS_IAM method", () => {
  it("answers 403 Missing Authentication Token without a signature", async () => {
    const res = await setup.stack.gateway.request("/prod/whoami", { apiId, method: "POST", body: "{}" });
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ message: "Missing Authentication Token" });
    expect(res.headers["x-amzn-errortype"]).toBe("MissingAuthenticationTokenException");
  });

  it("answers 200 to a request signed by the AWS SDK signer, with the key in $context.identity", async () => {
    const creds = { accessKeyId: created.accessKey.id, secretAccessKey: created.secretAccessKey };
    const res = await waitFor(async () => {
      const r = await send(await signedRequest(creds));
      return r.status === 200 ? r : undefined;
    });
    expect(res.json()).toEqual({
      accessKey: created.accessKey.id,
      user: setup.admin.user.id,
      caller: setup.admin.user.id,
      userArn: "arn:aws:iam::000000000000:user/ci-bot",
    });
    const withQuery = await send(await signedRequest(creds, { query: { b: "2", a: "x y" } }));
    expect(withQuery.status, withQuery.text).toBe(200);
  });

  it("refuses a wrong secret, a tampered body and an expired signature with AWS's messages", async () => {
    const wrong = await send(await signedRequest({ accessKeyId: created.accessKey.id, secretAccessKey: "x".repeat(40) }));
    expect(wrong.status).toBe(403);
    expect(wrong.headers["x-amzn-errortype"]).toBe("InvalidSignatureException");
    expect((wrong.json() as { message: string }).message).toMatch(
      /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\./,
    );
    const good = await signedRequest({ accessKeyId: created.accessKey.id, secretAccessKey: created.secretAccessKey });
    const tampered = await send(good, { body: '{"hello":"mallory"}' });
    expect(tampered.status).toBe(403);
    expect(tampered.headers["x-amzn-errortype"]).toBe("InvalidSignatureException");
    const old = await send(await signedRequest({ accessKeyId: created.accessKey.id, secretAccessKey: created.secretAccessKey }, { signingDate: new Date(Date.now() - 20 * 60_000) }));
    expect(old.status).toBe(403);
    expect((old.json() as { message: string }).message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    const unknown = await send(await signedRequest({ accessKeyId: "GHAKAAAAAAAAAAAAAAAA", secretAccessKey: created.secretAccessKey }));
    expect(unknown.status).toBe(403);
    expect(unknown.json()).toEqual({ message: "The security token included in the request is invalid." });
    // Log lines carry the key id, never the secret.
    expect(setup.stack.gateway.logs.join("\n")).not.toContain(created.secretAccessKey);
  });

  it("refuses a disabled key within a second, and a key restricted to another API", async () => {
    const creds = { accessKeyId: created.accessKey.id, secretAccessKey: created.secretAccessKey };
    const disabled = await api.patch<TAccessKey>(`/accesskeys/${created.accessKey.id}`, { version: 1, enabled: false });
    expect(disabled.status).toBe(200);
    const started = Date.now();
    await waitFor(async () => ((await send(await signedRequest(creds))).status === 403 ? true : undefined), 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);

    const restricted = await api.patch<TAccessKey>(`/accesskeys/${created.accessKey.id}`, { version: 2, enabled: true, restApiIds: [otherApiId] });
    expect(restricted.status).toBe(200);
    await waitFor(async () => ((await send(await signedRequest(creds, { target: otherApiId }))).status === 200 ? true : undefined));
    const denied = await send(await signedRequest(creds));
    expect(denied.status).toBe(403);
    expect(denied.headers["x-amzn-errortype"]).toBe("ForbiddenException");
    expect((denied.json() as { message: string }).message).toMatch(
      new RegExp(`^User: arn:aws:iam::000000000000:user/ci-bot is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:[a-z0-9-]+:000000000000:${apiId}/prod/POST/whoami$`),
    );

    expect((await api.delete(`/accesskeys/${created.accessKey.id}`)).status).toBe(204);
    await waitFor(async () => ((await send(await signedRequest(creds, { target: otherApiId }))).status === 403 ? true : undefined));
  });
});
