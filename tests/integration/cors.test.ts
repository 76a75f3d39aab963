import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { TEnableCorsResult } from "../../lib/schemas/cors";
import { waitFor } from "../helpers/gateway";
import { setupManagement, userWithToken, type ManagementClient, type ManagementSetup } from "./management-harness";

/** Enable CORS through the management API, deploy, and the real gateway's preflight, method and error answers. */

let setup: ManagementSetup;
let api: ManagementClient;
let apiId: string;
let resourceId: string;
let result: TEnableCorsResult;

beforeAll(async () => {
  setup = await setupManagement(inject("pgServerUrl"));
  api = setup.api;
  const made = await api.post("/restapis", { name: "cors" });
  apiId = made.body.id;
  resourceId = (await api.post(`/restapis/${apiId}/resources/${made.body.rootResourceId}`, { pathPart: "pets" })).body.id;
  const M = `/restapis/${apiId}/resources/${resourceId}/methods`;
  await api.put(`${M}/GET`, {});
  await api.put(`${M}/GET/integration`, { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } });
  await api.put(`${M}/GET/responses/200`, {});
  await api.put(`${M}/GET/integration/responses/200`, { responseTemplates: { "application/json": '{"pets":[]}' } });
  await api.put(`${M}/POST`, {});
  await api.put(`${M}/POST/integration`, { type: "HTTP_PROXY", httpMethod: "POST", uri: "http://127.0.0.1:9/pets" });
  await setup.stack.startGateway();
});
afterAll(async () => {
  await setup?.close();
});

describe("Enable CORS", () => {
  it("is refused to viewers and validated", async () => {
    const viewer = await userWithToken(setup.stack.prisma, "viewer");
    expect((await viewer.api.post(`/restapis/${apiId}/resources/${resourceId}/cors`, { allowOrigins: "*", allowMethods: ["GET"] })).status).toBe(403);
    const bad = await api.post(`/restapis/${apiId}/resources/${resourceId}/cors`, { allowOrigins: [], allowMethods: [] });
    expect(bad.status).toBe(400);
    expect((await api.post(`/restapis/${apiId}/resources/missing/cors`, { allowOrigins: "*", allowMethods: ["GET"] })).status).toBe(404);
  });

  it("creates the OPTIONS method, maps Allow-Origin on GET, explains the proxy POST and customizes DEFAULT_4XX/5XX", async () => {
    const res = await api.post<TEnableCorsResult>(`/restapis/${apiId}/resources/${resourceId}/cors`, {
      allowOrigins: ["https://app.example.com", "https://admin.example.com"],
      allowMethods: ["GET", "POST"],
      allowHeaders: ["Content-Type", "Authorization"],
      maxAgeSeconds: 300,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    result = res.body;
    expect(result.changes.map((c) => [c.target, c.action])).toEqual([
      ["OPTIONS /pets", "created"],
      ["GET /pets", "updated"],
      ["POST /pets", "skipped"],
      ["DEFAULT_4XX", "created"],
      ["DEFAULT_5XX", "created"],
    ]);
    expect(result.notes.join("\n")).toContain("https://admin.example.com");
    expect(result.notes.join("\n")).toContain("backend must send Access-Control-Allow-Origin");

    const M = `/restapis/${apiId}/resources/${resourceId}/methods`;
    const options = (await api.get(`${M}/OPTIONS`)).body;
    expect(options.authorizationType).toBe("NONE");
    const ir = (await api.get(`${M}/OPTIONS/integration/responses/200`)).body;
    expect(ir.responseParameters).toMatchObject({
      "method.response.header.Access-Control-Allow-Origin": "'https://app.example.com'",
      "method.response.header.Access-Control-Allow-Methods": "'GET,POST,OPTIONS'",
      "method.response.header.Access-Control-Allow-Headers": "'Content-Type,Authorization'",
      "method.response.header.Access-Control-Max-Age": "'300'",
    });
    expect((await api.get(`${M}/GET/responses/200`)).body.responseParameters).toEqual({ "method.response.header.Access-Control-Allow-Origin": false });
    const gr = (await api.get(`/restapis/${apiId}/gatewayresponses/DEFAULT_4XX`)).body;
    expect(gr.responseParameters).toMatchObject({ "gatewayresponse.header.Access-Control-Allow-Origin": "'https://app.example.com'" });

    // Applying it again updates rather than duplicates.
    const again = await api.post<TEnableCorsResult>(`/restapis/${apiId}/resources/${resourceId}/cors`, { allowOrigins: "*", allowMethods: ["GET"] });
    expect(again.status).toBe(200);
    expect(again.body.changes[0]).toMatchObject({ target: "OPTIONS /pets", action: "updated" });
  });

  it("after a deploy: preflight, GET and a gateway 403 carry the headers", async () => {
    expect((await api.post(`/restapis/${apiId}/deployments`, { stageName: "prod" })).status).toBe(201);
    const preflight = await waitFor(async () => {
      const r = await setup.stack.gateway.request("/prod/pets", {
        apiId,
        method: "OPTIONS",
        headers: { Origin: "https://app.example.com", "Access-Control-Request-Method": "GET" },
      });
      return r.status === 200 ? r : undefined;
    });
    expect(preflight.headers["access-control-allow-origin"]).toBe("*");
    expect(preflight.headers["access-control-allow-methods"]).toBe("GET,OPTIONS");
    expect(preflight.headers["access-control-allow-headers"]).toBe("Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token");

    const get = await setup.stack.gateway.request("/prod/pets", { apiId, headers: { Origin: "https://app.example.com" } });
    expect(get.status).toBe(200);
    expect(get.headers["access-control-allow-origin"]).toBe("*");

    const unknown = await setup.stack.gateway.request("/prod/nothing-here", { apiId });
    expect(unknown.status).toBe(403);
    expect(unknown.headers["access-control-allow-origin"]).toBe("*");
    expect(unknown.headers["access-control-allow-headers"]).toBeDefined();
  });
});
