import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseDocumentText } from "../../lib/openapi-io/parse";
import { normalizeDocument } from "../../lib/openapi-io/normalize";
import { summarize } from "../../lib/openapi-io/types";

const FN = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:pets/invocations";

function petstore(): Record<string, unknown> {
  return {
    openapi: "3.0.1",
    info: { title: "PetStore", version: "1" },
    "x-amazon-apigateway-api-key-source": "HEADER",
    "x-amazon-apigateway-binary-media-types": ["image/png"],
    "x-amazon-apigateway-request-validators": { all: { validateRequestBody: true, validateRequestParameters: true } },
    "x-amazon-apigateway-gateway-responses": { MISSING_AUTHENTICATION_TOKEN: { statusCode: 404, responseTemplates: { "application/json": '{"message":"nope"}' } } },
    "x-amazon-apigateway-documentation": { version: "1" },
    paths: {
      "/pets": {
        post: {
          operationId: "CreatePet",
          "x-amazon-apigateway-request-validator": "all",
          requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/NewPet" } } } },
          security: [{ api_key: [] }],
          responses: { "200": { description: "ok", headers: { "X-Id": { schema: { type: "string" } } } } },
          "x-amazon-apigateway-integration": { type: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' }, responses: { default: { statusCode: "200" } } },
        },
      },
      "/pets/{petId}": {
        get: {
          parameters: [{ name: "petId", in: "path", required: true, schema: { type: "string" } }, { name: "q", in: "query", schema: { type: "string" } }],
          responses: { "200": { description: "ok" } },
          "x-amazon-apigateway-integration": {
            type: "http",
            httpMethod: "GET",
            uri: "http://backend.example/pets/{id}",
            requestParameters: { "integration.request.path.id": "method.request.path.petId" },
            responses: { "4\\d{2}": { statusCode: "404" }, default: { statusCode: "200" } },
            passthroughBehavior: "when_no_templates",
            timeoutInMillis: 5000,
            cacheKeyParameters: ["method.request.path.petId"],
          },
        },
      },
      "/{proxy+}": { "x-amazon-apigateway-any-method": { "x-amazon-apigateway-integration": { type: "aws_proxy", httpMethod: "POST", uri: FN } } },
    },
    components: {
      schemas: { NewPet: { type: "object", required: ["type"], properties: { type: { type: "string", enum: ["dog", "cat"] }, owner: { $ref: "#/components/schemas/Owner" } } }, Owner: { type: "object", nullable: true } },
      securitySchemes: {
        api_key: { type: "apiKey", name: "x-api-key", in: "header" },
        tok: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "custom", "x-amazon-apigateway-authorizer": { type: "token", authorizerUri: FN, authorizerResultTtlInSeconds: 60 } },
        pool: {
          type: "apiKey",
          name: "Authorization",
          in: "header",
          "x-amazon-apigateway-authtype": "cognito_user_pools",
          "x-amazon-apigateway-authorizer": { type: "cognito_user_pools", providerARNs: ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc"] },
        },
      },
    },
  };
}

describe("OpenAPI import: normalize", () => {
  it("reads an Amazon-style OpenAPI 3 document with the extensions", () => {
    const { def, problems, warnings } = normalizeDocument(petstore());
    expect(problems).toEqual([]);
    expect(def.name).toBe("PetStore");
    expect(def.binaryMediaTypes).toEqual(["image/png"]);
    expect(def.validators).toEqual([{ name: "all", validateRequestBody: true, validateRequestParameters: true }]);
    expect(def.gatewayResponses[0]).toMatchObject({ responseType: "MISSING_AUTHENTICATION_TOKEN", statusCode: "404" });
    const post = def.resources.find((r) => r.path === "/pets")!.methods[0];
    expect(post).toMatchObject({ httpMethod: "POST", apiKeyRequired: true, validatorName: "all", operationName: "CreatePet", requestModels: { "application/json": "NewPet" } });
    expect(post.methodResponses).toEqual([{ statusCode: "200", responseParameters: { "method.response.header.X-Id": false }, responseModels: {} }]);
    const get = def.resources.find((r) => r.path === "/pets/{petId}")!.methods[0];
    expect(get.requestParameters).toEqual({ "method.request.path.petId": true, "method.request.querystring.q": false });
    expect(get.integration).toMatchObject({
      type: "HTTP",
      httpMethod: "GET",
      passthroughBehavior: "WHEN_NO_TEMPLATES",
      timeoutMs: 5000,
      cacheKeyParameters: ["method.request.path.petId"],
      responses: [
        { statusCode: "404", selectionPattern: "4\\d{2}" },
        { statusCode: "200", selectionPattern: null },
      ],
    });
    expect(def.resources.find((r) => r.path === "/{proxy+}")!.methods[0]).toMatchObject({ httpMethod: "ANY", integration: { type: "AWS_PROXY", uri: FN } });
    const model = def.models.find((m) => m.name === "NewPet")!;
    expect(model.schema.$schema).toBe("http://json-schema.org/draft-04/schema#");
    expect(JSON.stringify(model.schema)).toContain('"$ref":"gatehouse-model:Owner"');
    expect(def.models.find((m) => m.name === "Owner")!.schema.type).toEqual(["object", "null"]);
    expect(def.authorizers.map((a) => [a.name, a.type])).toEqual([
      ["tok", "TOKEN"],
      ["pool", "JWT"],
    ]);
    expect(def.authorizers[1].issuer).toBe("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc");
    expect(warnings.map((w) => w.pointer)).toEqual(["/x-amazon-apigateway-documentation", "/components/securitySchemes/pool/x-amazon-apigateway-authorizer"]);
    expect(summarize(def)).toMatchObject({ resources: 4, methods: 3, models: 2, requestValidators: 1, authorizers: 2, integrations: { MOCK: 1, HTTP: 1, AWS_PROXY: 1 } });
  });

  it("names every problem by its JSON pointer", () => {
    const doc = petstore();
    const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;
    const get = paths["/pets/{petId}"].get;
    (get["x-amazon-apigateway-integration"] as Record<string, unknown>).uri = "not a url";
    (get["x-amazon-apigateway-integration"] as Record<string, unknown>).timeoutInMillis = 40000;
    paths["/pets"].post["x-amazon-apigateway-request-validator"] = "missing";
    paths["/{proxy+}"]["x-amazon-apigateway-any-method"]["x-amazon-apigateway-integration"] = { type: "lambda" };
    const { problems } = normalizeDocument(doc);
    expect(problems.map((p) => p.field)).toEqual([
      "/paths/~1pets/post/x-amazon-apigateway-request-validator",
      "/paths/~1pets~1{petId}/get/x-amazon-apigateway-integration/uri",
      "/paths/~1pets~1{petId}/get/x-amazon-apigateway-integration/timeoutInMillis",
      "/paths/~1{proxy+}/x-amazon-apigateway-any-method/x-amazon-apigateway-integration/type",
    ]);
  });

  it("refuses HTTP API documents with a clear message", () => {
    const doc = { ...petstore(), "x-amazon-apigateway-cors": { allowOrigins: ["*"] } };
    const { problems } = normalizeDocument(doc);
    expect(problems[0].field).toBe("/x-amazon-apigateway-cors");
    expect(problems[0].message).toMatch(/HTTP API/);
    const v2 = {
      openapi: "3.0.1",
      info: { title: "x", version: "1" },
      paths: { "/a": { get: { "x-amazon-apigateway-integration": { type: "aws_proxy", uri: FN, payloadFormatVersion: "2.0" } } } },
    };
    expect(normalizeDocument(v2).problems).toEqual([
      { field: "/paths/~1a/get/x-amazon-apigateway-integration/payloadFormatVersion", message: expect.stringMatching(/HTTP APIs are not supported/) },
    ]);
  });

  it("reads Swagger 2.0 (definitions, body parameters, securityDefinitions, produces)", () => {
    const doc = {
      swagger: "2.0",
      info: { title: "Old", version: "1" },
      consumes: ["application/json"],
      produces: ["application/json"],
      paths: {
        "/pets": {
          post: {
            parameters: [{ in: "body", name: "pet", schema: { $ref: "#/definitions/Pet" } }, { in: "header", name: "X-Trace", required: true, type: "string" }],
            security: [{ key: [] }],
            responses: { "201": { description: "made", schema: { $ref: "#/definitions/Pet" } } },
            "x-amazon-apigateway-integration": { type: "mock", responses: { default: { statusCode: 201 } } },
          },
        },
      },
      definitions: { Pet: { type: "object", properties: { id: { type: "integer", exclusiveMinimum: 0 } } } },
      securityDefinitions: { key: { type: "apiKey", name: "x-api-key", in: "header" } },
    };
    const { def, problems } = normalizeDocument(doc);
    expect(problems).toEqual([]);
    const m = def.resources[0].methods[0];
    expect(m).toMatchObject({
      apiKeyRequired: true,
      requestModels: { "application/json": "Pet" },
      requestParameters: { "method.request.header.X-Trace": true },
      methodResponses: [{ statusCode: "201", responseModels: { "application/json": "Pet" } }],
    });
    expect((def.models[0].schema.properties as Record<string, unknown>).id).toEqual({ type: "integer", minimum: 0, exclusiveMinimum: true });
    const bad = normalizeDocument({ ...doc, paths: { "/p": { get: { parameters: [{ in: "body", name: "b", schema: { $ref: "#/definitions/Nope" } }] } } } });
    expect(bad.problems).toEqual([{ field: "/paths/~1p/get/parameters/0/schema/$ref", message: expect.stringMatching(/does not name a schema/) }]);
  });

  it("parses YAML and JSON, and refuses what is neither", () => {
    const yaml = stringify(petstore());
    const parsed = parseDocumentText(yaml);
    expect("doc" in parsed && normalizeDocument(parsed.doc).def.resources.length).toBe(3);
    expect(parseDocumentText(JSON.stringify(petstore()))).toHaveProperty("doc");
    expect(parseDocumentText("{ broken")).toEqual({ problems: [{ field: "", message: expect.stringMatching(/^Not valid JSON/) }] });
    expect(parseDocumentText("a: [1,")).toEqual({ problems: [{ field: "", message: expect.stringMatching(/^Not valid YAML/) }] });
    expect(parseDocumentText("x".repeat(6 * 1024 * 1024 + 1))).toEqual({ problems: [{ field: "", message: expect.stringMatching(/6 MB/) }] });
    expect(normalizeDocument({ info: {} }).problems[0].message).toMatch(/Not an OpenAPI document/);
  });
});
