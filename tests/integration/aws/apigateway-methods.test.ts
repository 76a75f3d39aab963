import {
  BadRequestException,
  ConflictException,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteIntegrationCommand,
  DeleteIntegrationResponseCommand,
  DeleteMethodCommand,
  DeleteMethodResponseCommand,
  DeleteResourceCommand,
  GetIntegrationCommand,
  GetIntegrationResponseCommand,
  GetMethodCommand,
  GetMethodResponseCommand,
  GetResourceCommand,
  GetResourcesCommand,
  NotFoundException,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateIntegrationCommand,
  UpdateIntegrationResponseCommand,
  UpdateMethodCommand,
  UpdateMethodResponseCommand,
  UpdateResourceCommand,
} from "@aws-sdk/client-api-gateway";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deployApi } from "../../../lib/services/deploy";
import { startAwsControl, type TestAwsControl, failureOf as failure } from "../../helpers/aws-control";
import { createStack, type Stack } from "../../helpers/stack";

/** Resources, methods, integrations and their responses through the SDK, and a deployed MOCK method through the gateway. */

const SECRET_KEY = "aws-methods-test-key-0123456789abcdef01234";
const LAMBDA_URI =
  "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:users/invocations";
let stack: Stack;
let aws: TestAwsControl;

beforeAll(async () => {
  stack = await createStack(inject("pgServerUrl"));
  aws = await startAwsControl(stack.prisma, SECRET_KEY);
});

afterAll(async () => {
  await aws?.close();
  await stack?.close();
});


async function newApi(name: string) {
  const api = await aws.apigateway.send(new CreateRestApiCommand({ name }));
  return { restApiId: api.id!, rootId: api.rootResourceId! };
}

describe("resources", () => {
  it("creates /users, refuses a duplicate with ConflictException, renames, moves and deletes", async () => {
    const { restApiId, rootId } = await newApi("resources");
    const users = await aws.apigateway.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: "users" }));
    expect(users).toMatchObject({ parentId: rootId, pathPart: "users", path: "/users" });
    expect(users.$metadata.httpStatusCode).toBe(201);

    const dup = await failure(aws.apigateway.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: "users" })));
    expect(dup).toBeInstanceOf(ConflictException);
    expect(dup.message).toBe("Another resource with the same parent already has this name: users");

    const id = await aws.apigateway.send(new CreateResourceCommand({ restApiId, parentId: users.id!, pathPart: "{id}" }));
    expect(id.path).toBe("/users/{id}");
    const other = await aws.apigateway.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: "admin" }));

    const renamed = await aws.apigateway.send(
      new UpdateResourceCommand({
        restApiId,
        resourceId: users.id!,
        patchOperations: [{ op: "replace", path: "/pathPart", value: "people" }],
      }),
    );
    expect(renamed.path).toBe("/people");
    expect((await aws.apigateway.send(new GetResourceCommand({ restApiId, resourceId: id.id! }))).path).toBe("/people/{id}");

    const moved = await aws.apigateway.send(
      new UpdateResourceCommand({
        restApiId,
        resourceId: users.id!,
        patchOperations: [{ op: "replace", path: "/parentId", value: other.id! }],
      }),
    );
    expect(moved).toMatchObject({ parentId: other.id, path: "/admin/people" });
    expect((await aws.apigateway.send(new GetResourceCommand({ restApiId, resourceId: id.id! }))).path).toBe("/admin/people/{id}");

    const bad = await failure(
      aws.apigateway.send(
        new UpdateResourceCommand({ restApiId, resourceId: users.id!, patchOperations: [{ op: "replace", path: "/color", value: "red" }] }),
      ),
    );
    expect(bad).toBeInstanceOf(BadRequestException);
    expect(bad.message).toContain("/color");

    const del = await aws.apigateway.send(new DeleteResourceCommand({ restApiId, resourceId: users.id! }));
    expect(del.$metadata.httpStatusCode).toBe(202);
    const gone = await failure(aws.apigateway.send(new GetResourceCommand({ restApiId, resourceId: id.id! })));
    expect(gone).toBeInstanceOf(NotFoundException);
  });

  it("pages GetResources and embeds methods only when asked", async () => {
    const { restApiId, rootId } = await newApi("paging");
    for (const part of ["a", "b", "c", "d"])
      await aws.apigateway.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: part }));
    await aws.apigateway.send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: "GET", authorizationType: "NONE" }));

    const first = await aws.apigateway.send(new GetResourcesCommand({ restApiId, limit: 3 }));
    expect(first.items).toHaveLength(3);
    expect(first.position).toBeTruthy();
    const second = await aws.apigateway.send(new GetResourcesCommand({ restApiId, limit: 3, position: first.position }));
    expect(second.items).toHaveLength(2);
    expect(second.position).toBeUndefined();
    const paths = [...first.items!, ...second.items!].map((r) => r.path).sort();
    expect(paths).toEqual(["/", "/a", "/b", "/c", "/d"]);

    const plain = await aws.apigateway.send(new GetResourcesCommand({ restApiId }));
    expect(plain.items!.find((r) => r.path === "/")!.resourceMethods).toEqual({ GET: {} });
    const embedded = await aws.apigateway.send(new GetResourcesCommand({ restApiId, embed: ["methods"] }));
    expect(embedded.items!.find((r) => r.path === "/")!.resourceMethods!.GET).toMatchObject({
      httpMethod: "GET",
      authorizationType: "NONE",
      apiKeyRequired: false,
    });
    const one = await aws.apigateway.send(new GetResourceCommand({ restApiId, resourceId: rootId, embed: ["methods"] }));
    expect(one.resourceMethods!.GET.httpMethod).toBe("GET");
  });
});

describe("methods and integrations", () => {
  it("puts, reads, patches and deletes a method with an AWS_PROXY integration and responses", async () => {
    const { restApiId, rootId } = await newApi("methods");
    const users = await aws.apigateway.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: "users" }));
    const resourceId = users.id!;
    const at = { restApiId, resourceId, httpMethod: "POST" };

    const put = await aws.apigateway.send(
      new PutMethodCommand({ ...at, authorizationType: "NONE", requestParameters: { "method.request.querystring.q": true } }),
    );
    expect(put.$metadata.httpStatusCode).toBe(201);
    expect(put).toMatchObject({
      httpMethod: "POST",
      authorizationType: "NONE",
      apiKeyRequired: false,
      requestParameters: { "method.request.querystring.q": true },
    });
    expect(put).not.toHaveProperty("version");
    const again = await failure(aws.apigateway.send(new PutMethodCommand({ ...at, authorizationType: "NONE" })));
    expect(again).toBeInstanceOf(ConflictException);

    const integration = await aws.apigateway.send(
      new PutIntegrationCommand({ ...at, type: "AWS_PROXY", integrationHttpMethod: "POST", uri: LAMBDA_URI }),
    );
    expect(integration.$metadata.httpStatusCode).toBe(201);
    expect(integration).toMatchObject({
      type: "AWS_PROXY",
      httpMethod: "POST",
      uri: LAMBDA_URI,
      passthroughBehavior: "WHEN_NO_MATCH",
      timeoutInMillis: 29000,
    });

    const mr = await aws.apigateway.send(
      new PutMethodResponseCommand({ ...at, statusCode: "200", responseParameters: { "method.response.header.X-Trace": false } }),
    );
    expect(mr).toMatchObject({ statusCode: "200", responseParameters: { "method.response.header.X-Trace": false } });
    const ir = await aws.apigateway.send(new PutIntegrationResponseCommand({ ...at, statusCode: "200", selectionPattern: "" }));
    expect(ir.statusCode).toBe("200");

    const method = await aws.apigateway.send(new GetMethodCommand(at));
    expect(method.methodIntegration).toMatchObject({ type: "AWS_PROXY", uri: LAMBDA_URI, cacheNamespace: resourceId });
    expect(method.methodIntegration!.integrationResponses!["200"].statusCode).toBe("200");
    expect(method.methodResponses!["200"].statusCode).toBe("200");

    const updated = await aws.apigateway.send(
      new UpdateMethodCommand({
        ...at,
        patchOperations: [
          { op: "replace", path: "/apiKeyRequired", value: "true" },
          { op: "add", path: "/requestParameters/method.request.header.X-Id", value: "true" },
          { op: "remove", path: "/requestParameters/method.request.querystring.q" },
          { op: "replace", path: "/operationName", value: "CreateUser" },
        ],
      }),
    );
    expect(updated).toMatchObject({
      apiKeyRequired: true,
      operationName: "CreateUser",
      requestParameters: { "method.request.header.X-Id": true },
    });
    expect(updated.requestParameters).not.toHaveProperty("method.request.querystring.q");

    // A bad entry names its path and leaves the earlier entries unapplied.
    const bad = await failure(
      aws.apigateway.send(
        new UpdateMethodCommand({
          ...at,
          patchOperations: [
            { op: "replace", path: "/apiKeyRequired", value: "false" },
            { op: "replace", path: "/nonsense", value: "x" },
          ],
        }),
      ),
    );
    expect(bad).toBeInstanceOf(BadRequestException);
    expect(bad.message).toContain("/nonsense");
    expect((await aws.apigateway.send(new GetMethodCommand(at))).apiKeyRequired).toBe(true);
    const badBool = await failure(
      aws.apigateway.send(
        new UpdateMethodCommand({ ...at, patchOperations: [{ op: "replace", path: "/apiKeyRequired", value: "maybe" }] }),
      ),
    );
    expect(badBool.message).toContain("/apiKeyRequired");

    const patchedIntegration = await aws.apigateway.send(
      new UpdateIntegrationCommand({
        ...at,
        patchOperations: [
          { op: "replace", path: "/timeoutInMillis", value: "5000" },
          { op: "add", path: "/requestParameters/integration.request.header.X-From", value: "'gatehouse'" },
        ],
      }),
    );
    expect(patchedIntegration).toMatchObject({
      timeoutInMillis: 5000,
      requestParameters: { "integration.request.header.X-From": "'gatehouse'" },
    });
    const badTimeout = await failure(
      aws.apigateway.send(
        new UpdateIntegrationCommand({ ...at, patchOperations: [{ op: "replace", path: "/timeoutInMillis", value: "90000" }] }),
      ),
    );
    expect(badTimeout).toBeInstanceOf(BadRequestException);
    expect(badTimeout.message).toContain("timeoutInMillis");
    expect((await aws.apigateway.send(new GetIntegrationCommand(at))).timeoutInMillis).toBe(5000);

    const patchedMr = await aws.apigateway.send(
      new UpdateMethodResponseCommand({
        ...at,
        statusCode: "200",
        patchOperations: [
          { op: "replace", path: "/responseParameters/method.response.header.X-Trace", value: "true" },
          { op: "add", path: "/responseModels/application~1json", value: "Empty" },
        ],
      }),
    );
    expect(patchedMr).toMatchObject({
      responseParameters: { "method.response.header.X-Trace": true },
      responseModels: { "application/json": "Empty" },
    });
    expect((await aws.apigateway.send(new GetMethodResponseCommand({ ...at, statusCode: "200" }))).responseModels).toEqual({
      "application/json": "Empty",
    });

    const patchedIr = await aws.apigateway.send(
      new UpdateIntegrationResponseCommand({
        ...at,
        statusCode: "200",
        patchOperations: [
          { op: "replace", path: "/selectionPattern", value: "2\\d{2}" },
          { op: "add", path: "/responseParameters/method.response.header.X-Trace", value: "'abc'" },
        ],
      }),
    );
    expect(patchedIr).toMatchObject({ selectionPattern: "2\\d{2}", responseParameters: { "method.response.header.X-Trace": "'abc'" } });
    const badIr = await failure(
      aws.apigateway.send(
        new UpdateIntegrationResponseCommand({
          ...at,
          statusCode: "200",
          patchOperations: [{ op: "replace", path: "/statusCode", value: "201" }],
        }),
      ),
    );
    expect(badIr.message).toContain("/statusCode");

    await aws.apigateway.send(new DeleteIntegrationResponseCommand({ ...at, statusCode: "200" }));
    expect(await failure(aws.apigateway.send(new GetIntegrationResponseCommand({ ...at, statusCode: "200" })))).toBeInstanceOf(
      NotFoundException,
    );
    await aws.apigateway.send(new DeleteMethodResponseCommand({ ...at, statusCode: "200" }));
    expect(await failure(aws.apigateway.send(new GetMethodResponseCommand({ ...at, statusCode: "200" })))).toBeInstanceOf(
      NotFoundException,
    );
    const delIntegration = await aws.apigateway.send(new DeleteIntegrationCommand(at));
    expect(delIntegration.$metadata.httpStatusCode).toBe(204);
    expect(await failure(aws.apigateway.send(new GetIntegrationCommand(at)))).toBeInstanceOf(NotFoundException);
    await aws.apigateway.send(new DeleteMethodCommand(at));
    expect(await failure(aws.apigateway.send(new GetMethodCommand(at)))).toBeInstanceOf(NotFoundException);
  });

  it("serves a MOCK method built through the SDK from the gateway once deployed", async () => {
    const { restApiId, rootId } = await newApi("mock-round-trip");
    const hello = await aws.apigateway.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: "hello" }));
    const at = { restApiId, resourceId: hello.id!, httpMethod: "GET" };
    await aws.apigateway.send(new PutMethodCommand({ ...at, authorizationType: "NONE" }));
    await aws.apigateway.send(
      new PutIntegrationCommand({ ...at, type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }),
    );
    await aws.apigateway.send(new PutMethodResponseCommand({ ...at, statusCode: "200" }));
    await aws.apigateway.send(
      new PutIntegrationResponseCommand({ ...at, statusCode: "200", responseTemplates: { "application/json": '{"greeting":"first"}' } }),
    );

    const gateway = await stack.startGateway();
    await deployApi(stack.prisma, { restApiId, stageName: "prod" });
    await expect
      .poll(async () => (await gateway.request("/prod/hello", { apiId: restApiId })).text, { timeout: 15_000, interval: 200 })
      .toBe('{"greeting":"first"}');

    // A patch made through the SDK reaches the gateway with the next deploy.
    await aws.apigateway.send(
      new UpdateIntegrationResponseCommand({
        ...at,
        statusCode: "200",
        patchOperations: [{ op: "replace", path: "/responseTemplates/application~1json", value: '{"greeting":"second"}' }],
      }),
    );
    await deployApi(stack.prisma, { restApiId, stageName: "prod" });
    await expect
      .poll(async () => (await gateway.request("/prod/hello", { apiId: restApiId })).text, { timeout: 15_000, interval: 200 })
      .toBe('{"greeting":"second"}');
  });
});
