import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deployApi } from "../../lib/services/deploy";
import { createDeployment, setStageCanary } from "../helpers/deployments";
import { addMethod, createFunction, createRestApi } from "../helpers/fixtures";
import { waitFor, type GatewayResponse } from "../helpers/gateway";
import { createStack, type Stack } from "../helpers/stack";

/**
 * Canary: a stage's second deployment serves percentTraffic of its requests,
 * with the canary's variable overrides. The base deployment answers
 * {"d":"base"}, the canary {"d":"canary"}.
 */

let stack: Stack;
let apiId: string;
let baseId: string;
let canaryId: string;

async function setMockBody(body: string) {
  const response = await stack.prisma.integrationResponse.findFirstOrThrow({
    where: { integration: { method: { httpMethod: "GET", resource: { restApiId: apiId, path: "/" } } } },
  });
  await stack.prisma.integrationResponse.update({ where: { id: response.id }, data: { responseTemplates: { "application/json": body } } });
}

beforeAll(async () => {
  stack = await createStack(inject("pgServerUrl"));
  const db = stack.prisma;
  apiId = await createRestApi(db, "canary");
  await addMethod(db, apiId, "/", "GET", { type: "MOCK", responses: [{ statusCode: "200", body: '{"d":"base"}' }] });
  await createFunction(
    db,
    "whoami",
    `exports.handler = async (event) => ({ body: JSON.stringify({ deploymentId: event.requestContext.deploymentId, stageVariables: event.stageVariables }) });`,
  );
  await addMethod(db, apiId, "/whoami", "GET", { type: "AWS_PROXY", functionName: "whoami" });
  await deployApi(db, { restApiId: apiId, stageName: "prod", variables: { color: "blue", keep: "k" } });
  baseId = (await db.stage.findUniqueOrThrow({ where: { restApiId_name: { restApiId: apiId, name: "prod" } } })).deploymentId;
  await setMockBody('{"d":"canary"}');
  canaryId = await createDeployment(db, apiId, "canary");
  await stack.startGateway();
});

afterAll(() => stack?.close());

const root = () => stack.gateway.request("/prod/", { apiId });
const whoami = async () => (await stack.gateway.request("/prod/whoami", { apiId })).json() as { deploymentId: string; stageVariables: Record<string, string> };
const served = (res: GatewayResponse) => (res.json() as { d: string }).d;

/** `total` requests, `parallel` at a time; returns how many each deployment answered. */
async function tally(total: number, parallel = 40): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let sent = 0; sent < total; sent += parallel) {
    const batch = await Promise.all(Array.from({ length: Math.min(parallel, total - sent) }, root));
    for (const res of batch) {
      expect(res.status).toBe(200);
      counts[served(res)] = (counts[served(res)] ?? 0) + 1;
    }
  }
  return counts;
}

describe("canary", () => {
  it("serves only the stage's deployment while there is no canary", async () => {
    expect(await tally(40)).toEqual({ base: 40 });
    expect((await whoami()).deploymentId).toBe(baseId);
  });

  it("sends about percentTraffic of 2,000 requests to the canary", async () => {
    await setStageCanary(stack.prisma, apiId, "prod", { deploymentId: canaryId, percentTraffic: 25, stageVariableOverrides: { color: "green" } });
    await waitFor(async () => (served(await root()) === "canary" ? true : undefined));
    const counts = await tally(2000);
    const share = (counts.canary ?? 0) / 2000;
    console.log(`[canary] 25% canary served ${counts.canary} of 2000 requests (${(share * 100).toFixed(1)}%)`);
    expect((counts.canary ?? 0) + (counts.base ?? 0)).toBe(2000);
    expect(share).toBeGreaterThanOrEqual(0.21);
    expect(share).toBeLessThanOrEqual(0.29);
  });

  it("gives canary requests the canary's deployment id and variable overrides", async () => {
    await setStageCanary(stack.prisma, apiId, "prod", { deploymentId: canaryId, percentTraffic: 100, stageVariableOverrides: { color: "green" } });
    // The previous test left a 25% canary: one canary answer does not yet show the 100% reload, ten in a row do.
    await waitFor(async () => ((await tally(10)).canary === 10 ? true : undefined));
    const canary = await whoami();
    expect(canary.deploymentId).toBe(canaryId);
    expect(canary.stageVariables).toEqual({ color: "green", keep: "k" });
    expect(await tally(40)).toEqual({ canary: 40 });
  });

  it("sends nothing to a 0% canary", async () => {
    await setStageCanary(stack.prisma, apiId, "prod", { deploymentId: canaryId, percentTraffic: 0, stageVariableOverrides: { color: "green" } });
    const base = await waitFor(async () => {
      const who = await whoami();
      return who.deploymentId === baseId ? who : undefined;
    });
    expect(base.stageVariables).toEqual({ color: "blue", keep: "k" });
    expect(await tally(200)).toEqual({ base: 200 });
  });

  it("reloads the stage after a redeploy, keeping its canary", async () => {
    await setStageCanary(stack.prisma, apiId, "prod", { deploymentId: canaryId, percentTraffic: 50 });
    await setMockBody('{"d":"v3"}');
    await deployApi(stack.prisma, { restApiId: apiId, stageName: "prod" });
    await waitFor(async () => (served(await root()) === "v3" ? true : undefined));
    const counts = await tally(200);
    expect(Object.keys(counts).sort()).toEqual(["canary", "v3"]);
  });

  it("serves only the stage's deployment again once the canary is removed", async () => {
    await setStageCanary(stack.prisma, apiId, "prod", null);
    await waitFor(async () => {
      const counts = await tally(40);
      return counts.v3 === 40 ? true : undefined;
    });
    expect(await tally(200)).toEqual({ v3: 200 });
  });
});
