import { describe, expect, it } from "vitest";
import { GATEWAY_RESPONSE_TYPES, GatewayError, lambdaProxyFailure, type GatewayResponseType } from "../../gateway/errors";
import { renderError } from "../../gateway/pipeline/render-error";

describe("gateway error catalog", () => {
  it.each<[GatewayResponseType, number, string, string]>([
    ["MISSING_AUTHENTICATION_TOKEN", 403, "Missing Authentication Token", "MissingAuthenticationTokenException"],
    ["ACCESS_DENIED", 403, "Forbidden", "ForbiddenException"],
    ["REQUEST_TOO_LARGE", 413, "Request Too Long", "RequestTooLargeException"],
    ["INTEGRATION_TIMEOUT", 504, "Endpoint request timed out", "InternalServerErrorException"],
    ["INTEGRATION_FAILURE", 504, "Internal server error", "InternalServerErrorException"],
    ["API_CONFIGURATION_ERROR", 500, "Internal server error", "InternalServerErrorException"],
    ["THROTTLED", 429, "Too Many Requests", "TooManyRequestsException"],
  ])("%s renders as %i %s", (type, status, message, errorType) => {
    const { result } = renderError(new GatewayError(type));
    expect(result.statusCode).toBe(status);
    expect(JSON.parse(result.body.toString())).toEqual({ message });
    expect(result.headers).toEqual([
      ["Content-Type", "application/json"],
      ["x-amzn-ErrorType", errorType],
    ]);
  });

  it("every entry has a status, a message and an error type", () => {
    for (const [type, def] of Object.entries(GATEWAY_RESPONSE_TYPES)) {
      if (def.status !== null) expect(def.status, type).toBeGreaterThanOrEqual(400);
      expect(def.message, type).not.toBe("");
      expect(def.errorType, type).toMatch(/Exception$/);
    }
  });

  it("renders a function failure as 502 Internal server error, keeping the reason for the log", () => {
    const { result, logMessage } = renderError(lambdaProxyFailure("Malformed Lambda proxy response"));
    expect(result.statusCode).toBe(502);
    expect(JSON.parse(result.body.toString())).toEqual({ message: "Internal server error" });
    expect(logMessage).toBe("Malformed Lambda proxy response");
  });

  it("renders an unexpected error as a 500 without leaking its message", () => {
    const { result, logMessage } = renderError(new Error("secret detail"));
    expect(result.statusCode).toBe(500);
    expect(result.body.toString()).toBe('{"message":"Internal server error"}');
    expect(logMessage).toContain("secret detail");
  });
});
