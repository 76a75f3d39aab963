import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { functionInvocationUri } from "../../lib/arn";
import type { TDeployment, TStage, TStageDeployment } from "../../lib/schemas/management";
import { ARN, createFunction } from "../helpers/fixtures";
import { waitFor } from "../helpers/gateway";
import { setupManagement, userWithToken, type ManagementClient, type ManagementSetup } from "./management-harness";

/**
 * Deploys through the management API, served by the real gateway process:
 * GET /hello is a MOCK whose body we change between deployments, GET /whoami
 * a function answering with its deployment id and stage variables.
 */

let setup: ManagementSetup;
let api: ManagementClient;
let apiId: string;
let helloIntegration: string;

const D = () => `/restapis/${apiId}/deployments`;
const S = () => `/restapis/${apiId}/stages`;

async function setHello(body: string) {
  const res = await api.put(`${helloIntegration}/responses/200`, { responseTemplates: { "application/json": body } });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
}

async function deploy(body: Record<string, unknown>): Promise<TDeployment> {
  const res = await api.post(D(), body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Polls the gateway until GET /{stage}/hello answers `body` (deadline: 15 s). */
const served = (stage: string, body: string) =>
  waitFor(async () => {
    const res = await setup.stack.gateway.request(`/${stage}/hello`, { apiId });
    return res.status === 200 && res.text === body ? true : undefined;
  }, 15_000);

const whoami = async (stage: string) =>
  (await setup.stack.gateway.request(`/${stage}/whoami`, { apiId })).json() as { deploymentId: string; stageVariables: Record<string, string> | null };

const stage = async (name: string) => (await api.get<TStage>(`${S()}/${name}`)).body;

beforeAll(async () => {
  setup = await setupManagement(inject("pgServerUrl"));
  api = setup.api;
  const created = await api.post("/restapis", { name: "deployed" });
  apiId = created.body.id;
  const root = created.body.rootResourceId;
  const hello = (await api.post(`/restapis/${apiId}/resources/${root}`, { pathPart: "hello" })).body;
  const M = `/restapis/${apiId}/resources/${hello.id}/methods/GET`;
  await api.put(M, {});
  // As on AWS, a non-proxy integration's response needs a method response of its status.
  await api.put(`${M}/responses/200`, {});
  helloIntegration = `${M}/integration`;
  await api.put(helloIntegration, { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } });
  await setHello('{"v":1}');

  await createFunction(
    setup.stack.prisma,
    "whoami",
    "exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ deploymentId: event.requestContext.deploymentId, stageVariables: event.stageVariables }) });",
  );
  const who = (await api.post(`/restapis/${apiId}/resources/${root}`, { pathPart: "whoami" })).body;
  const W = `/restapis/${apiId}/resources/${who.id}/methods/GET`;
  await api.put(W, {});
  await api.put(`${W}/integration`, { type: "AWS_PROXY", httpMethod: "POST", uri: functionInvocationUri(ARN, "whoami") });

  const gateway = await setup.stack.startGateway();
  process.env.GATEWAY_PORT = String(gateway.port);
});

afterAll(() => setup?.close());

describe("deploy through the API", () => {
  it("refuses a deploy with problems, listing each, and deploys nothing", async () => {
    const root = (await api.get(`/restapis/${apiId}`)).body.rootResourceId;
    const broken = (await api.post(`/restapis/${apiId}/resources/${root}`, { pathPart: "broken" })).body;
    await api.put(`/restapis/${apiId}/resources/${broken.id}/methods/GET`, {});
    await api.put(`/restapis/${apiId}/resources/${broken.id}/methods/POST`, {});

    const res = await api.post(D(), { stageName: "dev" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("deploy-invalid");
    expect(res.body.problems.length).toBeGreaterThanOrEqual(2);
    const text = JSON.stringify(res.body.problems);
    expect(text).toContain("GET /broken");
    expect(text).toContain("POST /broken");
    expect(await setup.stack.prisma.deployment.count({ where: { restApiId: apiId } })).toBe(0);
    expect(await setup.stack.prisma.stage.count({ where: { restApiId: apiId } })).toBe(0);
    expect((await api.get(D())).body.items).toEqual([]);

    const validation = await api.post(D(), { stageName: "bad stage!", canarySettings: { percentTraffic: 120 } });
    expect(validation.status).toBe(400);
    expect(validation.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(["canarySettings.percentTraffic", "stageName"]);

    expect((await api.delete(`/restapis/${apiId}/resources/${broken.id}`)).status).toBe(204);
  });

  it("deploys a new stage that the gateway serves, recording who deployed", async () => {
    const first = await deploy({ stageName: "dev", description: "first", stageDescription: "Development", variables: { color: "blue" } });
    expect(first).toMatchObject({ description: "first", createdBy: "admin@test.local", stages: ["dev"] });
    await served("dev", '{"v":1}');
    expect(await whoami("dev")).toEqual({ deploymentId: first.id, stageVariables: { color: "blue" } });

    const dev = await stage("dev");
    expect(dev).toMatchObject({ stageName: "dev", deploymentId: first.id, description: "Development", variables: { color: "blue" }, canarySettings: null });
    expect(dev.invokeUrl).toBe(`http://${apiId}.execute-api.localhost:${setup.stack.gateway.port}/dev`);

    const detail = await api.get(`${D()}/${first.id}`);
    expect(detail.body).toMatchObject({ id: first.id, stages: ["dev"] });
    expect(JSON.stringify(detail.body.snapshot)).toContain("/hello");
  });

  it("redeploys, rolls back by pointing the stage at the older deployment, and keeps the history", async () => {
    const [first] = (await api.get(D())).body.items as TDeployment[];
    await setHello('{"v":2}');
    const second = await deploy({ stageName: "dev", description: "second" });
    await served("dev", '{"v":2}');
    // The stage keeps its variables when a deploy sends none.
    expect((await whoami("dev")).stageVariables).toEqual({ color: "blue" });

    const before = await stage("dev");
    const rollback = await api.patch(`${S()}/dev`, { version: before.version, deploymentId: first.id });
    expect(rollback.status).toBe(200);
    expect(rollback.body.deploymentId).toBe(first.id);
    await served("dev", '{"v":1}');

    const history = (await api.get(`${S()}/dev/deployments`)).body.items as TStageDeployment[];
    expect(history.map((h) => [h.id, h.reason, h.current])).toEqual([
      [first.id, "rollback", true],
      [second.id, "deploy", false],
      [first.id, "deploy", false],
    ]);
    expect(history[0].activatedBy).toBe("admin@test.local");

    // A stale version is refused and changes nothing.
    const stale = await api.patch(`${S()}/dev`, { version: before.version, deploymentId: second.id });
    expect(stale.status).toBe(409);
    expect((await stage("dev")).deploymentId).toBe(first.id);
    const foreign = await api.patch(`${S()}/dev`, { version: rollback.body.version, deploymentId: "nosuchdepl" });
    expect(foreign.body.problems).toEqual([expect.objectContaining({ field: "deploymentId" })]);
  });

  it("reloads the stage in the gateway when its variables change", async () => {
    const dev = await stage("dev");
    const res = await api.patch(`${S()}/dev`, { version: dev.version, variables: { color: "red", extra: "x" } });
    expect(res.status).toBe(200);
    await waitFor(async () => ((await whoami("dev")).stageVariables?.color === "red" ? true : undefined), 15_000);
    expect((await whoami("dev")).stageVariables).toEqual({ color: "red", extra: "x" });
  });

  it("refuses to delete a deployment a stage uses, naming the stage", async () => {
    const dev = await stage("dev");
    const res = await api.delete(`${D()}/${dev.deploymentId}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("stage dev");
    expect((await api.get(`${D()}/${dev.deploymentId}`)).status).toBe(200);

    const unused = ((await api.get(D())).body.items as TDeployment[]).find((d) => d.stages.length === 0)!;
    expect((await api.delete(`${D()}/${unused.id}`)).status).toBe(204);
    expect((await api.get(`${D()}/${unused.id}`)).status).toBe(404);
  });

  it("deploys a canary to an existing stage, serves it, and promotes it", async () => {
    const missing = await api.post(D(), { stageName: "nope", canarySettings: { percentTraffic: 10 } });
    expect(missing.status).toBe(400);
    expect(missing.body.problems).toEqual([expect.objectContaining({ field: "stageName" })]);

    const base = await stage("dev");
    await setHello('{"v":3}');
    const canary = await deploy({ stageName: "dev", description: "canary", canarySettings: { percentTraffic: 0, stageVariableOverrides: { color: "green" } } });
    const withCanary = await stage("dev");
    // As on AWS: the stage's deployment stays, the canary gets the new one.
    expect(withCanary.deploymentId).toBe(base.deploymentId);
    expect(withCanary.canarySettings).toEqual({ deploymentId: canary.id, percentTraffic: 0, stageVariableOverrides: { color: "green" } });
    expect(canary.stages).toEqual(["dev"]);
    expect((await setup.stack.gateway.request("/dev/hello", { apiId })).text).toBe('{"v":1}');

    const del = await api.delete(`${D()}/${canary.id}`);
    expect(del.status).toBe(400);
    expect(del.body.message).toContain("the canary of stage dev");

    // All traffic to the canary: the gateway serves its deployment with the overrides.
    const all = await api.patch(`${S()}/dev`, { version: withCanary.version, canarySettings: { percentTraffic: 100, stageVariableOverrides: { color: "green" } } });
    expect(all.body.canarySettings).toEqual({ deploymentId: canary.id, percentTraffic: 100, stageVariableOverrides: { color: "green" } });
    await served("dev", '{"v":3}');
    expect(await whoami("dev")).toEqual({ deploymentId: canary.id, stageVariables: { color: "green", extra: "x" } });

    const promoted = await api.post(`${S()}/dev/canary/promote`, { version: all.body.version });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ deploymentId: canary.id, canarySettings: null, variables: { color: "green", extra: "x" } });
    expect((await api.post(`${S()}/dev/canary/promote`)).status).toBe(400);
    const history = (await api.get(`${S()}/dev/deployments`)).body.items as TStageDeployment[];
    expect(history[0]).toMatchObject({ id: canary.id, reason: "promote", current: true });

    // Set a canary on the stage's own deployment, then remove it.
    const set = await api.patch(`${S()}/dev`, { version: promoted.body.version, canarySettings: { percentTraffic: 5 } });
    expect(set.body.canarySettings).toEqual({ deploymentId: canary.id, percentTraffic: 5, stageVariableOverrides: {} });
    const removed = await api.patch(`${S()}/dev`, { version: set.body.version, canarySettings: null });
    expect(removed.body.canarySettings).toBeNull();
    await served("dev", '{"v":3}');
    expect((await whoami("dev")).stageVariables).toEqual({ color: "green", extra: "x" });
  });

  it("creates a stage on an existing deployment and deletes it; the gateway follows", async () => {
    const dev = await stage("dev");
    const bad = await api.post(S(), { stageName: "prod", deploymentId: "nosuchdepl" });
    expect(bad.body.problems).toEqual([expect.objectContaining({ field: "deploymentId" })]);

    const prod = await api.post(S(), { stageName: "prod", deploymentId: dev.deploymentId, variables: { color: "gold" } });
    expect(prod.status).toBe(201);
    expect(prod.body).toMatchObject({ stageName: "prod", deploymentId: dev.deploymentId, variables: { color: "gold" }, version: 1 });
    await served("prod", '{"v":3}');
    expect((await api.post(S(), { stageName: "prod", deploymentId: dev.deploymentId })).body.problems).toEqual([
      expect.objectContaining({ field: "stageName" }),
    ]);
    expect((await api.get(S())).body.items.map((s: TStage) => s.stageName)).toEqual(["dev", "prod"]);
    expect((await api.get(`${S()}/prod/deployments`)).body.items).toMatchObject([{ id: dev.deploymentId, reason: "create", current: true }]);

    expect((await api.delete(`${S()}/prod`)).status).toBe(204);
    await waitFor(async () => ((await setup.stack.gateway.request("/prod/hello", { apiId })).status !== 200 ? true : undefined), 15_000);
    expect((await api.get(`${S()}/prod`)).status).toBe(404);
  });

  it("lets owners deploy but not testers or viewers", async () => {
    const owner = await userWithToken(setup.stack.prisma, "owner", "owner@test.local");
    const tester = await userWithToken(setup.stack.prisma, "tester");
    expect((await tester.api.post(D(), { stageName: "dev" })).status).toBe(403);
    expect((await tester.api.get(D())).status).toBe(200);
    const res = await owner.api.post(D(), { stageName: "dev", description: "by owner" });
    expect(res.status).toBe(201);
    expect(res.body.createdBy).toBe("owner@test.local");
  });

  it("stops serving every stage of a deleted API", async () => {
    await served("dev", '{"v":3}');
    expect((await api.delete(`/restapis/${apiId}`)).status).toBe(204);
    await waitFor(async () => ((await setup.stack.gateway.request("/dev/hello", { apiId })).status !== 200 ? true : undefined), 15_000);
    expect(await setup.stack.prisma.deployment.count({ where: { restApiId: apiId } })).toBe(0);
  });
});
