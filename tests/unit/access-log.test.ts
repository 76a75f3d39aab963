import { describe, expect, it } from "vitest";
import { accessLogVariables, formatAccessEntry, formatAccessLog } from "../../gateway/logging/access-log";
import { GatewayError } from "../../gateway/errors";
import { testRequestContext } from "../helpers/request-context";

/** A fixed request: GET /items/1 on stage test, answered 200 with 17 bytes after 42 ms. */
function fixed(over: { status?: number; failure?: unknown } = {}) {
  const ctx = testRequestContext({ headers: [["User-Agent", "curl/8.0"]], pathParameters: { id: "1" } });
  ctx.identity = { apiKeyId: "key123", apiKey: "secret-value-not-logged" } as never;
  ctx.integration = { latencyMs: 12.4, status: 201 };
  if (over.failure) ctx.failure = over.failure;
  return accessLogVariables({ ctx, status: over.status ?? 200, responseLength: 17, responseLatency: 42 });
}

describe("access log formatter", () => {
  it("writes AWS's CLF line", () => {
    expect(formatAccessLog("CLF", fixed())).toBe('10.1.2.3 - - [04/Mar/2020:19:15:17 +0000] "GET /items/{id} HTTP/1.1" 200 17 req-1 Abc1De2FGhI=');
  });

  it("writes AWS's JSON fields, valid JSON", () => {
    const line = formatAccessLog("JSON", fixed());
    expect(line).toBe(
      '{ "requestId":"req-1", "extendedRequestId":"Abc1De2FGhI=", "ip": "10.1.2.3", "caller":"-", "user":"-", "requestTime":"04/Mar/2020:19:15:17 +0000", "httpMethod":"GET", "resourcePath":"/items/{id}", "status":"200", "protocol":"HTTP/1.1", "responseLength":"17" }',
    );
    expect(JSON.parse(line)).toMatchObject({ requestId: "req-1", status: "200" });
  });

  it("substitutes a custom template, access-log-only variables included, - for missing ones", () => {
    const format =
      "$context.requestId $context.status $context.responseLatency $context.responseLength $context.integrationLatency $context.integration.status $context.identity.apiKeyId $context.error.message ${context.stage}.";
    expect(formatAccessLog(format, fixed())).toBe("req-1 200 42 17 12.4 201 key123 - test.");
  });

  it("puts the error message and escapes values inside a JSON template", () => {
    const failure = new GatewayError("MISSING_AUTHENTICATION_TOKEN");
    const line = formatAccessLog('{"id":"$context.requestId","error":"$context.error.message","type":"$context.error.responseType","ua":"$context.identity.userAgent"}', fixed({ status: 403, failure }));
    expect(JSON.parse(line)).toEqual({ id: "req-1", error: "Missing Authentication Token", type: "MISSING_AUTHENTICATION_TOKEN", ua: "curl/8.0" });
  });

  it("keeps an entry on one line", () => {
    expect(formatAccessLog("a\n$context.requestId\r\nb", fixed())).toBe("a req-1 b");
  });
});

describe("access log entry of a request", () => {
  it("reads the common variables directly, with the same output as the full $context", () => {
    const ctx = testRequestContext({ headers: [["User-Agent", "curl/8.0"]] });
    ctx.integration = { latencyMs: 3, status: 502, error: "upstream failed" };
    ctx.failure = new GatewayError("INTEGRATION_FAILURE");
    const input = { ctx, status: 504, responseLength: 36, responseLatency: 7 };
    const custom = "$context.requestId $context.integration.error $context.error.message $context.error.responseType $context.identity.userAgent $context.domainPrefix $context.isCanaryRequest";
    for (const format of ["CLF", "JSON", custom]) expect(formatAccessEntry(format, input)).toBe(formatAccessLog(format, accessLogVariables(input)));
    expect(formatAccessEntry(custom, input)).toBe("req-1 upstream failed Internal server error INTEGRATION_FAILURE curl/8.0 abcdefghij false");
  });
});
