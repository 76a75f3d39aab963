import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  APIGatewayClient,
  PutIntegrationCommand,
  PutMethodCommand,
} from "@aws-sdk/client-api-gateway";
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendRequest, waitFor, type GatewayResponse } from "../helpers/gateway";
import { startGatehouse, type RunningGatehouse } from "./gatehouse-process";

/**
 * The AWS endpoint of a real `npm start`: the start script prints it, the
 * bootstrap access key from GATEHOUSE_BOOTSTRAP_ACCESS_KEY_ID/SECRET signs the
 * SDK's requests, and what the SDK creates is served by the gateway and listed
 * by the console's API.
 */

const ACCESS_KEY_ID = "AKIAE2EBOOTSTRAP0001";
const SECRET_ACCESS_KEY = "e2e-bootstrap-secret-0123456789abcdef";
const CONSOLE_TOKEN = "gh_e2e_aws_control_bootstrap_token_0123";
const USERS = [
  { id: 1, name: "Ada Lovelace" },
  { id: 2, name: "Grace Hopper" },
];

describe("the AWS endpoint of npm start", () => {
  let gatehouse: RunningGatehouse;
  let apigateway: APIGatewayClient;
  let lambda: LambdaClient;

  beforeAll(async () => {
    gatehouse = await startGatehouse({
      GATEHOUSE_BOOTSTRAP_ACCESS_KEY_ID: ACCESS_KEY_ID,
      GATEHOUSE_BOOTSTRAP_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
      GATEHOUSE_BOOTSTRAP_TOKEN: CONSOLE_TOKEN,
    });
    const endpoint = `http://localhost:${gatehouse.awsPort}`;
    const credentials = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY };
    apigateway = new APIGatewayClient({ endpoint, region: "eu-north-1", credentials, maxAttempts: 1 });
    lambda = new LambdaClient({ endpoint, region: "eu-north-1", credentials, maxAttempts: 1 });
  });

  afterAll(async () => {
    apigateway?.destroy();
    lambda?.destroy();
    await gatehouse?.stop();
  });

  it("prints the AWS API endpoint", () => {
    expect(gatehouse.output()).toMatch(/AWS API: {2}http:\/\/localhost:\d+/);
    expect(gatehouse.awsPort).toBeGreaterThan(0);
  });

  it("serves an SDK-built API on the gateway and shows it in the console's API", async () => {
    const fn = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: "users-e2e",
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        Role: "arn:aws:iam::000000000000:role/lambda-role",
        Code: {
          ZipFile: zipSync({
            "index.js": strToU8(`exports.handler = async () => ({ statusCode: 200, body: JSON.stringify(${JSON.stringify(USERS)}) });`),
          }),
        },
      }),
    );
    const api = await apigateway.send(new CreateRestApiCommand({ name: "users-e2e-api" }));
    const users = await apigateway.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: "users" }));
    await apigateway.send(new PutMethodCommand({ restApiId: api.id, resourceId: users.id, httpMethod: "GET", authorizationType: "NONE" }));
    await apigateway.send(
      new PutIntegrationCommand({
        restApiId: api.id,
        resourceId: users.id,
        httpMethod: "GET",
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri: `arn:aws:apigateway:eu-north-1:lambda:path/2015-03-31/functions/${fn.FunctionArn}/invocations`,
      }),
    );
    await apigateway.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "dev" }));

    let last: GatewayResponse | undefined;
    const res = await waitFor(async () => {
      last = await sendRequest(gatehouse.gatewayPort, "/dev/users", { apiId: api.id });
      return last.status === 200 ? last : undefined;
    }, 20_000).catch((err: Error) => {
      throw new Error(`${err.message}; last answer ${last?.status}: ${last?.text}`);
    });
    expect(res.json()).toEqual(USERS);

    const headers = { authorization: `Bearer ${CONSOLE_TOKEN}` };
    const apis = (await (await fetch(`${gatehouse.consoleUrl}/api/v1/restapis`, { headers })).json()) as {
      items: Array<{ id: string; name: string }>;
    };
    expect(apis.items).toContainEqual(expect.objectContaining({ id: api.id, name: "users-e2e-api" }));
    // Lambda's Invoke from the AWS process reaches the gateway npm start runs.
    const invoked = await lambda.send(new InvokeCommand({ FunctionName: "users-e2e", Payload: new TextEncoder().encode("{}") }));
    expect(invoked.StatusCode).toBe(200);
    expect(JSON.parse(new TextDecoder().decode(invoked.Payload))).toMatchObject({ statusCode: 200 });

    const functions = await fetch(`${gatehouse.consoleUrl}/api/v1/functions`, { headers });
    expect(functions.status).toBe(200);
    expect(await functions.text()).toContain("users-e2e");
  });
});
