import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { functionInvocationUri } from "../../lib/arn";
import type { TModel, TRequestValidator, TRestApi } from "../../lib/schemas/management";
import { SNAPSHOT_FORMAT_VERSION, ZDeploymentSnapshot } from "../../lib/snapshot";
import { ARN } from "../helpers/fixtures";
import { setupManagement, type ManagementClient, type ManagementSetup } from "./management-harness";

/** Models, request validators, mapping templates (save-time check, preview) and deploying them, through the route handlers. */

let setup: ManagementSetup;
let api: ManagementClient;

beforeAll(async () => {
  setup = await setupManagement(inject("pgServerUrl"));
  api = setup.api;
});
afterAll(() => setup?.close());

const fieldsOf = (body: { problems?: Array<{ field: string }> }) => (body.problems ?? []).map((p) => p.field);

async function newApi(name = "pets"): Promise<TRestApi> {
  const res = await api.post("/restapis", { name });
  expect(res.status).toBe(201);
  return res.body;
}

async function addResource(apiId: string, parentId: string, pathPart: string) {
  const res = await api.post(`/restapis/${apiId}/resources/${parentId}`, { pathPart });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; path: string };
}

const PET = JSON.stringify({ $schema: "http://json-schema.org/draft-04/schema#", title: "Pet", type: "object", properties: { name: { type: "string" } }, required: ["name"] });
const modelUrl = (apiId: string, name: string) => `https://apigateway.amazonaws.com/restapis/${apiId}/models/${name}`;

describe("models", () => {
  it("creates, lists by name, gets, updates and deletes a model", async () => {
    const a = await newApi("models-crud");
    const created = await api.post(`/restapis/${a.id}/models`, { name: "Pet", schema: PET });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), name: "Pet", description: "", contentType: "application/json", schema: PET, version: 1 });
    expect((await api.post(`/restapis/${a.id}/models`, { name: "Error", description: "An error", schema: '{"type":"object"}' })).status).toBe(201);

    const list = await api.get(`/restapis/${a.id}/models`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: TModel) => m.name)).toEqual(["Error", "Pet"]);
    expect((await api.get(`/restapis/${a.id}/models/Pet`)).body).toEqual(created.body);
    expect((await api.get(`/restapis/${a.id}/models/Nope`)).status).toBe(404);

    const updated = await api.patch(`/restapis/${a.id}/models/Pet`, { version: 1, description: "A pet", schema: '{"type":"object"}' });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({ description: "A pet", schema: '{"type":"object"}', contentType: "application/json", version: 2 });
    expect((await api.patch(`/restapis/${a.id}/models/Pet`, { version: 1, description: "stale" })).status).toBe(409);

    expect((await api.delete(`/restapis/${a.id}/models/Pet`)).status).toBe(204);
    expect((await api.get(`/restapis/${a.id}/models/Pet`)).status).toBe(404);
  });

  it("refuses invalid JSON, invalid schemas, bad names and duplicates", async () => {
    const a = await newApi("models-invalid");
    const notJson = await api.post(`/restapis/${a.id}/models`, { name: "Broken", schema: "{not json" });
    expect(notJson.status).toBe(400);
    expect(notJson.body.code).toBe("validation-failed");
    expect(fieldsOf(notJson.body)).toEqual(["schema"]);
    expect(notJson.body.problems[0].message).toContain("Not valid JSON");

    const badSchema = await api.post(`/restapis/${a.id}/models`, { name: "Broken", schema: '{"type": 5}' });
    expect(badSchema.status).toBe(400);
    expect(fieldsOf(badSchema.body)).toEqual(["schema"]);
    expect(badSchema.body.problems[0].message).toMatch(/^Not a valid JSON Schema \(draft-04\): .*type/);

    const badName = await api.post(`/restapis/${a.id}/models`, { name: "my-model", schema: PET });
    expect(badName.status).toBe(400);
    expect(fieldsOf(badName.body)).toEqual(["name"]);

    expect((await api.post(`/restapis/${a.id}/models`, { name: "Pet", schema: PET })).status).toBe(201);
    const dup = await api.post(`/restapis/${a.id}/models`, { name: "Pet", schema: PET });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe("conflict");

    const badPatch = await api.patch(`/restapis/${a.id}/models/Pet`, { version: 1, schema: '{"required": "name"}' });
    expect(badPatch.status).toBe(400);
    expect(fieldsOf(badPatch.body)).toEqual(["schema"]);
    expect((await api.get(`/restapis/${a.id}/models/Pet`)).body.schema).toBe(PET);
    expect(await setup.stack.prisma.apiModel.count({ where: { restApiId: a.id } })).toBe(1);
  });

  it("resolves $ref to other models of the API and refuses unknown ones", async () => {
    const a = await newApi("models-ref");
    expect((await api.post(`/restapis/${a.id}/models`, { name: "Pet", schema: PET })).status).toBe(201);
    const pets = JSON.stringify({ type: "array", items: { $ref: modelUrl(a.id, "Pet") } });
    const ok = await api.post(`/restapis/${a.id}/models`, { name: "Pets", schema: pets });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);

    const missing = await api.post(`/restapis/${a.id}/models`, { name: "Owners", schema: JSON.stringify({ type: "array", items: { $ref: modelUrl(a.id, "Owner") } }) });
    expect(missing.status).toBe(400);
    expect(missing.body.problems).toEqual([{ field: "schema", message: "References model 'Owner', which does not exist in this API" }]);

    const other = await api.post(`/restapis/${a.id}/models`, { name: "Others", schema: JSON.stringify({ items: { $ref: modelUrl("zzzzzzzzzz", "Pet") } }) });
    expect(other.status).toBe(400);
    expect(fieldsOf(other.body)).toEqual(["schema"]);

    // Pet is referenced by Pets: deleting it is refused.
    const refused = await api.delete(`/restapis/${a.id}/models/Pet`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe("Cannot delete model 'Pet', is referenced in model: Pets");
  });

  it("refuses to delete a model a method request or method response references", async () => {
    const a = await newApi("models-in-use");
    expect((await api.post(`/restapis/${a.id}/models`, { name: "Pet", schema: PET })).status).toBe(201);
    const pets = await addResource(a.id, a.rootResourceId, "pets");
    const put = await api.put(`/restapis/${a.id}/resources/${pets.id}/methods/POST`, { requestModels: { "application/json": "Pet" } });
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    expect(put.body.requestModels).toEqual({ "application/json": "Pet" });
    expect((await api.put(`/restapis/${a.id}/resources/${pets.id}/methods/GET`, {})).status).toBe(201);
    expect((await api.put(`/restapis/${a.id}/resources/${pets.id}/methods/GET/responses/200`, { responseModels: { "application/json": "Pet" } })).status).toBe(201);

    const refused = await api.delete(`/restapis/${a.id}/models/Pet`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("conflict");
    expect(refused.body.message).toBe("Cannot delete model 'Pet', is referenced in method response: GET /pets 200, method request: POST /pets");

    await api.delete(`/restapis/${a.id}/resources/${pets.id}/methods/POST`);
    await api.delete(`/restapis/${a.id}/resources/${pets.id}/methods/GET`);
    expect((await api.delete(`/restapis/${a.id}/models/Pet`)).status).toBe(204);
  });

  it("generates a default template from the model", async () => {
    const a = await newApi("models-template");
    expect((await api.post(`/restapis/${a.id}/models`, { name: "Pet", schema: PET })).status).toBe(201);
    const res = await api.get(`/restapis/${a.id}/models/Pet/default_template`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(typeof res.body.value).toBe("string");
    expect(res.body.value).toContain("name");
    expect((await api.get(`/restapis/${a.id}/models/Nope/default_template`)).status).toBe(404);
  });

  it("lets viewers read but not create", async () => {
    const a = await newApi("models-roles");
    const { userWithToken } = await import("./management-harness");
    const viewer = await userWithToken(setup.stack.prisma, "viewer");
    expect((await viewer.api.get(`/restapis/${a.id}/models`)).status).toBe(200);
    expect((await viewer.api.post(`/restapis/${a.id}/models`, { name: "Pet", schema: PET })).status).toBe(403);
  });
});

describe("request validators", () => {
  it("creates, lists, gets, updates and deletes a validator; 409 while a method uses it", async () => {
    const a = await newApi("validators");
    const created = await api.post(`/restapis/${a.id}/requestvalidators`, { name: "body-only", validateRequestBody: true });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), name: "body-only", validateRequestBody: true, validateRequestParameters: false, version: 1 });
    const id = created.body.id as string;
    expect((await api.post(`/restapis/${a.id}/requestvalidators`, { name: "all", validateRequestBody: true, validateRequestParameters: true })).status).toBe(201);
    expect((await api.post(`/restapis/${a.id}/requestvalidators`, { name: "all" })).status).toBe(409);

    const list = await api.get(`/restapis/${a.id}/requestvalidators`);
    expect(list.body.items.map((v: TRequestValidator) => v.name)).toEqual(["all", "body-only"]);
    expect((await api.get(`/restapis/${a.id}/requestvalidators/${id}`)).body).toEqual(created.body);
    expect((await api.get(`/restapis/${a.id}/requestvalidators/nope00`)).status).toBe(404);

    const updated = await api.patch(`/restapis/${a.id}/requestvalidators/${id}`, { version: 1, validateRequestParameters: true });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: "body-only", validateRequestBody: true, validateRequestParameters: true, version: 2 });
    expect((await api.patch(`/restapis/${a.id}/requestvalidators/${id}`, { version: 1, name: "x" })).status).toBe(409);

    const pets = await addResource(a.id, a.rootResourceId, "pets");
    const method = await api.put(`/restapis/${a.id}/resources/${pets.id}/methods/POST`, { requestValidatorId: id });
    expect(method.status, JSON.stringify(method.body)).toBe(201);
    expect(method.body.requestValidatorId).toBe(id);
    const refused = await api.delete(`/restapis/${a.id}/requestvalidators/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain("POST /pets");

    expect((await api.patch(`/restapis/${a.id}/resources/${pets.id}/methods/POST`, { version: 1, requestValidatorId: null })).status).toBe(200);
    expect((await api.delete(`/restapis/${a.id}/requestvalidators/${id}`)).status).toBe(204);
    expect((await api.get(`/restapis/${a.id}/requestvalidators/${id}`)).status).toBe(404);
  });

  it("refuses a method naming an unknown validator or model", async () => {
    const a = await newApi("method-refs");
    const b = await newApi("other-api");
    const foreign = await api.post(`/restapis/${b.id}/requestvalidators`, { name: "theirs" });
    expect((await api.post(`/restapis/${b.id}/models`, { name: "Theirs", schema: PET })).status).toBe(201);
    const pets = await addResource(a.id, a.rootResourceId, "pets");

    const bad = await api.put(`/restapis/${a.id}/resources/${pets.id}/methods/POST`, {
      requestValidatorId: foreign.body.id,
      requestModels: { "application/json": "Theirs" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("validation-failed");
    expect(fieldsOf(bad.body).sort()).toEqual(['requestModels["application/json"]', "requestValidatorId"]);

    expect((await api.put(`/restapis/${a.id}/resources/${pets.id}/methods/POST`, {})).status).toBe(201);
    const badPatch = await api.patch(`/restapis/${a.id}/resources/${pets.id}/methods/POST`, { version: 1, requestModels: { "application/xml": "Nope" } });
    expect(badPatch.status).toBe(400);
    expect(fieldsOf(badPatch.body)).toEqual(['requestModels["application/xml"]']);
  });
});

describe("mapping templates", () => {
  it("previews a template with the given input", async () => {
    const a = await newApi("preview");
    const res = await api.post(`/restapis/${a.id}/template-preview`, {
      template: '{"a": $input.json(\'$.a\'), "q": "$input.params(\'q\')", "stage": "$context.stage", "v": "$stageVariables.v"}',
      body: '{"a": {"b": [1, 2]}}',
      query: { q: "search" },
      stageVariables: { v: "vee" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.error).toBeNull();
    expect(JSON.parse(res.body.output)).toEqual({ a: { b: [1, 2] }, q: "search", stage: "test-invoke-stage", v: "vee" });
    expect(res.body.overrides).toMatchObject({ request: { header: {} }, response: { header: {} } });

    const syntax = await api.post(`/restapis/${a.id}/template-preview`, { template: "line one\n#if(\n" });
    expect(syntax.status).toBe(400);
    expect(syntax.body.code).toBe("validation-failed");
    expect(fieldsOf(syntax.body)).toEqual(["template"]);
    expect(syntax.body.problems[0].message).toMatch(/^Line \d+, column \d+: /);

    expect((await api.post(`/restapis/zzzzzzzzzz/template-preview`, { template: "x" })).status).toBe(404);
  });

  it("refuses to save an integration or integration response with a broken template, naming the field", async () => {
    const a = await newApi("broken-templates");
    const pets = await addResource(a.id, a.rootResourceId, "pets");
    const base = `/restapis/${a.id}/resources/${pets.id}/methods/POST`;
    expect((await api.put(base, {})).status).toBe(201);

    const bad = await api.put(`${base}/integration`, { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}', "text/plain": "ok\n#foreach($x in" } });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['requestTemplates["text/plain"]']);
    expect(bad.body.problems[0].message).toMatch(/^Line 2, column \d+: /);
    expect(await setup.stack.prisma.integration.count({ where: { method: { resourceId: pets.id } } })).toBe(0);

    const good = await api.put(`${base}/integration`, { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } });
    expect(good.status, JSON.stringify(good.body)).toBe(201);
    const badPatch = await api.patch(`${base}/integration`, { version: 1, requestTemplates: { "application/json": "#set($x = )" } });
    expect(badPatch.status).toBe(400);
    expect(fieldsOf(badPatch.body)).toEqual(['requestTemplates["application/json"]']);
    expect(badPatch.body.problems[0].message).toMatch(/^Line 1, column \d+: /);

    const badResponse = await api.put(`${base}/integration/responses/200`, { responseTemplates: { "application/json": "#end" } });
    expect(badResponse.status).toBe(400);
    expect(fieldsOf(badResponse.body)).toEqual(['responseTemplates["application/json"]']);
    expect((await api.put(`${base}/integration/responses/200`, { responseTemplates: { "application/json": '{"id": "$input.path(\'$.id\')"}' } })).status).toBe(201);
  });

  it("accepts an AWS (custom function) integration", async () => {
    const a = await newApi("aws-integration");
    const fn = await addResource(a.id, a.rootResourceId, "fn");
    const base = `/restapis/${a.id}/resources/${fn.id}/methods/POST`;
    expect((await api.put(base, {})).status).toBe(201);
    const res = await api.put(`${base}/integration`, { type: "AWS", httpMethod: "POST", uri: functionInvocationUri(ARN, "echo"), requestTemplates: { "application/json": "$input.body" } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ type: "AWS", requestTemplates: { "application/json": "$input.body" } });
  });
});

describe("deploying templates, models, validators and gateway responses", () => {
  it("compiles them into a snapshot (format 3 fields)", async () => {
    const a = await newApi("deploy-everything");
    const R = `/restapis/${a.id}`;
    expect((await api.post(`${R}/models`, { name: "Pet", schema: PET })).status).toBe(201);
    expect((await api.post(`${R}/models`, { name: "Pets", schema: JSON.stringify({ type: "array", items: { $ref: modelUrl(a.id, "Pet") } }) })).status).toBe(201);
    const validator = await api.post(`${R}/requestvalidators`, { name: "all", validateRequestBody: true, validateRequestParameters: true });
    expect((await api.put(`${R}/gatewayresponses/DEFAULT_4XX`, {
      statusCode: "418",
      responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'*'" },
      responseTemplates: { "application/json": '{"error": $context.error.messageString}' },
    })).status).toBe(201);

    const fn = await addResource(a.id, a.rootResourceId, "fn");
    const fnBase = `${R}/resources/${fn.id}/methods/POST`;
    expect((await api.put(fnBase, { requestModels: { "application/json": "Pet" }, requestValidatorId: validator.body.id })).status).toBe(201);
    expect((await api.put(fnBase + "/responses/200", {})).status).toBe(201);
    const aws = await api.put(`${fnBase}/integration`, {
      type: "AWS",
      httpMethod: "POST",
      uri: functionInvocationUri(ARN, "echo"),
      requestTemplates: { "application/json": '{"name": $input.json(\'$.name\')}' },
      passthroughBehavior: "WHEN_NO_TEMPLATES",
      contentHandling: "CONVERT_TO_TEXT",
    });
    expect(aws.status, JSON.stringify(aws.body)).toBe(201);
    expect((await api.put(`${fnBase}/integration/responses/200`, { responseTemplates: { "application/json": "$input.body" }, contentHandling: "CONVERT_TO_TEXT" })).status).toBe(201);

    const mock = await addResource(a.id, a.rootResourceId, "mock");
    const mockBase = `${R}/resources/${mock.id}/methods/GET`;
    expect((await api.put(mockBase, {})).status).toBe(201);
    expect((await api.put(`${mockBase}/responses/200`, {})).status).toBe(201);
    expect((await api.put(`${mockBase}/integration`, { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } })).status).toBe(201);
    expect((await api.put(`${mockBase}/integration/responses/200`, { responseTemplates: { "application/json": '{"q": "$input.params(\'q\')"}' } })).status).toBe(201);

    const http = await addResource(a.id, a.rootResourceId, "http");
    const httpBase = `${R}/resources/${http.id}/methods/POST`;
    expect((await api.put(httpBase, {})).status).toBe(201);
    expect((await api.put(`${httpBase}/integration`, {
      type: "HTTP",
      httpMethod: "POST",
      uri: "https://example.com/x",
      requestTemplates: { "application/json": "#set($b = $input.path('$'))$b" },
      passthroughBehavior: "NEVER",
    })).status).toBe(201);

    const deployed = await api.post(`${R}/deployments`, { stageName: "prod" });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    const row = await setup.stack.prisma.deployment.findUniqueOrThrow({ where: { id: deployed.body.id } });
    const snapshot = ZDeploymentSnapshot.parse(row.snapshot);
    expect(snapshot.formatVersion).toBe(SNAPSHOT_FORMAT_VERSION);
    expect(snapshot.models).toEqual({
      Pet: { contentType: "application/json", schema: PET },
      Pets: { contentType: "application/json", schema: JSON.stringify({ type: "array", items: { $ref: modelUrl(a.id, "Pet") } }) },
    });
    expect(snapshot.gatewayResponses).toEqual({
      DEFAULT_4XX: {
        statusCode: "418",
        responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'*'" },
        responseTemplates: { "application/json": '{"error": $context.error.messageString}' },
      },
    });

    const byPath = (p: string) => snapshot.resources.find((r) => r.path === p)!;
    const fnMethod = byPath("/fn").methods.POST;
    expect(fnMethod.requestModels).toEqual({ "application/json": "Pet" });
    expect(fnMethod.requestValidator).toEqual({ name: "all", validateRequestBody: true, validateRequestParameters: true });
    expect(fnMethod.integration).toEqual({
      type: "AWS",
      uri: functionInvocationUri(ARN, "echo"),
      functionName: "echo",
      timeoutMs: 29000,
      requestTemplates: { "application/json": '{"name": $input.json(\'$.name\')}' },
      passthroughBehavior: "WHEN_NO_TEMPLATES",
      contentHandling: "CONVERT_TO_TEXT",
      cacheKeyParameters: [],
      responses: [{ statusCode: "200", selectionPattern: null, responseTemplates: { "application/json": "$input.body" }, responseParameters: {}, contentHandling: "CONVERT_TO_TEXT" }],
    });
    expect(byPath("/mock").methods.GET.requestValidator).toBeNull();
    expect(byPath("/mock").methods.GET.integration).toMatchObject({
      type: "MOCK",
      requestTemplates: { "application/json": '{"statusCode": 200}' },
      passthroughBehavior: "WHEN_NO_MATCH",
      contentHandling: null,
      responses: [{ statusCode: "200", responseTemplates: { "application/json": '{"q": "$input.params(\'q\')"}' } }],
    });
    expect(byPath("/http").methods.POST.integration).toMatchObject({
      type: "HTTP",
      requestTemplates: { "application/json": "#set($b = $input.path('$'))$b" },
      passthroughBehavior: "NEVER",
    });
  });

  it("lists broken templates, unknown models and validators and bad schemas as deploy problems", async () => {
    const a = await newApi("deploy-broken");
    const prisma = setup.stack.prisma;
    const pets = await addResource(a.id, a.rootResourceId, "pets");
    expect((await api.put(`/restapis/${a.id}/resources/${pets.id}/methods/POST`, {})).status).toBe(201);
    expect((await api.put(`/restapis/${a.id}/resources/${pets.id}/methods/POST/integration`, { type: "MOCK" })).status).toBe(201);
    // Written straight to the tables: what the API's checks would refuse.
    const method = await prisma.method.findFirstOrThrow({ where: { resourceId: pets.id }, include: { integration: true } });
    await prisma.method.update({ where: { id: method.id }, data: { requestModels: { "application/json": "Ghost" }, requestValidatorId: "nope00" } });
    await prisma.integration.update({ where: { id: method.integration!.id }, data: { requestTemplates: { "application/json": "ok\n#if(" } } });
    await prisma.apiModel.create({ data: { id: "badmodel01", restApiId: a.id, name: "Bad", schema: '{"type": 5}' } });

    const res = await api.post(`/restapis/${a.id}/deployments`, { stageName: "prod" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("deploy-invalid");
    const byField = Object.fromEntries(res.body.problems.map((p: { field: string; message: string }) => [p.field, p.message]));
    expect(Object.keys(byField).sort()).toEqual([
      'POST /pets integration.requestTemplates["application/json"]',
      'POST /pets requestModels["application/json"]',
      "POST /pets requestValidatorId",
      'models["Bad"].schema',
    ]);
    expect(byField['POST /pets integration.requestTemplates["application/json"]']).toMatch(/^Line 2, column \d+: /);
  });
});

describe("cloning", () => {
  it("copies models, validators and gateway responses, remapping validator ids and model references", async () => {
    const a = await newApi("clone-source");
    const R = `/restapis/${a.id}`;
    expect((await api.post(`${R}/models`, { name: "Pet", schema: PET })).status).toBe(201);
    expect((await api.post(`${R}/models`, { name: "Pets", schema: JSON.stringify({ type: "array", items: { $ref: modelUrl(a.id, "Pet") } }) })).status).toBe(201);
    const validator = await api.post(`${R}/requestvalidators`, { name: "all", validateRequestBody: true });
    expect((await api.put(`${R}/gatewayresponses/THROTTLED`, { statusCode: "503" })).status).toBe(201);
    const pets = await addResource(a.id, a.rootResourceId, "pets");
    expect((await api.put(`${R}/resources/${pets.id}/methods/POST`, { requestValidatorId: validator.body.id, requestModels: { "application/json": "Pets" } })).status).toBe(201);

    const clone = await api.post("/restapis", { name: "clone", cloneFrom: a.id });
    expect(clone.status, JSON.stringify(clone.body)).toBe(201);
    const C = `/restapis/${clone.body.id}`;
    const models = (await api.get(`${C}/models`)).body.items as TModel[];
    expect(models.map((m) => m.name)).toEqual(["Pet", "Pets"]);
    expect(models[1].schema).toBe(JSON.stringify({ type: "array", items: { $ref: modelUrl(clone.body.id, "Pet") } }));
    const validators = (await api.get(`${C}/requestvalidators`)).body.items as TRequestValidator[];
    expect(validators).toEqual([expect.objectContaining({ name: "all", validateRequestBody: true })]);
    expect(validators[0].id).not.toBe(validator.body.id);
    expect((await api.get(`${C}/gatewayresponses/THROTTLED`)).body).toMatchObject({ statusCode: "503", defaultResponse: false });
    const resources = (await api.get(`${C}/resources`)).body.items as Array<{ path: string; resourceMethods: Record<string, { requestValidatorId: string }> }>;
    expect(resources.find((r) => r.path === "/pets")!.resourceMethods.POST.requestValidatorId).toBe(validators[0].id);
  });
});
