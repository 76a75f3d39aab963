import {
  ConflictException,
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetRestApiCommand,
  GetStageCommand,
  GetUsagePlanKeysCommand,
  ImportRestApiCommand,
  NotFoundException,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateMethodCommand,
  UpdateStageCommand,
} from "@aws-sdk/client-api-gateway";
import { CreateFunctionCommand, GetFunctionCommand } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitFor, type GatewayResponse } from "../../helpers/gateway";
import { createStack, type Stack } from "../../helpers/stack";
import { startAwsControl, type TestAwsControl } from "../../helpers/aws-control";

/**
 * Issue 12's walkthrough with the real AWS SDK clients only: the product
 * overview's example (a function from a zip behind GET /users, deployed to
 * `dev`) and then import, API keys with a usage plan, a stage patch and the
 * SDK's error classes. Every change is checked where a user would see it: the
 * real gateway process, over HTTP.
 */

const SECRET_KEY = "aws-sdk-walkthrough-secret-0123456789abcdef";
const USERS = [
  { id: 1, name: "Ada Lovelace" },
  { id: 2, name: "Grace Hopper" },
];
// Apart from the seeded demo's "list-users", so the test never passes thanks to the seed.
const FUNCTION_NAME = "users-sdk";
const HANDLER_CODE = `exports.handler = async () => ({
  statusCode: 200,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(${JSON.stringify(USERS)}),
});
`;

let stack: Stack;
let aws: TestAwsControl;
let apiId: string;
let rootId: string;
let usersResourceId: string;

beforeAll(async () => {
  stack = await createStack(inject("pgServerUrl"));
  aws = await startAwsControl(stack.prisma, SECRET_KEY);
  await stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY });
});

afterAll(async () => {
  await aws?.close();
  await stack?.close();
});

/** Calls the deployed API until `accept` likes the answer (a deploy reaches the gateway by NOTIFY, well under a second). */
function callUntil(id: string, path: string, accept: (res: GatewayResponse) => boolean, headers: Record<string, string> = {}) {
  let last: GatewayResponse | undefined;
  return waitFor(async () => {
    last = await stack.gateway.request(path, { apiId: id, headers });
    return accept(last) ? last : undefined;
  }, 15_000).catch((err: Error) => {
    throw new Error(`${err.message}; last answer ${last?.status}: ${last?.text}`);
  });
}

describe("the AWS SDK walkthrough", () => {
  it("creates a function from a zip, an API with GET /users on AWS_PROXY, deploys to dev and serves the two users", async () => {
    const zip = zipSync({ "index.js": strToU8(HANDLER_CODE) });
    const fn = await aws.lambda.send(
      new CreateFunctionCommand({
        FunctionName: FUNCTION_NAME,
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        Role: "arn:aws:iam::000000000000:role/lambda-role",
        Code: { ZipFile: zip },
      }),
    );
    expect(fn.FunctionName).toBe(FUNCTION_NAME);
    expect(fn.FunctionArn).toMatch(new RegExp(`^arn:aws:lambda:[a-z0-9-]+:\\d{12}:function:${FUNCTION_NAME}$`));
    const got = await aws.lambda.send(new GetFunctionCommand({ FunctionName: FUNCTION_NAME }));
    expect(got.Configuration?.Handler).toBe("index.handler");
    // The same function the console lists.
    expect(await stack.prisma.function.findFirst({ where: { name: FUNCTION_NAME } })).not.toBeNull();

    const api = await aws.apigateway.send(new CreateRestApiCommand({ name: "users-sdk-api" }));
    apiId = api.id!;
    rootId = api.rootResourceId!;
    const users = await aws.apigateway.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: "users" }));
    expect(users.path).toBe("/users");
    usersResourceId = users.id!;
    const method = await aws.apigateway.send(
      new PutMethodCommand({ restApiId: apiId, resourceId: usersResourceId, httpMethod: "GET", authorizationType: "NONE" }),
    );
    expect(method.httpMethod).toBe("GET");
    const uri = `arn:aws:apigateway:${aws.region}:lambda:path/2015-03-31/functions/${fn.FunctionArn}/invocations`;
    const integration = await aws.apigateway.send(
      new PutIntegrationCommand({
        restApiId: apiId,
        resourceId: usersResourceId,
        httpMethod: "GET",
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri,
      }),
    );
    expect(integration.type).toBe("AWS_PROXY");
    expect(integration.uri).toBe(uri);
    const deployment = await aws.apigateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "dev" }));
    expect(deployment.id).toBeTruthy();

    // The API is the console's too.
    expect(await stack.prisma.restApi.findUnique({ where: { id: apiId } })).toMatchObject({ name: "users-sdk-api" });

    const res = await callUntil(apiId, "/dev/users", (r) => r.status === 200);
    expect(res.headers["content-type"]).toContain("application/json");
    expect(res.json()).toEqual(USERS);
  });

  it("answers a missing API with NotFoundException and a duplicate resource with ConflictException", async () => {
    const missing = await aws.apigateway.send(new GetRestApiCommand({ restApiId: "nosuchapi0" })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundException);
    expect((missing as NotFoundException).$metadata.httpStatusCode).toBe(404);

    const duplicate = await aws.apigateway
      .send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: "users" }))
      .catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(ConflictException);
    expect((duplicate as ConflictException).$metadata.httpStatusCode).toBe(409);
  });

  it("requires an API key on a method once a usage plan for the stage holds the key", async () => {
    const keyValue = "sdk-walkthrough-key-0123456789abcdef";
    const key = await aws.apigateway.send(new CreateApiKeyCommand({ name: "sdk-key", value: keyValue, enabled: true }));
    expect(key.id).toBeTruthy();
    const plan = await aws.apigateway.send(
      new CreateUsagePlanCommand({ name: "sdk-plan", apiStages: [{ apiId, stage: "dev" }], throttle: { rateLimit: 100, burstLimit: 200 } }),
    );
    expect(plan.apiStages).toEqual([expect.objectContaining({ apiId, stage: "dev" })]);
    await aws.apigateway.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" }));
    const planKeys = await aws.apigateway.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id }));
    expect(planKeys.items?.map((k) => k.id)).toEqual([key.id]);

    const updated = await aws.apigateway.send(
      new UpdateMethodCommand({
        restApiId: apiId,
        resourceId: usersResourceId,
        httpMethod: "GET",
        patchOperations: [{ op: "replace", path: "/apiKeyRequired", value: "true" }],
      }),
    );
    expect(updated.apiKeyRequired).toBe(true);
    await aws.apigateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "dev", description: "keys required" }));

    const refused = await callUntil(apiId, "/dev/users", (r) => r.status !== 200);
    expect(refused.status).toBe(403);
    const allowed = await callUntil(apiId, "/dev/users", (r) => r.status === 200, { "x-api-key": keyValue });
    expect(allowed.json()).toEqual(USERS);
    const wrongKey = await stack.gateway.request("/dev/users", { apiId, headers: { "x-api-key": "not-the-key-0123456789abcdef" } });
    expect(wrongKey.status).toBe(403);
  });

  it("imports an OpenAPI file with a MOCK method, deploys it, and updates a stage variable by patch operations", async () => {
    const openapi = {
      openapi: "3.0.1",
      info: { title: "imported-hello", version: "1.0" },
      paths: {
        "/hello": {
          get: {
            responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object" } } } } },
            "x-amazon-apigateway-integration": {
              type: "mock",
              requestTemplates: { "application/json": '{"statusCode": 200}' },
              responses: {
                default: {
                  statusCode: "200",
                  responseTemplates: { "application/json": '{"greeting": "$stageVariables.greeting"}' },
                },
              },
            },
          },
        },
      },
    };
    const imported = await aws.apigateway.send(
      new ImportRestApiCommand({ body: new TextEncoder().encode(JSON.stringify(openapi)), failOnWarnings: true }),
    );
    expect(imported.name).toBe("imported-hello");
    const importedId = imported.id!;
    await aws.apigateway.send(new CreateDeploymentCommand({ restApiId: importedId, stageName: "v1", variables: { greeting: "hello" } }));
    const first = await callUntil(importedId, "/v1/hello", (r) => r.status === 200);
    expect(first.json()).toEqual({ greeting: "hello" });

    const stage = await aws.apigateway.send(
      new UpdateStageCommand({
        restApiId: importedId,
        stageName: "v1",
        patchOperations: [
          { op: "replace", path: "/variables/greeting", value: "bonjour" },
          { op: "replace", path: "/description", value: "patched by the SDK" },
        ],
      }),
    );
    expect(stage.variables).toEqual({ greeting: "bonjour" });
    const read = await aws.apigateway.send(new GetStageCommand({ restApiId: importedId, stageName: "v1" }));
    expect(read.variables).toEqual({ greeting: "bonjour" });
    expect(read.description).toBe("patched by the SDK");
    // Stage variables are the stage's, not the deployment's: the gateway picks them up without a redeploy.
    const second = await callUntil(importedId, "/v1/hello", (r) => r.status === 200 && r.text.includes("bonjour"));
    expect(second.json()).toEqual({ greeting: "bonjour" });
  });
});
