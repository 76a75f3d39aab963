import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deployApi } from "../../lib/services/deploy";
import { DEMO_STAGE, seedDemo } from "../../lib/services/seed";
import { DEPLOY_CHANNEL } from "../../lib/snapshot";
import { addMethod, ARN } from "../helpers/fixtures";
import { waitFor } from "../helpers/gateway";
import { createStack, type Stack } from "../helpers/stack";

let stack: Stack;
let apiId: string;

beforeAll(async () => {
  stack = await createStack(inject("pgServerUrl"));
  apiId = (await seedDemo(stack.prisma, ARN))!.restApiId;
  await stack.startGateway();
});

afterAll(() => stack?.close());

/** Polls until `path` answers `status`; returns how long that took after `since`. */
async function servedWithin(path: string, status: number, since: number): Promise<number> {
  await waitFor(async () => ((await stack.gateway.request(path, { apiId })).status === status ? true : undefined), 10_000, 10);
  return Date.now() - since;
}

describe("reload after deploy", () => {
  it("serves a resource added and deployed while running", async () => {
    expect((await stack.gateway.request(`/${DEMO_STAGE}/hello`, { apiId })).status).toBe(403);
    await addMethod(stack.prisma, apiId, "/hello", "GET", {
      type: "MOCK",
      requestTemplate: '{"statusCode": 200}',
      responses: [{ statusCode: "200", body: '{"hello":"world"}' }],
    });
    // Edits alone are not served: only a deployment is.
    expect((await stack.gateway.request(`/${DEMO_STAGE}/hello`, { apiId })).status).toBe(403);

    await deployApi(stack.prisma, { restApiId: apiId, stageName: DEMO_STAGE });
    const tookMs = await servedWithin(`/${DEMO_STAGE}/hello`, 200, Date.now());
    console.log(`[reload] new resource served ${tookMs} ms after the deploy committed`);
    expect(tookMs).toBeLessThan(5000);

    const res = await stack.gateway.request(`/${DEMO_STAGE}/hello`, { apiId });
    expect(res.text).toBe('{"hello":"world"}');
    // The rest of the deployment is still served.
    expect((await stack.gateway.request(`/${DEMO_STAGE}/users`, { apiId })).status).toBe(200);
  });

  it("serves a changed integration after redeploy", async () => {
    const integration = await stack.prisma.integration.findFirstOrThrow({
      where: { method: { httpMethod: "GET", resource: { restApiId: apiId, path: "/users" } } },
    });
    // AWS needs a method response for the status an integration response selects.
    await stack.prisma.methodResponse.create({ data: { methodId: integration.methodId, statusCode: "418" } });
    await stack.prisma.integration.update({
      where: { id: integration.id },
      data: {
        type: "MOCK",
        requestTemplates: { "application/json": '{"statusCode": 418}' },
        responses: { create: [{ statusCode: "418", responseTemplates: { "application/json": '{"teapot":true}' } }] },
      },
    });
    await deployApi(stack.prisma, { restApiId: apiId, stageName: DEMO_STAGE });
    const tookMs = await servedWithin(`/${DEMO_STAGE}/users`, 418, Date.now());
    console.log(`[reload] changed integration served ${tookMs} ms after the deploy committed`);
    expect(tookMs).toBeLessThan(5000);
    expect((await stack.gateway.request(`/${DEMO_STAGE}/users`, { apiId })).text).toBe('{"teapot":true}');
  });

  it("serves a new stage, and the old stage keeps its own deployment", async () => {
    await deployApi(stack.prisma, { restApiId: apiId, stageName: "prod" });
    await servedWithin(`/prod/users`, 418, Date.now());
    await addMethod(stack.prisma, apiId, "/only-dev", "GET", {
      type: "MOCK",
      responses: [{ statusCode: "200", body: "{}" }],
    });
    await deployApi(stack.prisma, { restApiId: apiId, stageName: DEMO_STAGE });
    await servedWithin(`/${DEMO_STAGE}/only-dev`, 200, Date.now());
    expect((await stack.gateway.request(`/prod/only-dev`, { apiId })).status).toBe(403);
  });

  it("serves a deployment stored in snapshot format 1 (before HTTP integrations and method responses)", async () => {
    const v1 = {
      formatVersion: 1,
      restApiId: apiId,
      apiName: "legacy",
      binaryMediaTypes: [],
      resources: [
        {
          id: "legacyres1",
          path: "/legacy",
          methods: {
            GET: {
              httpMethod: "GET",
              authorizationType: "NONE",
              apiKeyRequired: false,
              integration: {
                type: "MOCK",
                timeoutMs: 29000,
                requestTemplates: { "application/json": '{"statusCode": 200}' },
                responses: [{ statusCode: "200", selectionPattern: null, responseTemplates: { "application/json": '{"format":1}' }, responseParameters: {} }],
              },
            },
          },
        },
      ],
    };
    await stack.prisma.$transaction(async (tx) => {
      await tx.deployment.create({ data: { id: "legacy0001", restApiId: apiId, snapshot: v1 } });
      await tx.stage.create({ data: { restApiId: apiId, name: "legacy", deploymentId: "legacy0001" } });
      await tx.$executeRaw`SELECT pg_notify(${DEPLOY_CHANNEL}, ${JSON.stringify({ kind: "stage", restApiId: apiId, stageName: "legacy" })})`;
    });
    await servedWithin("/legacy/legacy", 200, Date.now());
    expect((await stack.gateway.request("/legacy/legacy", { apiId })).text).toBe('{"format":1}');
  });
});
