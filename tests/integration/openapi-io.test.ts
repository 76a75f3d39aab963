import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { stringify } from "yaml";
import { waitFor } from "../helpers/gateway";
import { exportWorkingCopy } from "../../lib/services/api-export";
import { setupManagement, type ManagementClient, type ManagementSetup } from "./management-harness";

/**
 * OpenAPI import/export end to end: an Amazon-style PetStore written here, imported through the route,
 * deployed, and served by the real gateway process; Swagger/YAML bodies, pointers, modes, round trip.
 */

let setup: ManagementSetup;
let api: ManagementClient;
let backend: http.Server;
let backendUrl: string;
const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }> = [];
const SECRET_KEY = "openapi-io-gateway-secret-key-0123456789abcdef";
const previousKey = process.env.GATEHOUSE_SECRET_KEY;

function petstore(): Record<string, unknown> {
  return {
    openapi: "3.0.1",
    info: { title: "PetStore", description: "Amazon's example, rewritten", version: "2026-01-01" },
    "x-amazon-apigateway-request-validators": {
      all: { validateRequestBody: true, validateRequestParameters: true },
      params: { validateRequestBody: false, validateRequestParameters: true },
    },
    paths: {
      "/pets": {
        get: {
          operationId: "ListPets",
          summary: "List pets",
          description: "Pets of one **type**, a page at a time.",
          parameters: [{ name: "type", in: "query", schema: { type: "string" } }, { name: "page", in: "query", schema: { type: "string" } }],
          responses: { "200": { description: "ok", headers: { "Access-Control-Allow-Origin": { schema: { type: "string" } } } } },
          "x-amazon-apigateway-integration": {
            type: "http",
            httpMethod: "GET",
            uri: `${backendUrl}/petstore/pets`,
            requestParameters: { "integration.request.querystring.kind": "method.request.querystring.type", "integration.request.header.X-Page": "method.request.querystring.page" },
            responses: { default: { statusCode: "200", responseParameters: { "method.response.header.Access-Control-Allow-Origin": "'*'" } } },
            passthroughBehavior: "when_no_match",
          },
        },
        post: {
          operationId: "CreatePet",
          summary: "Create a pet",
          "x-amazon-apigateway-request-validator": "all",
          security: [{ api_key: [] }],
          requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/NewPet" } } }, required: true },
          responses: { "200": { description: "ok" } },
          "x-amazon-apigateway-integration": {
            type: "mock",
            requestTemplates: { "application/json": '{"statusCode": 200}' },
            responses: { default: { statusCode: "200", responseTemplates: { "application/json": '{"created": true, "method": "$context.httpMethod"}' } } },
          },
        },
      },
      "/pets/{petId}": {
        get: {
          "x-amazon-apigateway-request-validator": "params",
          parameters: [{ name: "petId", in: "path", required: true, schema: { type: "string" } }, { name: "X-Tenant", in: "header", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "ok" } },
          "x-amazon-apigateway-integration": {
            type: "http_proxy",
            httpMethod: "GET",
            uri: `${backendUrl}/petstore/pets/{id}`,
            requestParameters: { "integration.request.path.id": "method.request.path.petId" },
          },
        },
      },
    },
    components: {
      schemas: {
        NewPet: { type: "object", required: ["type", "price"], properties: { type: { $ref: "#/components/schemas/PetType" }, price: { type: "number", minimum: 25, maximum: 500 } } },
        PetType: { type: "string", enum: ["dog", "cat", "fish"] },
      },
      securitySchemes: { api_key: { type: "apiKey", name: "x-api-key", in: "header" } },
    },
  };
}

const rawPost = (path: string, text: string, contentType: string) => api.call("POST", path, { rawBody: text, headers: { "content-type": contentType } });
const call = (apiId: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  setup.stack.gateway.request(`/prod${path}`, { apiId, ...init });

beforeAll(async () => {
  process.env.GATEHOUSE_SECRET_KEY = SECRET_KEY;
  backend = http.createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ backend: true, url: req.url }));
  });
  await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
  backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  setup = await setupManagement(inject("pgServerUrl"));
  api = setup.api;
  await setup.stack.startGateway({ GATEHOUSE_SECRET_KEY: SECRET_KEY });
});
afterAll(async () => {
  await setup?.close();
  await new Promise((resolve) => backend?.close(resolve));
  if (previousKey === undefined) delete process.env.GATEHOUSE_SECRET_KEY;
  else process.env.GATEHOUSE_SECRET_KEY = previousKey;
});

describe("OpenAPI import, deploy and serve", () => {
  let apiId: string;

  it("validates first, then imports the PetStore (one API with its resources, models, validators)", async () => {
    const validation = await api.post("/restapis/import/validate", { document: JSON.stringify(petstore()) });
    expect(validation.status).toBe(200);
    expect(validation.body).toMatchObject({ valid: true, name: "PetStore", problems: [], summary: { resources: 3, methods: 3, models: 2, requestValidators: 2 } });
    expect(await setup.stack.prisma.restApi.count()).toBe(0);

    const res = await rawPost("/restapis/import", JSON.stringify(petstore()), "application/json");
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.restApi.name).toBe("PetStore");
    expect(res.body.warnings).toEqual([]);
    apiId = res.body.restApi.id;
    const resources = await setup.stack.prisma.resource.findMany({ where: { restApiId: apiId }, orderBy: { path: "asc" } });
    expect(resources.map((r) => r.path)).toEqual(["/", "/pets", "/pets/{petId}"]);
    const model = await setup.stack.prisma.apiModel.findFirstOrThrow({ where: { restApiId: apiId, name: "NewPet" } });
    expect(model.schema).toContain(`https://apigateway.amazonaws.com/restapis/${apiId}/models/PetType`);
  });

  it("deploys, and the gateway behaves as the definition says", async () => {
    const deployed = await api.post(`/restapis/${apiId}/deployments`, { stageName: "prod" });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    // The HTTP integration reaches the backend with the mapped parameters.
    const list = await waitFor(async () => {
      const r = await call(apiId, "/pets?type=dog&page=2");
      return r.status === 200 ? r : undefined;
    });
    expect(list.headers["access-control-allow-origin"]).toBe("*");
    const hit = seen.at(-1)!;
    expect(hit.url).toBe("/petstore/pets?kind=dog");
    expect(hit.headers["x-page"]).toBe("2");
    // HTTP_PROXY with a mapped path parameter; the params validator wants X-Tenant.
    const missing = await call(apiId, "/pets/7");
    expect(missing.status).toBe(400);
    expect((missing.json() as { message: string }).message).toMatch(/Missing required request parameters: \[X-Tenant\]/);
    const one = await call(apiId, "/pets/7", { headers: { "X-Tenant": "t1" } });
    expect(one.status).toBe(200);
    expect(seen.at(-1)!.url).toBe("/petstore/pets/7");
    // The API key: 403 without.
    const body = JSON.stringify({ type: "dog", price: 100 });
    expect((await call(apiId, "/pets", { method: "POST", headers: { "content-type": "application/json" }, body })).status).toBe(403);
    const key = await api.post("/apikeys", { name: "petstore" });
    expect(key.status).toBe(201);
    const plan = await api.post("/usageplans", { name: "petstore", apiStages: [{ restApiId: apiId, stageName: "prod" }] });
    expect(plan.status).toBe(201);
    expect((await api.post(`/usageplans/${plan.body.id}/keys`, { keyId: key.body.id })).status).toBe(201);
    const headers = { "content-type": "application/json", "x-api-key": key.body.value as string };
    const created = await waitFor(async () => {
      const r = await call(apiId, "/pets", { method: "POST", headers, body });
      return r.status === 200 ? r : undefined;
    });
    // The MOCK answers with its template.
    expect(created.json()).toEqual({ created: true, method: "POST" });
    // The validator checks the body against the model (and the model it refers to).
    const invalid = await call(apiId, "/pets", { method: "POST", headers, body: JSON.stringify({ type: "lizard", price: 100 }) });
    expect(invalid.status).toBe(400);
    expect((invalid.json() as { message: string }).message).toBe("Invalid request body");
  });

  it("exports the stage and the working copy; export → import → export is equal apart from ids and titles", async () => {
    const stage = await api.get(`/restapis/${apiId}/stages/prod/export`);
    expect(stage.status).toBe(200);
    expect(stage.headers.get("content-disposition")).toMatch(/attachment; filename="PetStore-prod-oas30-apigateway\.json"/);
    expect(Object.keys(stage.body.paths)).toEqual(["/pets", "/pets/{petId}"]);
    expect(stage.body.servers[0].url).toContain(apiId);

    const first = await api.get(`/restapis/${apiId}/export`);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toMatch(/^application\/json/);
    // Documentation text is kept: the API's description, each operation's summary and description.
    expect(first.body.info.description).toBe("Amazon's example, rewritten");
    expect(first.body.paths["/pets"].get).toMatchObject({ operationId: "ListPets", summary: "List pets", description: "Pets of one **type**, a page at a time." });
    expect(first.body.paths["/pets"].post.summary).toBe("Create a pet");
    expect(first.body.paths["/pets"].post).not.toHaveProperty("description");
    expect(first.body.paths["/pets/{petId}"].get).not.toHaveProperty("summary");
    const again = await rawPost("/restapis/import", JSON.stringify({ ...first.body, info: { ...first.body.info, title: "PetStore copy" } }), "application/json");
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const second = await api.get(`/restapis/${again.body.restApi.id}/export`);
    const strip = (d: Record<string, unknown>) => ({ ...d, info: undefined, servers: undefined });
    expect(strip(second.body)).toEqual(strip(first.body));
    expect(second.body.info.description).toBe("Amazon's example, rewritten");

    const yaml = await exportWorkingCopy(setup.stack.prisma, apiId, { format: "yaml", extensions: false });
    expect(yaml.contentType).toMatch(/^application\/yaml/);
    expect(yaml.body).toContain("/pets/{petId}:");
    expect(yaml.body).not.toContain("x-amazon-apigateway");
  });
});

describe("OpenAPI import: inputs, errors, modes", () => {
  it("imports Swagger 2.0 sent as YAML text", async () => {
    const swagger = {
      swagger: "2.0",
      info: { title: "Swagger pets", version: "1" },
      paths: {
        "/ping": { get: { responses: { "200": { description: "ok" } }, "x-amazon-apigateway-integration": { type: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' }, responses: { default: { statusCode: "200" } } } } },
      },
      definitions: { Empty: { type: "object" } },
    };
    const res = await rawPost("/restapis/import", stringify(swagger), "application/yaml");
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await setup.stack.prisma.apiModel.count({ where: { restApiId: res.body.restApi.id } })).toBe(1);
  });

  it("answers 400 with JSON pointers, writes nothing, and refuses HTTP API documents", async () => {
    const before = await setup.stack.prisma.restApi.count();
    const doc = petstore();
    ((doc.paths as Record<string, Record<string, Record<string, Record<string, unknown>>>>)["/pets/{petId}"].get["x-amazon-apigateway-integration"]).uri = "ftp://nope";
    const res = await rawPost("/restapis/import", JSON.stringify(doc), "application/json");
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([{ field: "/paths/~1pets~1{petId}/get/x-amazon-apigateway-integration/uri", message: expect.any(String) }]);
    const http = await rawPost("/restapis/import", stringify({ ...petstore(), "x-amazon-apigateway-cors": { allowOrigins: ["*"] } }), "text/yaml");
    expect(http.status).toBe(400);
    expect(http.body.message).toMatch(/HTTP API/);
    expect(await setup.stack.prisma.restApi.count()).toBe(before);
  });

  it("lists warnings for unsupported extensions, and refuses them with failOnWarnings=true", async () => {
    const doc = { ...petstore(), "x-amazon-apigateway-policy": { Version: "2012-10-17" } };
    const refused = await rawPost("/restapis/import?failOnWarnings=true", JSON.stringify(doc), "application/json");
    expect(refused.status).toBe(400);
    expect(refused.body.problems[0].field).toBe("/x-amazon-apigateway-policy");
    const ok = await rawPost("/restapis/import", JSON.stringify(doc), "text/plain");
    expect(ok.status).toBe(201);
    expect(ok.body.warnings).toEqual([{ pointer: "/x-amazon-apigateway-policy", message: expect.stringMatching(/not supported/) }]);
  });

  it("merges into and overwrites an existing API", async () => {
    const base = await rawPost("/restapis/import", JSON.stringify(petstore()), "application/json");
    const id = base.body.restApi.id as string;
    const extra = {
      openapi: "3.0.1",
      info: { title: "Extra", version: "1" },
      paths: { "/health": { get: { responses: {}, "x-amazon-apigateway-integration": { type: "mock", responses: { default: { statusCode: "200" } } } } } },
    };
    const merged = await rawPost(`/restapis/import?mode=merge&restApiId=${id}`, JSON.stringify(extra), "application/json");
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const paths = async () => (await setup.stack.prisma.resource.findMany({ where: { restApiId: id }, orderBy: { path: "asc" } })).map((r) => r.path);
    expect(await paths()).toEqual(["/", "/health", "/pets", "/pets/{petId}"]);
    expect(merged.body.restApi.name).toBe("PetStore");
    const overwritten = await rawPost(`/restapis/import?mode=overwrite&restApiId=${id}`, JSON.stringify(extra), "application/json");
    expect(overwritten.status).toBe(200);
    expect(await paths()).toEqual(["/", "/health"]);
    expect(await setup.stack.prisma.apiModel.count({ where: { restApiId: id } })).toBe(0);
    expect(await setup.stack.prisma.requestValidator.count({ where: { restApiId: id } })).toBe(0);
    const missing = await rawPost("/restapis/import?mode=merge", JSON.stringify(extra), "application/json");
    expect(missing.status).toBe(400);
  });
});
