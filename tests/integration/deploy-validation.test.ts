import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient, type Db } from "../../lib/db";
import { AppError, type FieldProblem } from "../../lib/errors";
import { randomId } from "../../lib/ids";
import { compileSnapshot, type CompileOptions } from "../../lib/services/compile-snapshot";
import { SNAPSHOT_FORMAT_VERSION, ZDeploymentSnapshot } from "../../lib/snapshot";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { addHttpMethod, addMethod, ARN, createRestApi } from "../helpers/fixtures";
import { functionInvocationUri } from "../../lib/arn";

/** compileSnapshot against a real database: every problem of the API is listed, together. */

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase(inject("pgServerUrl"));
  db = createPrismaClient(database.url);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const compile = (restApiId: string, options?: CompileOptions) => db.$transaction((tx) => compileSnapshot(tx, restApiId, options));

async function problemsOf(restApiId: string, options?: CompileOptions): Promise<FieldProblem[]> {
  try {
    await compile(restApiId, options);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("deploy-invalid");
    return (err as AppError).problems;
  }
  return [];
}

/** A method with an arbitrary integration row (or none), for shapes the fixtures do not build. */
async function rawMethod(restApiId: string, path: string, httpMethod: string, integration?: Record<string, unknown>) {
  const resource = await db.resource.create({ data: { id: randomId(10), restApiId, path, pathPart: path.split("/").at(-1) ?? "" } });
  await db.method.create({
    data: { resourceId: resource.id, httpMethod, integration: integration ? { create: integration as { type: string } } : undefined },
  });
}

describe("compileSnapshot validation", () => {
  let apiId: string;

  beforeAll(async () => {
    apiId = await createRestApi(db, "broken");
    await rawMethod(apiId, "/no-integration", "GET");
    await rawMethod(apiId, "/aws", "POST", { type: "AWS", httpMethod: "POST", uri: functionInvocationUri(ARN, "fn") });
    await rawMethod(apiId, "/fn", "GET", { type: "AWS_PROXY", httpMethod: "POST", uri: "arn:aws:lambda:us-east-1:000000000000:function:fn" });
    await rawMethod(apiId, "/weird", "GET", { type: "SOAP" });
    await rawMethod(apiId, "/too-fast", "GET", { type: "MOCK", timeoutMs: 10 });
    await addHttpMethod(db, apiId, "/ftp", "GET", { type: "HTTP_PROXY", uri: "ftp://example.com/" });
    await addHttpMethod(db, apiId, "/relative", "GET", { type: "HTTP", uri: "/just/a/path" });
    await addHttpMethod(db, apiId, "/stage-var", "GET", { type: "HTTP_PROXY", uri: "http://${stageVariables.backendHost}/x" });
    await addHttpMethod(db, apiId, "/uri-param", "GET", { type: "HTTP", uri: "http://example.com/{unknown}" });
    await addHttpMethod(db, apiId, "/params/{id}", "GET", {
      type: "HTTP",
      uri: "http://example.com/{id}",
      requestParameters: {
        "integration.request.cookie.x": "'a'",
        "integration.request.header.X-Bad": "method.request.cookie.y",
        "integration.request.header.X-Path": "method.request.path.nope",
        "integration.request.header.Content-Length": "'1'",
        "integration.request.header.X-Var": "stageVariables.missingVar",
        "integration.request.querystring.ok": "method.request.path.id",
      },
      responses: [{ statusCode: "200", selectionPattern: "(", responseParameters: { "method.response.body.x": "'a'" } }],
    });
    await addMethod(db, apiId, "/mock", "GET", { type: "MOCK", responses: [{ statusCode: "200", selectionPattern: "[", body: "{}" }] });
    const templated = await db.method.findFirstOrThrow({ where: { resource: { restApiId: apiId, path: "/uri-param" } }, include: { integration: true } });
    await db.integration.update({ where: { id: templated.integration!.id }, data: { requestTemplates: { "application/json": '{"a": "$input.body"}\n#if(' } } });
  });

  it("lists every problem of the API at once", async () => {
    const problems = await problemsOf(apiId, { stageVariables: {} });
    const byField = (field: string) => problems.filter((p) => p.field === field).map((p) => p.message);
    expect(byField("GET /no-integration")).toEqual(["No integration defined for method"]);
    // AWS (custom function) integrations deploy since format 3.
    expect(problems.filter((p) => p.field.startsWith("POST /aws"))).toEqual([]);
    expect(byField("GET /fn integration.uri")).toEqual(["Not a function invocation ARN"]);
    expect(byField("GET /weird integration.type")).toEqual(["Unknown integration type SOAP"]);
    expect(byField("GET /too-fast integration.timeoutInMillis")).toEqual(["Must be 50–29000 ms"]);
    expect(byField("GET /ftp integration.uri")).toEqual(["Must be an absolute http:// or https:// URL"]);
    expect(byField("GET /relative integration.uri")).toEqual(["Must be an absolute http:// or https:// URL"]);
    expect(byField("GET /stage-var integration.uri")).toEqual(['Uses stage variable "backendHost", which the stage does not define']);
    expect(byField("GET /uri-param integration.uri")).toEqual([expect.stringContaining("Uses {unknown}")]);
    expect(byField('GET /uri-param integration.requestTemplates["application/json"]')).toEqual([expect.stringMatching(/^Line 2, column \d+: /)]);
    const params = problems.filter((p) => p.field.startsWith("GET /params/{id} integration.requestParameters"));
    // (JSONB does not keep key order.)
    expect(params.map((p) => p.field.replace("GET /params/{id} integration.requestParameters", "")).sort()).toEqual([
      '["integration.request.cookie.x"]',
      '["integration.request.header.Content-Length"]',
      '["integration.request.header.X-Bad"]',
      '["integration.request.header.X-Path"]',
      '["integration.request.header.X-Var"]',
    ]);
    expect(byField('GET /params/{id} integration.responses["200"].selectionPattern')).toEqual(["Is not a valid regular expression"]);
    expect(byField('GET /params/{id} integration.responses["200"].responseParameters["method.response.body.x"]')).toEqual([
      "Keys are method.response.header.<name>",
    ]);
    expect(byField('GET /mock integration.responses["200"].selectionPattern')).toEqual(["Is not a valid regular expression"]);
    expect(problems).toHaveLength(17);
  });

  it("checks stage variables only when the stage's variables are given", async () => {
    const withVariables = await problemsOf(apiId, { stageVariables: { backendHost: "h", missingVar: "v" } });
    expect(withVariables.some((p) => p.message.includes("stage variable"))).toBe(false);
    const without = await problemsOf(apiId);
    expect(without.some((p) => p.message.includes("stage variable"))).toBe(false);
    expect(without).toHaveLength(15);
  });

  it("answers not-found for an unknown API", async () => {
    await expect(compile("zzzzzzzzzz")).rejects.toMatchObject({ code: "not-found" });
  });
});

describe("compileSnapshot output", () => {
  it("compiles HTTP integrations with mappings, responses and method responses into the current snapshot format", async () => {
    const apiId = await createRestApi(db, "fine");
    await addHttpMethod(db, apiId, "/orders/{id}", "GET", {
      type: "HTTP",
      httpMethod: "GET",
      uri: "https://${stageVariables.host}/orders/{oid}",
      methodRequestParameters: { "method.request.path.id": true, "method.request.header.X-Trace": false },
      requestParameters: { "integration.request.path.oid": "method.request.path.id", "integration.request.header.X-Trace": "method.request.header.X-Trace" },
      responses: [
        { statusCode: "200", responseParameters: { "method.response.header.X-Up": "integration.response.header.X-Up" } },
        { statusCode: "404", selectionPattern: "404" },
      ],
    });
    await addHttpMethod(db, apiId, "/{proxy+}", "ANY", { type: "HTTP_PROXY", uri: "http://example.com/{proxy}" });
    const snapshot = await compile(apiId, { stageVariables: { host: "example.com" } });
    expect(ZDeploymentSnapshot.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.formatVersion).toBe(SNAPSHOT_FORMAT_VERSION);
    expect(snapshot.models).toEqual({});
    expect(snapshot.gatewayResponses).toEqual({});
    const orders = snapshot.resources.find((r) => r.path === "/orders/{id}")!.methods.GET;
    expect(orders.requestParameters).toEqual({ "method.request.path.id": true, "method.request.header.X-Trace": false });
    expect(orders.methodResponses).toEqual([
      { statusCode: "200", responseParameters: {} },
      { statusCode: "404", responseParameters: {} },
    ]);
    expect(orders.integration).toEqual({
      type: "HTTP",
      httpMethod: "GET",
      uri: "https://${stageVariables.host}/orders/{oid}",
      timeoutMs: 29000,
      passthroughBehavior: "WHEN_NO_MATCH",
      requestTemplates: {},
      contentHandling: null,
      cacheKeyParameters: [],
      requestParameters: { "integration.request.path.oid": "method.request.path.id", "integration.request.header.X-Trace": "method.request.header.X-Trace" },
      responses: [
        {
          statusCode: "200",
          selectionPattern: null,
          responseTemplates: {},
          responseParameters: { "method.response.header.X-Up": "integration.response.header.X-Up" },
          contentHandling: null,
        },
        { statusCode: "404", selectionPattern: "404", responseTemplates: {}, responseParameters: {}, contentHandling: null },
      ],
    });
    expect(snapshot.resources.find((r) => r.path === "/{proxy+}")!.methods.ANY.integration).toMatchObject({ type: "HTTP_PROXY", requestParameters: {} });
  });

  it("still reads format-1 snapshots, with the new fields defaulted", () => {
    const v1 = {
      formatVersion: 1,
      restApiId: "abcdefghij",
      apiName: "old",
      binaryMediaTypes: [],
      resources: [
        {
          id: "r1",
          path: "/p",
          methods: {
            ANY: { httpMethod: "ANY", authorizationType: "NONE", apiKeyRequired: false, integration: { type: "HTTP_PROXY", httpMethod: "ANY", uri: "http://h/", timeoutMs: 29000 } },
          },
        },
      ],
    };
    const parsed = ZDeploymentSnapshot.parse(v1);
    expect(parsed.resources[0].methods.ANY).toMatchObject({ requestParameters: {}, integration: { requestParameters: {} } });
    expect(parsed.resources[0].methods.ANY.methodResponses).toBeUndefined();
  });
});
