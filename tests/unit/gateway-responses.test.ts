import { describe, expect, it } from "vitest";
import { GatewayError } from "../../gateway/errors";
import { renderError } from "../../gateway/pipeline/render-error";
import { validateStage } from "../../gateway/pipeline/validate";
import { GATEWAY_RESPONSE_DEFAULTS } from "../../lib/gateway-responses";
import type { TDeployedGatewayResponse } from "../../lib/snapshot";
import { testMethod, testRequestContext } from "../helpers/request-context";

const custom = (over: Partial<TDeployedGatewayResponse>): TDeployedGatewayResponse => ({
  statusCode: null,
  responseParameters: {},
  responseTemplates: {},
  ...over,
});

const header = (headers: Array<[string, string]>, name: string) => headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

describe("gateway responses", () => {
  it("lists every AWS type with a default status (DEFAULT_4XX/5XX have none)", () => {
    expect(Object.keys(GATEWAY_RESPONSE_DEFAULTS)).toEqual(
      expect.arrayContaining(["MISSING_AUTHENTICATION_TOKEN", "THROTTLED", "QUOTA_EXCEEDED", "INVALID_API_KEY", "UNAUTHORIZED", "ACCESS_DENIED", "BAD_REQUEST_BODY", "BAD_REQUEST_PARAMETERS", "INTEGRATION_TIMEOUT", "INTEGRATION_FAILURE", "DEFAULT_4XX", "DEFAULT_5XX"]),
    );
    expect(GATEWAY_RESPONSE_DEFAULTS.DEFAULT_4XX.status).toBeNull();
    expect(GATEWAY_RESPONSE_DEFAULTS.QUOTA_EXCEEDED).toMatchObject({ status: 429, message: "Limit Exceeded" });
    expect(GATEWAY_RESPONSE_DEFAULTS.UNAUTHORIZED).toMatchObject({ status: 401, message: "Unauthorized" });
  });

  it("applies DEFAULT_4XX's headers and status to a 4xx type without its own customization", () => {
    const ctx = testRequestContext({
      snapshot: { gatewayResponses: { DEFAULT_4XX: custom({ statusCode: "400", responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'*'" } }) } },
    });
    const { result } = renderError(new GatewayError("MISSING_AUTHENTICATION_TOKEN"), ctx);
    expect(result.statusCode).toBe(400);
    expect(header(result.headers, "Access-Control-Allow-Origin")).toBe("*");
    expect(header(result.headers, "x-amzn-ErrorType")).toBe("MissingAuthenticationTokenException");
    expect(JSON.parse(result.body.toString())).toEqual({ message: "Missing Authentication Token" });
  });

  it("does not apply DEFAULT_4XX to 5xx types", () => {
    const ctx = testRequestContext({ snapshot: { gatewayResponses: { DEFAULT_4XX: custom({ responseParameters: { "gatewayresponse.header.X-A": "'a'" } }) } } });
    const { result } = renderError(new GatewayError("INTEGRATION_TIMEOUT"), ctx);
    expect(result.statusCode).toBe(504);
    expect(header(result.headers, "X-A")).toBeUndefined();
  });

  it("renders a body template with $context and $stageVariables, headers from the request", () => {
    const ctx = testRequestContext({
      headers: [["X-Trace", "t-1"]],
      variables: { env: "prod" },
      snapshot: {
        gatewayResponses: {
          THROTTLED: custom({
            statusCode: "503",
            responseParameters: { "gatewayresponse.header.X-Trace": "method.request.header.x-trace", "gatewayresponse.header.X-Stage": "stageVariables.env" },
            responseTemplates: { "application/json": '{"msg":$context.error.messageString,"id":"$context.requestId","env":"${stageVariables.env}","nope":"$context.nothing"}' },
          }),
        },
      },
    });
    const { result } = renderError(new GatewayError("THROTTLED"), ctx);
    expect(result.statusCode).toBe(503);
    expect(header(result.headers, "X-Trace")).toBe("t-1");
    expect(header(result.headers, "X-Stage")).toBe("prod");
    expect(JSON.parse(result.body.toString())).toEqual({ msg: "Too Many Requests", id: "req-1", env: "prod", nope: "" });
  });

  it("reads a `}` right after a bare $context reference as the template's own (AWS's default template shape)", () => {
    const ctx = testRequestContext({
      snapshot: { gatewayResponses: { THROTTLED: custom({ statusCode: "429", responseTemplates: { "application/json": '{"message":$context.error.messageString}' } }) } },
    });
    const { result } = renderError(new GatewayError("THROTTLED"), ctx);
    expect(JSON.parse(result.body.toString())).toEqual({ message: "Too Many Requests" });
  });

  it("never customizes REQUEST_TOO_LARGE", () => {
    const ctx = testRequestContext({ snapshot: { gatewayResponses: { DEFAULT_4XX: custom({ statusCode: "400" }) } } });
    expect(renderError(new GatewayError("REQUEST_TOO_LARGE"), ctx).result.statusCode).toBe(413);
  });
});

describe("request validator", () => {
  const validated = (over: Parameters<typeof testMethod>[0] = {}) =>
    testMethod({
      httpMethod: "POST",
      requestValidator: { name: "all", validateRequestBody: true, validateRequestParameters: true },
      requestParameters: { "method.request.querystring.q": true, "method.request.header.X-Key": true, "method.request.querystring.opt": false },
      requestModels: { "application/json": "Thing" },
      ...over,
    });
  const models = { Thing: { contentType: "application/json", schema: JSON.stringify({ type: "object", required: ["id"], properties: { id: { type: "integer" } } }) } };

  it("names every missing required parameter", () => {
    const ctx = testRequestContext({ routeMethod: validated(), snapshot: { models }, body: '{"id":1}' });
    expect(() => validateStage(ctx)).toThrow(expect.objectContaining({ type: "BAD_REQUEST_PARAMETERS", message: "Missing required request parameters: [q, X-Key]" }));
  });

  it("checks the body against the model for its content type", () => {
    const ctx = testRequestContext({ routeMethod: validated(), snapshot: { models }, rawQuery: "q=1", headers: [["x-key", "k"]], body: '{"id":"one"}' });
    expect(() => validateStage(ctx)).toThrow(
      expect.objectContaining({ type: "BAD_REQUEST_BODY", message: "Invalid request body", validationErrorString: expect.stringContaining("instance type (string)") }),
    );
    const good = testRequestContext({ routeMethod: validated(), snapshot: { models }, rawQuery: "q=1", headers: [["x-key", "k"]], body: '{"id":1}' });
    expect(() => validateStage(good)).not.toThrow();
  });

  it("validates only what the validator asks for", () => {
    const bodyOnly = validated({ requestValidator: { name: "b", validateRequestBody: true, validateRequestParameters: false } });
    expect(() => validateStage(testRequestContext({ routeMethod: bodyOnly, snapshot: { models }, body: '{"id":2}' }))).not.toThrow();
    const none = validated({ requestValidator: null });
    expect(() => validateStage(testRequestContext({ routeMethod: none, snapshot: { models }, body: "junk" }))).not.toThrow();
  });
});
