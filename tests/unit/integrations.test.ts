import { describe, expect, it } from "vitest";
import { GatewayError } from "../../gateway/errors";
import { expandUri } from "../../gateway/integrations/upstream";
import { mockIntegration } from "../../gateway/integrations/mock";
import type { TDeployedIntegration } from "../../lib/snapshot";
import { testMethod, testRequestContext } from "../helpers/request-context";

type Mock = Extract<TDeployedIntegration, { type: "MOCK" }>;

const mock = (requestTemplate: string | undefined, responses: Mock["responses"]): Mock => ({
  type: "MOCK",
  timeoutMs: 29000,
  requestTemplates: requestTemplate === undefined ? {} : { "application/json": requestTemplate },
  passthroughBehavior: "WHEN_NO_MATCH",
  contentHandling: null,
  responses,
});

const response = (statusCode: string, selectionPattern: string | null, body: string, params: Record<string, string> = {}) => ({
  statusCode,
  selectionPattern,
  responseTemplates: { "application/json": body },
  responseParameters: params,
  contentHandling: null,
});

/** Runs a MOCK with a method that declares `methodResponses` (undefined: a format-1 method, no check). */
const run = (integration: Mock, methodResponses: string[] | undefined = ["200", "404"], formatVersion: 2 | 3 = 3) =>
  mockIntegration(
    testRequestContext({
      formatVersion,
      routeMethod: testMethod({ integration, methodResponses: methodResponses?.map((statusCode) => ({ statusCode, responseParameters: {} })) }),
    }),
    integration,
  );

describe("mockIntegration", () => {
  const responses = [
    response("200", null, '{"ok":true}', { "method.response.header.X-Mock": "'yes'", "method.response.header.X-Dynamic": "context.requestId" }),
    response("404", "40\\d", '{"ok":false}'),
  ];

  it("answers with the default integration response and its header mappings", async () => {
    const result = await run(mock('{"statusCode": 200}', responses));
    expect(result.statusCode).toBe(200);
    expect(result.body.toString()).toBe('{"ok":true}');
    expect(result.headers).toEqual([
      ["Content-Type", "application/json"],
      ["X-Mock", "yes"],
      ["X-Dynamic", "req-1"],
    ]);
  });

  it("selects the integration response whose pattern matches the requested status", async () => {
    const result = await run(mock('{"statusCode": 404}', responses));
    expect(result.statusCode).toBe(404);
    expect(result.body.toString()).toBe('{"ok":false}');
  });

  it("treats a missing request template (and no body) as status 200", async () => {
    expect((await run(mock(undefined, responses))).statusCode).toBe(200);
  });

  it("is a configuration error when the mapped request has no readable statusCode", async () => {
    await expect(run(mock("not json", responses))).rejects.toMatchObject({ type: "API_CONFIGURATION_ERROR", logMessage: expect.stringContaining("Unable to parse statusCode") });
  });

  it("reads CDK's unquoted `{statusCode: 200}` as AWS does", async () => {
    expect((await run(mock("{statusCode: 404}", responses))).statusCode).toBe(404);
    expect((await run(mock("{ 'statusCode': 200 }", responses))).statusCode).toBe(200);
  });

  it("renders the request template to find the status (format 3)", async () => {
    expect((await run(mock('#set($s = 400 + 4){"statusCode": $s}', responses))).statusCode).toBe(404);
  });

  it("reads format-2 templates as static text, an unreadable one meaning 200", async () => {
    expect((await run(mock("not json", responses), ["200", "404"], 2)).statusCode).toBe(200);
  });

  it("is a configuration error without any integration response", async () => {
    await expect(run(mock('{"statusCode": 200}', []))).rejects.toMatchObject({ type: "API_CONFIGURATION_ERROR", status: 500 });
    await expect(run(mock('{"statusCode": 200}', []))).rejects.toBeInstanceOf(GatewayError);
  });

  it("is a configuration error when the chosen status has no method response (format 2)", async () => {
    await expect(run(mock('{"statusCode": 404}', responses), ["200"])).rejects.toMatchObject({
      type: "API_CONFIGURATION_ERROR",
      logMessage: expect.stringContaining("invalid method response: 404"),
    });
  });

  it("does not check method responses for format-1 deployments", async () => {
    expect((await run(mock('{"statusCode": 404}', responses), undefined)).statusCode).toBe(404);
  });
});

describe("expandUri", () => {
  it("substitutes path parameters as sent, escaping only what a URL path cannot hold", () => {
    expect(expandUri("http://h/items/{id}/{proxy+}", { id: "a b", proxy: "x/y?z" }, {})).toBe("http://h/items/a%20b/x/y%3Fz");
    expect(expandUri("http://h/{proxy}", { proxy: "p/q" }, {})).toBe("http://h/p/q");
    expect(expandUri("http://h/{email}", { email: "test%2Balias@gmail.com" }, {})).toBe("http://h/test%2Balias@gmail.com");
  });

  it("substitutes stage variables, missing ones as empty", () => {
    expect(expandUri("http://${stageVariables.host}/v${stageVariables.none}/x", {}, { host: "backend:8080" })).toBe("http://backend:8080/v/x");
  });

  it("does not take ${stageVariables.x} for a path parameter", () => {
    expect(expandUri("http://${stageVariables.h}/{h}", { h: "param" }, { h: "var" })).toBe("http://var/param");
  });

  it("leaves unknown path parameters untouched", () => {
    expect(expandUri("http://h/{missing}", {}, {})).toBe("http://h/{missing}");
  });
});
