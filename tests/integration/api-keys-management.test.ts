import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createHash } from "node:crypto";
import { isEncryptedSecret } from "../../lib/secrets";
import { addMethod, createRestApi } from "../helpers/fixtures";
import { setupManagement, userWithToken, type ManagementClient, type ManagementSetup } from "./management-harness";

/** API keys and usage plans through the management API's real route handlers and PostgreSQL. */

let setup: ManagementSetup;
let api: ManagementClient;
let apiId: string;
let otherApiId: string;
const SECRET_KEY = "api-keys-test-secret-key-0123456789abcdef";
const previousKey = process.env.GATEHOUSE_SECRET_KEY;

beforeAll(async () => {
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY;
  setup = await setupManagement(inject("pgServerUrl"));
  api = setup.api;
  const db = setup.stack.prisma;
  apiId = await createRestApi(db, "keys-api");
  await addMethod(db, apiId, "/pets", "GET", { type: "MOCK", requestTemplate: '{"statusCode": 200}', responses: [{ statusCode: "200", body: "{}" }] });
  expect((await api.post(`/restapis/${apiId}/deployments`, { stageName: "prod" })).status).toBe(201);
  expect((await api.post(`/restapis/${apiId}/deployments`, { stageName: "dev" })).status).toBe(201);
  otherApiId = await createRestApi(db, "other-api");
  await addMethod(db, otherApiId, "/x", "GET", { type: "MOCK", requestTemplate: '{"statusCode": 200}', responses: [{ statusCode: "200" }] });
  expect((await api.post(`/restapis/${otherApiId}/deployments`, { stageName: "prod" })).status).toBe(201);
});
afterAll(async () => {
  await setup?.close();
  if (previousKey === undefined) delete process.env.GATEHOUSE_SECRET_KEY;
  else process.env.GATEHOUSE_SECRET_KEY = previousKey;
});

const fieldsOf = (body: { problems?: Array<{ field: string }> }) => (body.problems ?? []).map((p) => p.field);

async function notices(run: () => Promise<unknown>): Promise<string[]> {
  // The services notify in their transaction; we observe with LISTEN on a separate connection.
  const pg = await import("pg");
  const client = new pg.default.Client({ connectionString: setup.stack.db.url });
  await client.connect();
  const seen: string[] = [];
  client.on("notification", (m) => seen.push(m.payload ?? ""));
  await client.query("LISTEN gatehouse_deploy");
  await run();
  await new Promise((r) => setTimeout(r, 150));
  await client.end();
  return seen;
}

describe("API keys", () => {
  it("generates a 40-character value, shown at creation, stored encrypted and hashed, listed by prefix", async () => {
    let created: { status: number; body: Record<string, unknown> } | undefined;
    const seen = await notices(async () => {
      created = await api.post("/apikeys", { name: "mobile app", description: "iOS", customerId: "cust-1" });
    });
    expect(created!.status, JSON.stringify(created!.body)).toBe(201);
    const key = created!.body as { id: string; value: string; prefix: string; enabled: boolean };
    expect(key.value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(key.prefix).toBe(key.value.slice(0, 4));
    expect(key.enabled).toBe(true);
    expect(seen.map((s) => JSON.parse(s))).toContainEqual({ kind: "access", what: "api-key", id: key.id });

    const row = await setup.stack.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(isEncryptedSecret(row.valueEncrypted)).toBe(true);
    expect(row.valueEncrypted).not.toContain(key.value);
    expect(row.valueHash).toBe(createHash("sha256").update(key.value).digest("hex"));

    const list = await api.get("/apikeys");
    const listed = list.body.items.find((k: { id: string }) => k.id === key.id);
    expect(listed).toMatchObject({ name: "mobile app", prefix: key.prefix, customerId: "cust-1" });
    expect(listed.value).toBeUndefined();
    expect(JSON.stringify(list.body)).not.toContain(key.value);
    expect((await api.get(`/apikeys/${key.id}`)).body.value).toBeUndefined();
  });

  it("imports values of 20–128 characters and refuses duplicates with 409", async () => {
    const value = "imported-key-value-0001";
    const ok = await api.post("/apikeys", { name: "imported", value });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.value).toBe(value);
    const dup = await api.post("/apikeys", { name: "again", value });
    expect(dup.status).toBe(409);
    expect(fieldsOf(dup.body)).toEqual(["value"]);
    const short = await api.post("/apikeys", { name: "short", value: "x".repeat(19) });
    expect(short.status).toBe(400);
    expect(fieldsOf(short.body)).toEqual(["value"]);
    expect((await api.post("/apikeys", { name: "long", value: "y".repeat(129) })).status).toBe(400);
    expect((await api.post("/apikeys", { name: "max", value: "z".repeat(128) })).status).toBe(201);
    const noName = await api.post("/apikeys", {});
    expect(fieldsOf(noName.body)).toEqual(["name"]);
  });

  it("reveals values with includeValue=true to admins and owners only", async () => {
    const key = (await api.post("/apikeys", { name: "reveal-me" })).body;
    expect((await api.get(`/apikeys/${key.id}?includeValue=true`)).body.value).toBe(key.value);
    const owner = await userWithToken(setup.stack.prisma, "owner");
    expect((await owner.api.get(`/apikeys/${key.id}?includeValue=true`)).body.value).toBe(key.value);
    for (const role of ["tester", "viewer"] as const) {
      const user = await userWithToken(setup.stack.prisma, role);
      expect((await user.api.get(`/apikeys/${key.id}?includeValue=true`)).status).toBe(403);
      const plain = await user.api.get(`/apikeys/${key.id}`);
      expect(plain.status).toBe(200);
      expect(plain.body.value).toBeUndefined();
      expect((await user.api.post("/apikeys", { name: "nope" })).status).toBe(403);
    }
  });

  it("updates name, description and enabled with the version, notifying the gateway; deletes", async () => {
    const key = (await api.post("/apikeys", { name: "to-edit" })).body;
    let res: { status: number; body: { version: number; enabled: boolean; name: string } } | undefined;
    const seen = await notices(async () => {
      res = await api.patch(`/apikeys/${key.id}`, { version: key.version, enabled: false, name: "edited", description: "d" });
    });
    expect(res!.status).toBe(200);
    expect(res!.body).toMatchObject({ enabled: false, name: "edited", version: key.version + 1 });
    expect(seen.map((s) => JSON.parse(s))).toContainEqual({ kind: "access", what: "api-key", id: key.id });
    expect((await api.patch(`/apikeys/${key.id}`, { version: key.version, enabled: true })).status).toBe(409);
    expect((await api.delete(`/apikeys/${key.id}`)).status).toBe(204);
    expect((await api.get(`/apikeys/${key.id}`)).status).toBe(404);
  });
});

describe("usage plans", () => {
  it("creates, reads, updates and deletes a plan; a missing stage is a 400 naming the field", async () => {
    const missing = await api.post("/usageplans", { name: "bad", apiStages: [{ restApiId: apiId, stageName: "prod" }, { restApiId: apiId, stageName: "nope" }] });
    expect(missing.status).toBe(400);
    expect(fieldsOf(missing.body)).toEqual(["apiStages.1.stageName"]);
    const noApi = await api.post("/usageplans", { name: "bad", apiStages: [{ restApiId: "zzzzzzzzzz", stageName: "prod" }] });
    expect(fieldsOf(noApi.body)).toEqual(["apiStages.0.restApiId"]);
    const badQuota = await api.post("/usageplans", { name: "bad", quota: { limit: 10, period: "WEEK", offset: 7 }, throttle: { rateLimit: -1, burstLimit: 1 } });
    expect(fieldsOf(badQuota.body).sort()).toEqual(["quota.offset", "throttle.rateLimit"]);
    const badMethod = await api.post("/usageplans", { name: "bad", apiStages: [{ restApiId: apiId, stageName: "prod", throttle: { pets: { rateLimit: 1, burstLimit: 1 } } }] });
    expect(badMethod.status).toBe(400);

    const created = await api.post("/usageplans", {
      name: "basic",
      description: "for everyone",
      apiStages: [{ restApiId: apiId, stageName: "prod", throttle: { "/pets/GET": { rateLimit: 1, burstLimit: 1 } } }],
      throttle: { rateLimit: 2, burstLimit: 2 },
      quota: { limit: 100, period: "DAY" },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: "basic",
      apiStages: [{ restApiId: apiId, stageName: "prod", throttle: { "/pets/GET": { rateLimit: 1, burstLimit: 1 } } }],
      throttle: { rateLimit: 2, burstLimit: 2 },
      quota: { limit: 100, period: "DAY", offset: 0 },
      keyCount: 0,
    });
    const id = created.body.id;
    expect((await api.get(`/usageplans/${id}`)).body).toEqual(created.body);
    expect((await api.get("/usageplans")).body.items.map((p: { id: string }) => p.id)).toContain(id);

    const updated = await api.patch(`/usageplans/${id}`, { version: created.body.version, quota: null, throttle: { rateLimit: 5, burstLimit: 10 }, apiStages: [{ restApiId: apiId, stageName: "dev" }] });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({ quota: null, throttle: { rateLimit: 5, burstLimit: 10 }, apiStages: [{ restApiId: apiId, stageName: "dev", throttle: {} }] });
    expect((await api.patch(`/usageplans/${id}`, { version: created.body.version, name: "x" })).status).toBe(409);
    const viewer = await userWithToken(setup.stack.prisma, "viewer");
    expect((await viewer.api.get(`/usageplans/${id}`)).status).toBe(200);
    expect((await viewer.api.patch(`/usageplans/${id}`, { version: updated.body.version, name: "x" })).status).toBe(403);
    expect((await api.delete(`/usageplans/${id}`)).status).toBe(204);
    expect((await api.get(`/usageplans/${id}`)).status).toBe(404);
  });

  it("adds and removes keys, one plan per key per stage (409 with a clear message)", async () => {
    const key = (await api.post("/apikeys", { name: "member" })).body;
    const gold = (await api.post("/usageplans", { name: "gold", apiStages: [{ restApiId: apiId, stageName: "prod" }] })).body;
    const silver = (await api.post("/usageplans", { name: "silver", apiStages: [{ restApiId: apiId, stageName: "prod" }, { restApiId: otherApiId, stageName: "prod" }] })).body;
    const other = (await api.post("/usageplans", { name: "other", apiStages: [{ restApiId: otherApiId, stageName: "prod" }] })).body;

    const added = await api.post(`/usageplans/${gold.id}/keys`, { keyId: key.id, keyType: "API_KEY" });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toEqual({ id: key.id, type: "API_KEY", name: "member", prefix: key.prefix, enabled: true });
    expect((await api.post(`/usageplans/${gold.id}/keys`, { keyId: key.id })).status).toBe(409);
    const clash = await api.post(`/usageplans/${silver.id}/keys`, { keyId: key.id });
    expect(clash.status).toBe(409);
    expect(clash.body.message).toContain("gold");
    expect(clash.body.message).toContain("only one plan per stage");
    expect((await api.post(`/usageplans/${other.id}/keys`, { keyId: key.id })).status).toBe(201);
    // Widening gold to the other API's stage would put the key in two plans there.
    const widen = await api.patch(`/usageplans/${gold.id}`, { version: gold.version, apiStages: [{ restApiId: apiId, stageName: "prod" }, { restApiId: otherApiId, stageName: "prod" }] });
    expect(widen.status).toBe(409);
    expect((await api.post(`/usageplans/${gold.id}/keys`, { keyId: "missingkey" })).status).toBe(400);

    expect((await api.get(`/usageplans/${gold.id}/keys`)).body.items.map((k: { id: string }) => k.id)).toEqual([key.id]);
    expect((await api.get(`/usageplans/${gold.id}/keys/${key.id}`)).status).toBe(200);
    expect((await api.get(`/apikeys/${key.id}`)).body.usagePlans.map((p: { name: string }) => p.name)).toEqual(["gold", "other"]);
    expect((await api.get(`/usageplans?keyId=${key.id}`)).body.items.map((p: { name: string }) => p.name)).toEqual(["gold", "other"]);
    expect((await api.delete(`/usageplans/${gold.id}/keys/${key.id}`)).status).toBe(204);
    expect((await api.delete(`/usageplans/${gold.id}/keys/${key.id}`)).status).toBe(404);
    expect((await api.post(`/usageplans/${silver.id}/keys`, { keyId: "x".repeat(10) })).status).toBe(400);
  });

  it("reads usage per key per day and lets admins reset or extend the quota", async () => {
    const key = (await api.post("/apikeys", { name: "metered" })).body;
    const plan = (await api.post("/usageplans", { name: "metered", apiStages: [{ restApiId: apiId, stageName: "dev" }], quota: { limit: 10, period: "DAY" } })).body;
    expect((await api.post(`/usageplans/${plan.id}/keys`, { keyId: key.id })).status).toBe(201);
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await setup.stack.prisma.apiKeyUsage.createMany({
      data: [
        { usagePlanId: plan.id, apiKeyId: key.id, day: new Date(`${yesterday}T00:00:00Z`), count: 4 },
        { usagePlanId: plan.id, apiKeyId: key.id, day: new Date(`${today}T00:00:00Z`), count: 7 },
      ],
    });
    const usage = await api.get(`/usageplans/${plan.id}/usage?startDate=${yesterday}&endDate=${today}`);
    expect(usage.status, JSON.stringify(usage.body)).toBe(200);
    expect(usage.body).toEqual({ usagePlanId: plan.id, startDate: yesterday, endDate: today, items: { [key.id]: [[4, 6], [7, 3]] } });
    expect((await api.get(`/usageplans/${plan.id}/usage?startDate=${today}`)).status).toBe(400);
    expect((await api.get(`/usageplans/${plan.id}/usage?startDate=${today}&endDate=${yesterday}`)).status).toBe(400);

    const U = `/usageplans/${plan.id}/keys/${key.id}/usage`;
    expect((await api.get(U)).body).toMatchObject({ used: 7, limit: 10, remaining: 3 });
    const owner = await userWithToken(setup.stack.prisma, "owner");
    expect((await owner.api.patch(U, { reset: true })).status).toBe(403);
    expect((await api.patch(U, { reset: true, extendBy: 2 })).status).toBe(400);
    expect((await api.patch(U, {})).status).toBe(400);
    expect((await api.patch(U, { reset: true })).body).toMatchObject({ used: 7, remaining: 10, limit: 17 });
    expect((await api.patch(U, { extendBy: 5 })).body).toMatchObject({ remaining: 15 });
    expect((await api.patch(U, { remaining: 1 })).body).toMatchObject({ remaining: 1 });
    const after = await api.get(`/usageplans/${plan.id}/usage?startDate=${today}&endDate=${today}`);
    expect(after.body.items[key.id]).toEqual([[7, 1]]);
  });
});
