import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { functionInvocationUri } from "../../lib/arn";
import type { TIntegration, TMethod, TResource, TRestApi } from "../../lib/schemas/management";
import { ARN } from "../helpers/fixtures";
import { setupManagement, type ManagementClient, type ManagementSetup } from "./management-harness";

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

async function addResource(apiId: string, parentId: string, pathPart: string): Promise<TResource> {
  const res = await api.post(`/restapis/${apiId}/resources/${parentId}`, { pathPart });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe("REST APIs", () => {
  it("creates an API with a root resource, lists, gets, updates and deletes it", async () => {
    const created = await newApi("orders");
    expect(created).toMatchObject({ name: "orders", description: "", binaryMediaTypes: [], apiKeySource: "HEADER", version: 1 });
    expect(created.id).toMatch(/^[a-z0-9]{10}$/);
    const resources = await api.get(`/restapis/${created.id}/resources`);
    expect(resources.body.items).toEqual([expect.objectContaining({ id: created.rootResourceId, path: "/", pathPart: "", parentId: null, resourceMethods: {} })]);

    expect((await api.get("/restapis")).body.items.map((a: TRestApi) => a.id)).toContain(created.id);
    expect((await api.get(`/restapis/${created.id}`)).body).toEqual(created);

    const updated = await api.patch(`/restapis/${created.id}`, { version: 1, description: "Orders API", binaryMediaTypes: ["image/png"] });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: "orders", description: "Orders API", binaryMediaTypes: ["image/png"], version: 2 });

    expect((await api.delete(`/restapis/${created.id}`)).status).toBe(204);
    expect((await api.get(`/restapis/${created.id}`)).status).toBe(404);
    expect(await setup.stack.prisma.resource.count({ where: { restApiId: created.id } })).toBe(0);
  });

  it("answers 400 naming each failing field", async () => {
    const res = await api.post("/restapis", { name: " ", apiKeySource: "QUERY", binaryMediaTypes: "image/png" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation-failed");
    expect(fieldsOf(res.body).sort()).toEqual(["apiKeySource", "binaryMediaTypes", "name"]);
    expect(res.body.problems.find((p: { field: string }) => p.field === "name").message).toBe("Name is required");

    const bad = await api.call("POST", "/restapis", { rawBody: "{not json" });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(["body"]);
  });

  it("answers 409 conflict for a stale version and saves nothing", async () => {
    const created = await newApi("stale");
    expect((await api.patch(`/restapis/${created.id}`, { version: 1, name: "first" })).status).toBe(200);
    const stale = await api.patch(`/restapis/${created.id}`, { version: 1, name: "second" });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("conflict");
    expect((await api.get(`/restapis/${created.id}`)).body).toMatchObject({ name: "first", version: 2 });
  });

  it("answers 404 for unknown ids", async () => {
    expect((await api.get("/restapis/nosuchapi0")).status).toBe(404);
    expect((await api.get("/restapis/nosuchapi0")).body.code).toBe("not-found");
    expect((await api.patch("/restapis/nosuchapi0", { version: 1, name: "x" })).status).toBe(404);
    expect((await api.get("/restapis/nosuchapi0/resources")).status).toBe(404);
  });
});

describe("resources", () => {
  it("builds a tree, renames with the paths below following, and deletes a subtree", async () => {
    const a = await newApi("tree");
    const pets = await addResource(a.id, a.rootResourceId, "pets");
    const petId = await addResource(a.id, pets.id, "{petId}");
    const toys = await addResource(a.id, petId.id, "toys");
    expect([pets.path, petId.path, toys.path]).toEqual(["/pets", "/pets/{petId}", "/pets/{petId}/toys"]);
    expect(toys.parentId).toBe(petId.id);

    const renamed = await api.patch(`/restapis/${a.id}/resources/${pets.id}`, { version: 1, pathPart: "animals" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ path: "/animals", pathPart: "animals", version: 2 });
    expect((await api.get(`/restapis/${a.id}/resources/${toys.id}`)).body.path).toBe("/animals/{petId}/toys");

    await api.put(`/restapis/${a.id}/resources/${toys.id}/methods/GET`, {});
    expect((await api.delete(`/restapis/${a.id}/resources/${petId.id}`)).status).toBe(204);
    const left = (await api.get(`/restapis/${a.id}/resources`)).body.items.map((r: TResource) => r.path);
    expect(left).toEqual(["/", "/animals"]);
    expect(await setup.stack.prisma.method.count({ where: { resourceId: toys.id } })).toBe(0);
  });

  it("refuses bad path parts, naming the field", async () => {
    const a = await newApi("rules");
    const root = a.rootResourceId;
    const post = (parent: string, pathPart: unknown) => api.post(`/restapis/${a.id}/resources/${parent}`, { pathPart });

    for (const bad of ["a{b}", "{x}y", "", "a/b", "{}"]) {
      const res = await post(root, bad);
      expect(res.status, bad).toBe(400);
      expect(fieldsOf(res.body), bad).toEqual(["pathPart"]);
    }
    const users = await addResource(a.id, root, "users");
    const dup = await post(root, "users");
    expect(dup.status).toBe(400);
    expect(dup.body.problems).toEqual([{ field: "pathPart", message: "/users already exists" }]);

    await addResource(a.id, users.id, "{id}");
    const secondVar = await post(users.id, "{name}");
    expect(secondVar.status).toBe(400);
    expect(secondVar.body.problems[0]).toMatchObject({ field: "pathPart" });
    expect(secondVar.body.problems[0].message).toContain("only one");

    const proxy = await addResource(a.id, root, "{proxy+}");
    const underGreedy = await post(proxy.id, "more");
    expect(underGreedy.status).toBe(400);
    expect(underGreedy.body.problems[0]).toMatchObject({ field: "parentId" });
    expect(underGreedy.body.message).toContain("greedy");

    // A resource with children cannot become greedy.
    const withChild = await addResource(a.id, root, "files");
    await addResource(a.id, withChild.id, "x");
    const toGreedy = await api.patch(`/restapis/${a.id}/resources/${withChild.id}`, { version: 1, pathPart: "{path+}" });
    expect(toGreedy.status).toBe(400);
    expect(toGreedy.body.problems).toContainEqual({ field: "pathPart", message: "/files has child resources, so it cannot become a greedy path variable ({name+})" });
  });

  it("cannot delete or rename the root", async () => {
    const a = await newApi("root");
    const del = await api.delete(`/restapis/${a.id}/resources/${a.rootResourceId}`);
    expect(del.status).toBe(400);
    expect(del.body.message).toContain("root");
    expect((await api.patch(`/restapis/${a.id}/resources/${a.rootResourceId}`, { version: 1, pathPart: "x" })).status).toBe(400);
  });

  it("answers 409 when renaming from a stale version", async () => {
    const a = await newApi("stale-res");
    const r = await addResource(a.id, a.rootResourceId, "one");
    expect((await api.patch(`/restapis/${a.id}/resources/${r.id}`, { version: 1, pathPart: "two" })).status).toBe(200);
    expect((await api.patch(`/restapis/${a.id}/resources/${r.id}`, { version: 1, pathPart: "three" })).status).toBe(409);
    expect((await api.get(`/restapis/${a.id}/resources/${r.id}`)).body.path).toBe("/two");
  });
});

describe("methods, integrations and responses", () => {
  let apiId: string;
  let resourceId: string;
  let M: string;

  beforeAll(async () => {
    const a = await newApi("methods");
    apiId = a.id;
    resourceId = (await addResource(apiId, a.rootResourceId, "items")).id;
    M = `/restapis/${apiId}/resources/${resourceId}/methods`;
  });

  it("creates, reads, updates and deletes a method; a second of the same verb is refused", async () => {
    const put = await api.put(`${M}/get`, { apiKeyRequired: true, requestParameters: { "method.request.querystring.q": false } });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ httpMethod: "GET", authorizationType: "NONE", apiKeyRequired: true, methodIntegration: null, methodResponses: {}, version: 1 });

    const again = await api.put(`${M}/GET`, {});
    expect(again.status).toBe(400);
    expect(again.body.problems).toEqual([expect.objectContaining({ field: "httpMethod" })]);
    expect(again.body.message).toContain("GET");

    const patched = await api.patch(`${M}/GET`, { version: 1, operationName: "listItems" });
    expect(patched.status).toBe(200);
    // Fields not sent keep their values (no defaults applied on PATCH).
    expect(patched.body).toMatchObject({ operationName: "listItems", apiKeyRequired: true, requestParameters: { "method.request.querystring.q": false }, version: 2 });
    expect((await api.patch(`${M}/GET`, { version: 1, apiKeyRequired: false })).status).toBe(409);

    expect((await api.get(`/restapis/${apiId}/resources/${resourceId}`)).body.resourceMethods.GET.operationName).toBe("listItems");
    expect((await api.delete(`${M}/GET`)).status).toBe(204);
    expect((await api.get(`${M}/GET`)).status).toBe(404);
  });

  it("refuses unknown verbs and bad request parameters", async () => {
    const verb = await api.put(`${M}/FETCH`, {});
    expect(verb.status).toBe(400);
    expect(fieldsOf(verb.body)).toEqual(["httpMethod"]);
    const params = await api.put(`${M}/POST`, { requestParameters: { "query.q": true }, authorizationType: "MAGIC" });
    expect(params.status).toBe(400);
    expect(fieldsOf(params.body)).toEqual(["authorizationType"]);
    const keys = await api.put(`${M}/POST`, { requestParameters: { "query.q": true } });
    expect(fieldsOf(keys.body)).toEqual(["requestParameters.query.q"]);
  });

  it("validates integrations field by field", async () => {
    await api.put(`${M}/PUT`, {});
    const I = `${M}/PUT/integration`;
    const cases: Array<[unknown, string[]]> = [
      [{ type: "HTTP_PROXY", httpMethod: "GET", uri: "ftp://example.com/x" }, ["uri"]],
      [{ type: "HTTP", httpMethod: "GET", uri: "/relative" }, ["uri"]],
      [{ type: "HTTP_PROXY", uri: "https://example.com" }, ["httpMethod"]],
      [{ type: "AWS_PROXY", httpMethod: "POST", uri: "arn:aws:lambda:us-east-1:000000000000:function:f" }, ["uri"]],
      [{ type: "MOCK", timeoutInMillis: 49 }, ["timeoutInMillis"]],
      [{ type: "MOCK", timeoutInMillis: 29001 }, ["timeoutInMillis"]],
      [{ type: "SOAP" }, ["type"]],
    ];
    for (const [body, fields] of cases) {
      const res = await api.put(I, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res.body).sort(), JSON.stringify(body)).toEqual(fields);
    }
    expect((await api.get(I)).status).toBe(404);
  });

  it("creates, replaces, patches and deletes an integration", async () => {
    await api.put(`${M}/POST`, {});
    const I = `${M}/POST/integration`;
    const mock = await api.put(I, { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } });
    expect(mock.status).toBe(201);
    expect(mock.body).toMatchObject({ type: "MOCK", timeoutInMillis: 29000, passthroughBehavior: "WHEN_NO_MATCH", version: 1 });

    const uri = functionInvocationUri(ARN, "orders");
    const replaced = await api.put<TIntegration>(I, { type: "AWS_PROXY", httpMethod: "POST", uri, timeoutInMillis: 5000 });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ type: "AWS_PROXY", httpMethod: "POST", uri, timeoutInMillis: 5000, requestTemplates: {}, version: 2 });

    const patched = await api.patch(I, { version: 2, timeoutInMillis: 1000 });
    expect(patched.body).toMatchObject({ type: "AWS_PROXY", uri, timeoutInMillis: 1000, version: 3 });
    // The merged result must be valid: switching to HTTP_PROXY keeps the function ARN, which is not a URL.
    const invalid = await api.patch(I, { version: 3, type: "HTTP_PROXY" });
    expect(invalid.status).toBe(400);
    expect(fieldsOf(invalid.body)).toEqual(["uri"]);
    expect((await api.patch(I, { version: 2, timeoutInMillis: 2000 })).status).toBe(409);
    const http = await api.patch(I, { version: 3, type: "HTTP_PROXY", httpMethod: "ANY", uri: "https://${stageVariables.host}/orders/{id}" });
    expect(http.status, JSON.stringify(http.body)).toBe(200);

    expect((await api.get<TMethod>(`${M}/POST`)).body.methodIntegration?.type).toBe("HTTP_PROXY");
    expect((await api.delete(I)).status).toBe(204);
    expect((await api.get(I)).status).toBe(404);
  });

  it("puts, gets and deletes integration responses and method responses", async () => {
    await api.put(`${M}/DELETE`, {});
    const I = `${M}/DELETE/integration`;
    expect((await api.put(`${I}/responses/200`, {})).status).toBe(404);
    await api.put(I, { type: "MOCK" });

    const ir = await api.put(`${I}/responses/200`, { selectionPattern: "2\\d\\d", responseTemplates: { "application/json": "{}" } });
    expect(ir.status).toBe(201);
    expect(ir.body).toMatchObject({ statusCode: "200", selectionPattern: "2\\d\\d", responseTemplates: { "application/json": "{}" }, version: 1 });
    const replaced = await api.put(`${I}/responses/200`, { responseParameters: { "method.response.header.X": "'y'" } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ selectionPattern: null, responseParameters: { "method.response.header.X": "'y'" }, version: 2 });
    expect((await api.put(`${I}/responses/500`, { selectionPattern: "([" })).body.problems).toEqual([expect.objectContaining({ field: "selectionPattern" })]);
    expect(fieldsOf((await api.put(`${I}/responses/2000`, {})).body)).toEqual(["statusCode"]);
    expect((await api.get(`${I}/responses/200`)).body.version).toBe(2);
    expect((await api.get(I)).body.integrationResponses["200"].responseParameters).toEqual({ "method.response.header.X": "'y'" });

    const mr = await api.put(`${M}/DELETE/responses/200`, { responseParameters: { "method.response.header.X": true } });
    expect(mr.status).toBe(201);
    expect(mr.body).toEqual({ statusCode: "200", responseParameters: { "method.response.header.X": true }, responseModels: {}, version: 1 });
    expect(fieldsOf((await api.put(`${M}/DELETE/responses/201`, { responseParameters: { "X-Header": true } })).body)).toEqual(["responseParameters.X-Header"]);
    expect((await api.get(`${M}/DELETE`)).body.methodResponses["200"].statusCode).toBe("200");

    expect((await api.delete(`${I}/responses/200`)).status).toBe(204);
    expect((await api.get(`${I}/responses/200`)).status).toBe(404);
    expect((await api.delete(`${M}/DELETE/responses/200`)).status).toBe(204);
    expect((await api.delete(`${M}/DELETE/responses/200`)).status).toBe(404);
  });
});

describe("cloneFrom", () => {
  it("deep-copies resources, methods, integrations and responses with new ids", async () => {
    const source = await newApi("source");
    const r = await addResource(source.id, source.rootResourceId, "things");
    const child = await addResource(source.id, r.id, "{id}");
    const M = `/restapis/${source.id}/resources/${child.id}/methods/GET`;
    await api.put(M, { apiKeyRequired: true });
    await api.put(`${M}/integration`, { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } });
    await api.put(`${M}/integration/responses/200`, { responseTemplates: { "application/json": '{"ok":true}' } });
    await api.put(`${M}/responses/200`, {});

    const bad = await api.post("/restapis", { name: "copy", cloneFrom: "nosuchapi0" });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(["cloneFrom"]);

    const clone = await api.post("/restapis", { name: "copy", cloneFrom: source.id });
    expect(clone.status).toBe(201);
    expect(clone.body.id).not.toBe(source.id);
    const strip = (items: TResource[]) =>
      items.map((x) => ({ path: x.path, pathPart: x.pathPart, methods: JSON.parse(JSON.stringify(x.resourceMethods)) as unknown }));
    const a = (await api.get(`/restapis/${source.id}/resources`)).body.items as TResource[];
    const b = (await api.get(`/restapis/${clone.body.id}/resources`)).body.items as TResource[];
    expect(strip(b)).toEqual(strip(a));
    expect(b.map((x) => x.id).filter((id) => a.some((y) => y.id === id))).toEqual([]);
    expect(b.find((x) => x.path === "/")!.id).toBe(clone.body.rootResourceId);
    const copied = b.find((x) => x.path === "/things/{id}")!;
    expect(copied.parentId).toBe(b.find((x) => x.path === "/things")!.id);
    expect(copied.resourceMethods.GET.methodIntegration?.integrationResponses["200"].responseTemplates).toEqual({ "application/json": '{"ok":true}' });
  });
});
