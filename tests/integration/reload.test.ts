import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deployApi } from "../../lib/services/deploy";
import { DEMO_STAGE, seedDemo } from "../../lib/services/seed";
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
});
