import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { normalizeDocument } from "../../lib/openapi-io/normalize";
import { renderDocument, toOpenApi } from "../../lib/openapi-io/to-openapi";

const doc = {
  openapi: "3.0.1",
  info: { title: "T", description: "Items, by id", version: "1" },
  "x-amazon-apigateway-request-validators": { body: { validateRequestBody: true, validateRequestParameters: false } },
  paths: {
    "/items/{id}": {
      put: {
        summary: "Replace an item",
        description: "Stores the item under its id.",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Item" } } } },
        "x-amazon-apigateway-request-validator": "body",
        security: [{ api_key: [] }],
        responses: { "200": { description: "ok", headers: { "X-A": { required: true, schema: { type: "string" } } } } },
        "x-amazon-apigateway-integration": {
          type: "http",
          httpMethod: "PUT",
          uri: "https://example.com/items/{id}",
          requestParameters: { "integration.request.path.id": "method.request.path.id" },
          responses: { default: { statusCode: "200", responseParameters: { "method.response.header.X-A": "'a'" } } },
        },
      },
      "x-amazon-apigateway-any-method": { "x-amazon-apigateway-integration": { type: "mock", responses: { default: { statusCode: "200" } } } },
    },
  },
  components: {
    schemas: { Item: { type: "object", properties: { child: { $ref: "#/components/schemas/Child" } } }, Child: { type: "string" } },
    securitySchemes: { api_key: { type: "apiKey", name: "x-api-key", in: "header" } },
  },
};

describe("OpenAPI export", () => {
  it("renders OpenAPI 3.0 with the extensions, and normalizing the export gives the same definition", () => {
    const first = normalizeDocument(doc);
    expect(first.problems).toEqual([]);
    const out = toOpenApi(first.def, { extensions: true });
    expect(out.openapi).toBe("3.0.1");
    const paths = out.paths as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(paths["/items/{id}"])).toEqual(["x-amazon-apigateway-any-method", "put"]);
    expect(paths["/items/{id}"].put.security).toEqual([{ api_key: [] }]);
    expect(paths["/items/{id}"].put).toMatchObject({ summary: "Replace an item", description: "Stores the item under its id." });
    expect(paths["/items/{id}"]["x-amazon-apigateway-any-method"]).not.toHaveProperty("summary");
    expect(out.info).toEqual({ title: "T", description: "Items, by id", version: "1" });
    expect(paths["/items/{id}"].put["x-amazon-apigateway-integration"]).toMatchObject({ type: "http", passthroughBehavior: "when_no_match", timeoutInMillis: 29000 });
    expect((out.components as { schemas: Record<string, unknown> }).schemas.Item).toEqual({ type: "object", properties: { child: { $ref: "#/components/schemas/Child" } } });
    const again = normalizeDocument(JSON.parse(JSON.stringify(out)) as Record<string, unknown>);
    expect(again.problems).toEqual([]);
    expect(toOpenApi(again.def, { extensions: true })).toEqual(out);
  });

  it("leaves the extensions out on request, and renders YAML", () => {
    const out = toOpenApi(normalizeDocument(doc).def, { extensions: false });
    expect(JSON.stringify(out)).not.toContain("x-amazon-apigateway");
    const yaml = renderDocument(out, "yaml");
    expect(parse(yaml)).toEqual(out);
  });
});
