import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEFAULT_GATEWAY_RESPONSE_TEMPLATE, GATEWAY_RESPONSE_TYPE_NAMES } from "../../lib/gateway-responses";
import type { TGatewayResponse, TRestApi } from "../../lib/schemas/management";
import { setupManagement, userWithToken, type ManagementClient, type ManagementSetup } from "./management-harness";

/** Gateway responses (`/restapis/{id}/gatewayresponses`) through the route handlers. */

let setup: ManagementSetup;
let api: ManagementClient;

beforeAll(async () => {
  setup = await setupManagement(inject("pgServerUrl"));
  api = setup.api;
});
afterAll(() => setup?.close());

const fieldsOf = (body: { problems?: Array<{ field: string }> }) => (body.problems ?? []).map((p) => p.field);

async function newApi(name: string): Promise<TRestApi> {
  const res = await api.post("/restapis", { name });
  expect(res.status).toBe(201);
  return res.body;
}

describe("gateway responses", () => {
  it("lists every type with AWS's defaults", async () => {
    const a = await newApi("gr-list");
    const res = await api.get(`/restapis/${a.id}/gatewayresponses`);
    expect(res.status).toBe(200);
    const items = res.body.items as TGatewayResponse[];
    expect(items.map((i) => i.responseType)).toEqual(GATEWAY_RESPONSE_TYPE_NAMES);
    expect(items.every((i) => i.defaultResponse && i.version === null)).toBe(true);
    const byType = Object.fromEntries(items.map((i) => [i.responseType, i]));
    expect(byType.THROTTLED).toEqual({
      responseType: "THROTTLED",
      statusCode: "429",
      responseParameters: {},
      responseTemplates: { "application/json": DEFAULT_GATEWAY_RESPONSE_TEMPLATE },
      defaultResponse: true,
      version: null,
    });
    expect(byType.DEFAULT_4XX.statusCode).toBeNull();
    expect(byType.DEFAULT_5XX.statusCode).toBeNull();
    expect(byType.MISSING_AUTHENTICATION_TOKEN.statusCode).toBe("403");
    expect((await api.get(`/restapis/zzzzzzzzzz/gatewayresponses`)).status).toBe(404);
  });

  it("customizes, gets, replaces and resets a type", async () => {
    const a = await newApi("gr-crud");
    const url = `/restapis/${a.id}/gatewayresponses/UNAUTHORIZED`;
    expect((await api.get(url)).body).toMatchObject({ statusCode: "401", defaultResponse: true });

    const body = {
      statusCode: "401",
      responseParameters: {
        "gatewayresponse.header.Access-Control-Allow-Origin": "'*'",
        "gatewayresponse.header.X-Trace": "method.request.header.X-Trace",
        "gatewayresponse.header.X-Q": "method.request.querystring.q",
        "gatewayresponse.header.X-P": "method.request.path.id",
        "gatewayresponse.header.X-Stage": "stageVariables.env",
        "gatewayresponse.header.X-Request": "context.requestId",
      },
      responseTemplates: { "application/json": '{"msg": $context.error.messageString, "type": "$context.error.responseType"}' },
    };
    const created = await api.put(url, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({ responseType: "UNAUTHORIZED", ...body, defaultResponse: false, version: 1 });
    expect((await api.get(url)).body).toEqual(created.body);

    const replaced = await api.put(url, { responseTemplates: { "text/plain": "nope" } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toEqual({
      responseType: "UNAUTHORIZED",
      statusCode: "401",
      responseParameters: {},
      responseTemplates: { "text/plain": "nope" },
      defaultResponse: false,
      version: 2,
    });
    const list = (await api.get(`/restapis/${a.id}/gatewayresponses`)).body.items as TGatewayResponse[];
    expect(list.filter((i) => !i.defaultResponse).map((i) => i.responseType)).toEqual(["UNAUTHORIZED"]);

    expect((await api.delete(url)).status).toBe(204);
    expect((await api.get(url)).body).toMatchObject({ statusCode: "401", defaultResponse: true, version: null });
    expect(await setup.stack.prisma.gatewayResponse.count({ where: { restApiId: a.id } })).toBe(0);
    expect((await api.delete(url)).status).toBe(204);
  });

  it("customizes DEFAULT_4XX with a status", async () => {
    const a = await newApi("gr-default");
    const res = await api.put(`/restapis/${a.id}/gatewayresponses/DEFAULT_4XX`, { statusCode: "400" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ responseType: "DEFAULT_4XX", statusCode: "400", defaultResponse: false });
  });

  it("answers 404 for unknown types and 400 for REQUEST_TOO_LARGE and bad keys, values or status", async () => {
    const a = await newApi("gr-invalid");
    const base = `/restapis/${a.id}/gatewayresponses`;
    expect((await api.get(`${base}/NOT_A_TYPE`)).status).toBe(404);
    expect((await api.put(`${base}/NOT_A_TYPE`, {})).status).toBe(404);
    expect((await api.delete(`${base}/NOT_A_TYPE`)).status).toBe(404);

    const tooLarge = await api.put(`${base}/REQUEST_TOO_LARGE`, { statusCode: "400" });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.problems).toEqual([{ field: "responseType", message: "REQUEST_TOO_LARGE cannot be customized" }]);

    const badParams = await api.put(`${base}/THROTTLED`, {
      responseParameters: {
        "method.response.header.X": "'a'",
        "gatewayresponse.header.X-Body": "integration.response.body.x",
        "gatewayresponse.header.X-Ok": "'fine'",
      },
      responseTemplates: { "not a type": "x" },
    });
    expect(badParams.status).toBe(400);
    expect(badParams.body.code).toBe("validation-failed");
    expect(fieldsOf(badParams.body).sort()).toEqual([
      'responseParameters["gatewayresponse.header.X-Body"]',
      'responseParameters["method.response.header.X"]',
      'responseTemplates["not a type"]',
    ]);

    const badStatus = await api.put(`${base}/THROTTLED`, { statusCode: "99" });
    expect(badStatus.status).toBe(400);
    expect(fieldsOf(badStatus.body)).toEqual(["statusCode"]);
    expect(await setup.stack.prisma.gatewayResponse.count({ where: { restApiId: a.id } })).toBe(0);
  });

  it("needs edit permission to customize", async () => {
    const a = await newApi("gr-roles");
    const viewer = await userWithToken(setup.stack.prisma, "viewer");
    expect((await viewer.api.get(`/restapis/${a.id}/gatewayresponses`)).status).toBe(200);
    expect((await viewer.api.put(`/restapis/${a.id}/gatewayresponses/THROTTLED`, { statusCode: "503" })).status).toBe(403);
  });
});
