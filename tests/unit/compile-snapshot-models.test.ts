import { describe, expect, it } from "vitest";
import { compileModels, modelSchemaProblem, modelUrl, referencedModelNames } from "../../lib/services/compile-models";
import { compileGatewayResponses, gatewayResponseProblems } from "../../lib/services/gateway-responses";

const API = "abcdefghij";
const PET = '{"type":"object","properties":{"name":{"type":"string"}}}';

describe("model schemas", () => {
  it("accepts draft-04 schemas and refuses bad JSON and bad schemas", () => {
    expect(modelSchemaProblem(API, PET, new Map())).toBeNull();
    expect(modelSchemaProblem(API, '{"$schema":"http://json-schema.org/draft-04/schema#","type":"object"}', new Map())).toBeNull();
    expect(modelSchemaProblem(API, "{nope", new Map())).toMatch(/^Not valid JSON: /);
    expect(modelSchemaProblem(API, "[1]", new Map())).toBe("A JSON Schema is a JSON object");
    expect(modelSchemaProblem(API, '{"type": 5}', new Map())).toMatch(/^Not a valid JSON Schema \(draft-04\): schema\/type/);
    expect(modelSchemaProblem(API, '{"$ref": "#/definitions/missing"}', new Map())).toMatch(/^Not a valid JSON Schema/);
  });

  it("resolves model references transitively, including a model's reference to itself", () => {
    const pets = JSON.stringify({ type: "array", items: { $ref: modelUrl(API, "Pet") } });
    const models = new Map([["Pet", PET], ["Pets", pets]]);
    expect(modelSchemaProblem(API, JSON.stringify({ properties: { all: { $ref: modelUrl(API, "Pets") } } }), models)).toBeNull();
    const tree = JSON.stringify({ type: "object", properties: { children: { type: "array", items: { $ref: modelUrl(API, "Tree") } } } });
    expect(modelSchemaProblem(API, tree, models, "Tree")).toBeNull();
    expect(modelSchemaProblem(API, JSON.stringify({ $ref: modelUrl(API, "Ghost") }), models)).toBe("References model 'Ghost', which does not exist in this API");
    expect(modelSchemaProblem(API, JSON.stringify({ $ref: modelUrl("zzzzzzzzzz", "Pet") }), models)).toMatch(/another API/);
    expect(referencedModelNames(pets)).toEqual(["Pet"]);
  });

  it("compiles every model and lists problems by model", () => {
    const { models, problems } = compileModels(API, [
      { name: "Pet", contentType: "application/json", schema: PET },
      { name: "Bad", contentType: "application/json", schema: '{"type": 5}' },
    ]);
    expect(Object.keys(models).sort()).toEqual(["Bad", "Pet"]);
    expect(problems.map((p) => p.field)).toEqual(['models["Bad"].schema']);
  });
});

describe("gateway response customizations", () => {
  it("checks keys, values and status", () => {
    expect(
      gatewayResponseProblems({
        statusCode: "418",
        responseParameters: {
          "gatewayresponse.header.A": "'x'",
          "gatewayresponse.header.B": "method.request.header.X-Y",
          "gatewayresponse.header.C": "context.authorizer.principalId",
          "gatewayresponse.header.D": "stageVariables.v",
        },
        responseTemplates: { "application/json": "{}" },
      }),
    ).toEqual([]);
    const problems = gatewayResponseProblems({
      statusCode: "700",
      responseParameters: { "method.response.header.A": "'x'", "gatewayresponse.header.B": "integration.response.body" },
      responseTemplates: { json: "{}" },
    });
    expect(problems.map((p) => p.field).sort()).toEqual([
      'responseParameters["gatewayresponse.header.B"]',
      'responseParameters["method.response.header.A"]',
      'responseTemplates["json"]',
      "statusCode",
    ]);
  });

  it("compiles rows, refusing unknown and non-customizable types", () => {
    const { gatewayResponses, problems } = compileGatewayResponses([
      { responseType: "THROTTLED", statusCode: null, responseParameters: { "gatewayresponse.header.Retry-After": "'1'" }, responseTemplates: {} },
      { responseType: "REQUEST_TOO_LARGE", statusCode: "400", responseParameters: {}, responseTemplates: {} },
      { responseType: "NOPE", statusCode: null, responseParameters: {}, responseTemplates: {} },
    ]);
    expect(gatewayResponses).toEqual({ THROTTLED: { statusCode: null, responseParameters: { "gatewayresponse.header.Retry-After": "'1'" }, responseTemplates: {} } });
    expect(problems.map((p) => p.field)).toEqual(['gatewayResponses["REQUEST_TOO_LARGE"]', 'gatewayResponses["NOPE"]']);
  });
});
