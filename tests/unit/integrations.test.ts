import { describe, expect, it } from "vitest";
import { GatewayError } from "../../gateway/errors";
import { expandUri } from "../../gateway/integrations/http-proxy";
import { mockIntegration } from "../../gateway/integrations/mock";
import type { TDeployedIntegration } from "../../lib/snapshot";

type Mock = Extract<TDeployedIntegration, { type: "MOCK" }>;

const mock = (requestTemplate: string | undefined, responses: Mock["responses"]): Mock => ({
  type: "MOCK",
  timeoutMs: 29000,
  requestTemplates: requestTemplate === undefined ? {} : { "application/json": requestTemplate },
  responses,
});

const response = (statusCode: string, selectionPattern: string | null, body: string, params: Record<string, string> = {}) => ({
  statusCode,
  selectionPattern,
  responseTemplates: { "application/json": body },
  responseParameters: params,
});

describe("mockIntegration", () => {
  const responses = [
    response("200", null, '{"ok":true}', { "method.response.header.X-Mock": "'yes'", "method.response.header.X-Dynamic": "method.request.header.x" }),
    response("404", "40\\d", '{"ok":false}'),
  ];

  it("answers with the default integration response and its literal header mappings", async () => {
    const result = await mockIntegration(null, mock('{"statusCode": 200}', responses));
    expect(result.statusCode).toBe(200);
    expect(result.body.toString()).toBe('{"ok":true}');
    expect(result.headers).toEqual([
      ["Content-Type", "application/json"],
      ["X-Mock", "yes"],
    ]);
  });

  it("selects the integration response whose pattern matches the requested status", async () => {
    const result = await mockIntegration(null, mock('{"statusCode": 404}', responses));
    expect(result.statusCode).toBe(404);
    expect(result.body.toString()).toBe('{"ok":false}');
  });

  it("treats a missing or unreadable request template as status 200", async () => {
    expect((await mockIntegration(null, mock(undefined, responses))).statusCode).toBe(200);
    expect((await mockIntegration(null, mock("not json", responses))).statusCode).toBe(200);
  });

  it("is a configuration error without any integration response", async () => {
    await expect(mockIntegration(null, mock('{"statusCode": 200}', []))).rejects.toMatchObject({
      type: "API_CONFIGURATION_ERROR",
      status: 500,
    });
    await expect(mockIntegration(null, mock("{}", []))).rejects.toBeInstanceOf(GatewayError);
  });
});

describe("expandUri", () => {
  it("substitutes path parameters, encoding each segment of a greedy one", () => {
    expect(expandUri("http://h/items/{id}/{proxy+}", { id: "a b", proxy: "x/y?z" }, {})).toBe("http://h/items/a%20b/x/y%3Fz");
    expect(expandUri("http://h/{proxy}", { proxy: "p/q" }, {})).toBe("http://h/p/q");
  });

  it("substitutes stage variables, missing ones as empty", () => {
    expect(expandUri("http://${stageVariables.host}/v${stageVariables.none}/x", {}, { host: "backend:8080" })).toBe(
      "http://backend:8080/v/x",
    );
  });

  it("leaves unknown path parameters untouched", () => {
    expect(expandUri("http://h/{missing}", {}, {})).toBe("http://h/{missing}");
  });
});
