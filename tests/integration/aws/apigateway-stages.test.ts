import {
  BadRequestException,
  ConflictException,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteStageCommand,
  FlushStageCacheCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetStageCommand,
  GetStagesCommand,
  NotFoundException,
  TestInvokeMethodCommand,
  UpdateDeploymentCommand,
  UpdateStageCommand,
} from "@aws-sdk/client-api-gateway";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createStack, type Stack } from "../../helpers/stack";
import { startAwsControl, type TestAwsControl, failureOf as fail } from "../../helpers/aws-control";
import { waitFor } from "../../helpers/gateway";
import { ZPutIntegration, ZPutIntegrationResponse, ZPutMethod, ZPutMethodResponse } from "../../../lib/schemas/management";
import { createResource } from "../../../lib/services/resources";
import { putMethod } from "../../../lib/services/methods";
import { putIntegration } from "../../../lib/services/integrations";
import { putMethodResponse } from "../../../lib/services/method-responses";
import { putIntegrationResponse } from "../../../lib/services/integration-responses";

/** Deployments, stages, cache flush and TestInvokeMethod through the AWS SDK, served by the real gateway. */

const SECRET_KEY = "aws-stages-test-key-0123456789abcdef012345";
let stack: Stack;
let aws: TestAwsControl;
let apiId: string;
let itemsId: string;
const saved = { url: process.env.GATEHOUSE_INTERNAL_GATEWAY_URL };


/** GET /prod/items on the gateway, as JSON (status checked). */
async function callItems(stage = "prod"): Promise<{ hello: string; rid: string }> {
  const res = await stack.gateway.request(`/${stage}/items`, { apiId });
  if (res.status !== 200) throw new Error(`${res.status}: ${res.text}`);
  return res.json() as { hello: string; rid: string };
}

beforeAll(async () => {
  stack = await createStack(inject("pgServerUrl"));
  aws = await startAwsControl(stack.prisma, SECRET_KEY);
  const gateway = await stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY });
  // TestInvokeMethod reaches the gateway as the console does.
  process.env.GATEHOUSE_INTERNAL_GATEWAY_URL = `http://127.0.0.1:${gateway.port}`;
  const api = await aws.apigateway.send(new CreateRestApiCommand({ name: "stages-api" }));
  apiId = api.id!;
  // The method is set up through the services directly (the SDK ops for it belong to another area).
  const db = stack.prisma;
  itemsId = (await createResource(db, apiId, api.rootResourceId!, { pathPart: "items" })).id;
  const at = { restApiId: apiId, resourceId: itemsId, httpMethod: "GET" as const };
  await putMethod(db, at, ZPutMethod.parse({}));
  await putIntegration(db, at, ZPutIntegration.parse({ type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }));
  await putMethodResponse(db, at, "200", ZPutMethodResponse.parse({}));
  await putIntegrationResponse(
    db,
    at,
    "200",
    ZPutIntegrationResponse.parse({
      responseTemplates: { "application/json": '{"hello": "$stageVariables.color", "rid": "$context.requestId"}' },
    }),
  );
}, 60_000);

afterAll(async () => {
  if (saved.url === undefined) delete process.env.GATEHOUSE_INTERNAL_GATEWAY_URL;
  else process.env.GATEHOUSE_INTERNAL_GATEWAY_URL = saved.url;
  await aws?.close();
  await stack?.close();
});

describe("deployments and stages over the AWS API", () => {
  let deploymentId: string;

  it("deploys to a new stage that the gateway serves", async () => {
    const d = await aws.apigateway.send(
      new CreateDeploymentCommand({ restApiId: apiId, stageName: "prod", description: "first", variables: { color: "blue" } }),
    );
    expect(d.id).toBeTruthy();
    expect(d.createdDate).toBeInstanceOf(Date);
    deploymentId = d.id!;
    const stage = await aws.apigateway.send(new GetStageCommand({ restApiId: apiId, stageName: "prod" }));
    expect(stage).toMatchObject({
      stageName: "prod",
      deploymentId,
      variables: { color: "blue" },
      cacheClusterEnabled: false,
      cacheClusterStatus: "NOT_AVAILABLE",
    });
    expect(stage.createdDate).toBeInstanceOf(Date);
    expect(stage.lastUpdatedDate).toBeInstanceOf(Date);
    const body = await waitFor(async () => callItems(), 15_000);
    expect(body.hello).toBe("blue");

    const list = await aws.apigateway.send(new GetDeploymentsCommand({ restApiId: apiId }));
    expect(list.items?.map((i) => i.id)).toContain(deploymentId);
    const updated = await aws.apigateway.send(
      new UpdateDeploymentCommand({
        restApiId: apiId,
        deploymentId,
        patchOperations: [{ op: "replace", path: "/description", value: "renamed" }],
      }),
    );
    expect(updated.description).toBe("renamed");
    const read = await aws.apigateway.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId, embed: ["apisummary"] }));
    expect(read.description).toBe("renamed");
    expect(read.apiSummary?.["/items"]?.GET).toEqual({ authorizationType: "NONE", apiKeyRequired: false });
  });

  it("updates variables and method settings by patch operations, and the gateway follows", async () => {
    const stage = await aws.apigateway.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: "prod",
        patchOperations: [
          { op: "replace", path: "/variables/color", value: "green" },
          { op: "replace", path: "/variables/size", value: "xl" },
          { op: "replace", path: "/*/*/throttling/rateLimit", value: "100" },
          { op: "replace", path: "/*/*/throttling/burstLimit", value: "50" },
          { op: "replace", path: "/*/*/metrics/enabled", value: "true" },
          { op: "replace", path: "/*/*/logging/loglevel", value: "INFO" },
          { op: "replace", path: "/~1items/GET/caching/ttlInSeconds", value: "60" },
          { op: "replace", path: "/~1items/GET/caching/enabled", value: "true" },
          { op: "replace", path: "/description", value: "production" },
        ],
      }),
    );
    expect(stage.variables).toEqual({ color: "green", size: "xl" });
    expect(stage.description).toBe("production");
    const read = await aws.apigateway.send(new GetStageCommand({ restApiId: apiId, stageName: "prod" }));
    expect(read.methodSettings?.["*/*"]).toMatchObject({
      throttlingRateLimit: 100,
      throttlingBurstLimit: 50,
      metricsEnabled: true,
      loggingLevel: "INFO",
    });
    expect(read.methodSettings?.["~1items/GET"]).toMatchObject({ cachingEnabled: true, cacheTtlInSeconds: 60 });
    await waitFor(async () => ((await callItems()).hello === "green" ? true : undefined), 15_000);

    const removed = await aws.apigateway.send(
      new UpdateStageCommand({ restApiId: apiId, stageName: "prod", patchOperations: [{ op: "remove", path: "/variables/size" }] }),
    );
    expect(removed.variables).toEqual({ color: "green" });
  });

  it("refuses a malformed patch naming the failing path, and changes nothing", async () => {
    const before = await aws.apigateway.send(new GetStageCommand({ restApiId: apiId, stageName: "prod" }));
    const unknown = await fail(
      aws.apigateway.send(
        new UpdateStageCommand({
          restApiId: apiId,
          stageName: "prod",
          patchOperations: [
            { op: "replace", path: "/variables/color", value: "red" },
            { op: "replace", path: "/nonsense/thing", value: "x" },
          ],
        }),
      ),
    );
    expect(unknown).toBeInstanceOf(BadRequestException);
    expect((unknown as Error).message).toMatch(/^Invalid method setting path: \/nonsense\/thing\. Must be one of: \[/);

    const noSetting = await fail(
      aws.apigateway.send(
        new UpdateStageCommand({ restApiId: apiId, stageName: "prod", patchOperations: [{ op: "remove", path: "/~1nothing/GET" }] }),
      ),
    );
    expect(noSetting).toBeInstanceOf(BadRequestException);
    expect((noSetting as Error).message).toContain("~1nothing/GET");

    const badValue = await fail(
      aws.apigateway.send(
        new UpdateStageCommand({
          restApiId: apiId,
          stageName: "prod",
          patchOperations: [
            { op: "replace", path: "/variables/color", value: "red" },
            { op: "replace", path: "/*/*/throttling/rateLimit", value: "fast" },
          ],
        }),
      ),
    );
    expect(badValue).toBeInstanceOf(BadRequestException);
    expect((badValue as Error).message).toContain("/*/*/throttling/rateLimit");

    const badOp = await fail(
      aws.apigateway.send(
        new UpdateStageCommand({
          restApiId: apiId,
          stageName: "prod",
          patchOperations: [{ op: "copy", path: "/variables/x", from: "/variables/color" }],
        }),
      ),
    );
    expect(badOp).toBeInstanceOf(BadRequestException);
    expect((badOp as Error).message).toContain("/variables/x");

    const after = await aws.apigateway.send(new GetStageCommand({ restApiId: apiId, stageName: "prod" }));
    expect(after.variables).toEqual(before.variables);
    expect(after.methodSettings).toEqual(before.methodSettings);
    expect(after.lastUpdatedDate).toEqual(before.lastUpdatedDate);
  });

  it("turns the cache on, serves from it, and FlushStageCache empties it", async () => {
    const on = await aws.apigateway.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: "prod",
        patchOperations: [
          { op: "replace", path: "/cacheClusterEnabled", value: "true" },
          { op: "replace", path: "/cacheClusterSize", value: "0.5" },
        ],
      }),
    );
    expect(on).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: "0.5", cacheClusterStatus: "AVAILABLE" });
    // Once the gateway has the cache on, two calls answer the same (cached) request id.
    const cached = await waitFor(async () => {
      const a = await callItems();
      const b = await callItems();
      return a.rid === b.rid ? a.rid : undefined;
    }, 15_000);
    expect((await callItems()).rid).toBe(cached);

    await aws.apigateway.send(new FlushStageCacheCommand({ restApiId: apiId, stageName: "prod" }));
    await waitFor(async () => ((await callItems()).rid !== cached ? true : undefined), 15_000);

    const tooBig = await fail(
      aws.apigateway.send(
        new UpdateStageCommand({
          restApiId: apiId,
          stageName: "prod",
          patchOperations: [{ op: "replace", path: "/cacheClusterSize", value: "237" }],
        }),
      ),
    );
    expect(tooBig).toBeInstanceOf(BadRequestException);
    expect((tooBig as Error).message).toContain("cacheClusterSize");
    const missing = await fail(aws.apigateway.send(new FlushStageCacheCommand({ restApiId: apiId, stageName: "nostage" })));
    expect(missing).toBeInstanceOf(NotFoundException);
  });

  it("sets and removes canary and access log settings by patch", async () => {
    const canary = await aws.apigateway.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: "prod",
        patchOperations: [
          { op: "replace", path: "/canarySettings/percentTraffic", value: "10" },
          { op: "replace", path: "/canarySettings/stageVariableOverrides/color", value: "yellow" },
          { op: "replace", path: "/accessLogSettings/format", value: "JSON" },
        ],
      }),
    );
    expect(canary.canarySettings).toMatchObject({ percentTraffic: 10, deploymentId, stageVariableOverrides: { color: "yellow" } });
    expect(canary.accessLogSettings?.format).toBe("JSON");
    const off = await aws.apigateway.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: "prod",
        patchOperations: [
          { op: "remove", path: "/canarySettings" },
          { op: "remove", path: "/accessLogSettings" },
        ],
      }),
    );
    expect(off.canarySettings).toBeUndefined();
    expect(off.accessLogSettings).toBeUndefined();
  });

  it("creates a deployment without a stage, a stage on it, and refuses to delete a deployment in use", async () => {
    const d = await aws.apigateway.send(new CreateDeploymentCommand({ restApiId: apiId, description: "stageless" }));
    const created = await aws.apigateway.send(
      new CreateStageCommand({
        restApiId: apiId,
        stageName: "beta",
        deploymentId: d.id,
        variables: { color: "cyan" },
        description: "beta stage",
      }),
    );
    expect(created).toMatchObject({ stageName: "beta", deploymentId: d.id, variables: { color: "cyan" }, description: "beta stage" });
    await waitFor(async () => ((await callItems("beta")).hello === "cyan" ? true : undefined), 15_000);

    const dup = await fail(aws.apigateway.send(new CreateStageCommand({ restApiId: apiId, stageName: "beta", deploymentId: d.id })));
    expect(dup).toBeInstanceOf(ConflictException);
    const stages = await aws.apigateway.send(new GetStagesCommand({ restApiId: apiId }));
    expect(stages.item?.map((s) => s.stageName).sort()).toEqual(["beta", "prod"]);
    const onD = await aws.apigateway.send(new GetStagesCommand({ restApiId: apiId, deploymentId: d.id }));
    expect(onD.item?.map((s) => s.stageName)).toEqual(["beta"]);

    const inUse = await fail(aws.apigateway.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: d.id })));
    expect(inUse).toBeInstanceOf(BadRequestException);
    expect((inUse as Error).message).toMatch(/Active stages pointing to this deployment must be moved or deleted/);

    await aws.apigateway.send(new DeleteStageCommand({ restApiId: apiId, stageName: "beta" }));
    await waitFor(async () => ((await stack.gateway.request("/beta/items", { apiId })).status !== 200 ? true : undefined), 15_000);
    await aws.apigateway.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: d.id }));
    const gone = await fail(aws.apigateway.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: d.id })));
    expect(gone).toBeInstanceOf(NotFoundException);
  });

  it("creates a stage with its cache on in one call", async () => {
    const d = await aws.apigateway.send(
      new CreateDeploymentCommand({
        restApiId: apiId,
        stageName: "cached",
        cacheClusterEnabled: true,
        cacheClusterSize: "0.5",
        variables: { color: "gold" },
      }),
    );
    const stage = await aws.apigateway.send(new GetStageCommand({ restApiId: apiId, stageName: "cached" }));
    expect(stage).toMatchObject({ deploymentId: d.id, cacheClusterEnabled: true, cacheClusterSize: "0.5" });
    // A refused size leaves neither a deployment nor a stage behind.
    const before = (await aws.apigateway.send(new GetDeploymentsCommand({ restApiId: apiId, limit: 500 }))).items?.length;
    const refused = await fail(
      aws.apigateway.send(
        new CreateDeploymentCommand({ restApiId: apiId, stageName: "huge", cacheClusterEnabled: true, cacheClusterSize: "237" }),
      ),
    );
    expect(refused).toBeInstanceOf(BadRequestException);
    expect((await aws.apigateway.send(new GetDeploymentsCommand({ restApiId: apiId, limit: 500 }))).items?.length).toBe(before);
    expect(await fail(aws.apigateway.send(new GetStageCommand({ restApiId: apiId, stageName: "huge" })))).toBeInstanceOf(NotFoundException);
  });

  it("applies patched throttling in the gateway", async () => {
    expect((await waitFor(async () => callItems("cached"), 15_000)).hello).toBe("gold");
    await aws.apigateway.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: "cached",
        patchOperations: [
          { op: "replace", path: "/~1items/GET/throttling/rateLimit", value: "0" },
          { op: "replace", path: "/~1items/GET/throttling/burstLimit", value: "0" },
        ],
      }),
    );
    const throttled = await waitFor(async () => {
      const res = await stack.gateway.request("/cached/items", { apiId });
      return res.status === 429 ? res : undefined;
    }, 15_000);
    expect(throttled.json()).toEqual({ message: "Too Many Requests" });
    await aws.apigateway.send(
      new UpdateStageCommand({ restApiId: apiId, stageName: "cached", patchOperations: [{ op: "remove", path: "/~1items/GET" }] }),
    );
    await waitFor(async () => ((await stack.gateway.request("/cached/items", { apiId })).status === 200 ? true : undefined), 15_000);
  });

  it("TestInvokeMethod runs the method's working copy through the gateway pipeline", async () => {
    const res = await aws.apigateway.send(
      new TestInvokeMethodCommand({
        restApiId: apiId,
        resourceId: itemsId,
        httpMethod: "GET",
        pathWithQueryString: "/items",
        stageVariables: { color: "purple" },
      }),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body!)).toMatchObject({ hello: "purple" });
    expect(res.headers?.["Content-Type"] ?? res.headers?.["content-type"]).toMatch(/application\/json/);
    expect(res.log).toMatch(/^Execution log for request /);
    expect(res.log).toContain("Method completed with status: 200");
    expect(Number.isInteger(res.latency)).toBe(true);

    // The working copy, not a deployment: an undeployed template change shows at once, the stage keeps the deployed one.
    const at = { restApiId: apiId, resourceId: itemsId, httpMethod: "GET" as const };
    await putIntegrationResponse(
      stack.prisma,
      at,
      "200",
      ZPutIntegrationResponse.parse({ responseTemplates: { "application/json": '{"hello": "draft-$stageVariables.color", "rid": "x"}' } }),
    );
    const draft = await aws.apigateway.send(
      new TestInvokeMethodCommand({
        restApiId: apiId,
        resourceId: itemsId,
        httpMethod: "GET",
        stageVariables: { color: "pink" },
        headers: { accept: "application/json" },
      }),
    );
    expect(JSON.parse(draft.body!)).toMatchObject({ hello: "draft-pink" });
    expect((await callItems()).hello).toBe("green");
    const missing = await fail(
      aws.apigateway.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId: itemsId, httpMethod: "DELETE" })),
    );
    expect(missing).toBeInstanceOf(NotFoundException);
  });
});
