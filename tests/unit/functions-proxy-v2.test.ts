import { describe, expect, it } from "vitest";
import { buildProxyEventV2 } from "../../lib/lambda/proxy-event-v2";
import { parseProxyResponseV2 } from "../../lib/lambda/proxy-response-v2";

const request = (over: Partial<Parameters<typeof buildProxyEventV2>[0]> = {}) => ({
  httpMethod: "POST",
  path: "/users/7",
  rawQuery: "a=1&a=2&b=x%20y",
  headerPairs: [
    ["Content-Type", "application/json"],
    ["X-Multi", "one"],
    ["x-multi", "two"],
    ["User-Agent", "curl/8"],
    ["Cookie", "s=1; theme=dark"],
  ] as Array<[string, string]>,
  body: Buffer.from('{"hi":1}'),
  sourceIp: "127.0.0.1",
  protocol: "HTTP/1.1",
  domainName: "abc123.execute-api.localhost",
  ...over,
});
const context = {
  accountId: "000000000000",
  apiId: "abc123",
  stage: "$default",
  routeKey: "POST /users/{id}",
  requestId: "req-1",
  requestTimeEpoch: Date.UTC(2020, 2, 4, 19, 15, 17),
  pathParameters: { id: "7" },
  stageVariables: {},
};

describe("buildProxyEventV2", () => {
  it("builds AWS's 2.0 event: lowercased, comma-joined headers and query, cookies apart", () => {
    const event = buildProxyEventV2(request(), context);
    expect(event).toEqual({
      version: "2.0",
      routeKey: "POST /users/{id}",
      rawPath: "/users/7",
      rawQueryString: "a=1&a=2&b=x%20y",
      cookies: ["s=1", "theme=dark"],
      headers: { "content-type": "application/json", "x-multi": "one,two", "user-agent": "curl/8" },
      queryStringParameters: { a: "1,2", b: "x y" },
      pathParameters: { id: "7" },
      requestContext: {
        accountId: "000000000000",
        apiId: "abc123",
        domainName: "abc123.execute-api.localhost",
        domainPrefix: "abc123",
        http: { method: "POST", path: "/users/7", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "curl/8" },
        requestId: "req-1",
        routeKey: "POST /users/{id}",
        stage: "$default",
        time: "04/Mar/2020:19:15:17 +0000",
        timeEpoch: context.requestTimeEpoch,
      },
      body: '{"hi":1}',
      isBase64Encoded: false,
    });
  });

  it("leaves out absent parts and base64-encodes a binary body", () => {
    const event = buildProxyEventV2(
      request({ rawQuery: "", headerPairs: [["Content-Type", "image/png"]], body: Buffer.from([0, 1, 2]) }),
      { ...context, pathParameters: {} },
    );
    expect(event.cookies).toBeUndefined();
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
    expect(event.stageVariables).toBeUndefined();
    expect(event).toMatchObject({ body: "AAEC", isBase64Encoded: true });
    expect(buildProxyEventV2(request({ body: null }), context).body).toBeUndefined();
  });
});

describe("parseProxyResponseV2", () => {
  it("turns cookies into set-cookie headers", () => {
    const result = parseProxyResponseV2({ statusCode: 201, headers: { "X-A": "b" }, cookies: ["a=1", "b=2; Secure"], body: "ok" });
    expect(result.statusCode).toBe(201);
    expect(result.headers).toEqual([
      ["X-A", "b"],
      ["set-cookie", "a=1"],
      ["set-cookie", "b=2; Secure"],
      ["content-type", "application/json"],
    ]);
    expect(result.body.toString()).toBe("ok");
  });

  it("treats JSON without statusCode as a 200 with that JSON as the body", () => {
    for (const output of [{ hello: "world" }, "text", 42, [1, 2], null]) {
      const result = parseProxyResponseV2(output);
      expect(result.statusCode).toBe(200);
      expect(result.headers).toEqual([["content-type", "application/json"]]);
      expect(result.body.toString()).toBe(JSON.stringify(output));
    }
  });

  it("decodes a base64 body", () => {
    expect(parseProxyResponseV2({ statusCode: 200, body: "aGk=", isBase64Encoded: true }).body.toString()).toBe("hi");
  });

  it.each([
    ["an invalid status", { statusCode: 1000 }],
    ["a non-string body", { statusCode: 200, body: { a: 1 } }],
    ["non-list cookies", { statusCode: 200, cookies: "a=1" }],
    ["an object header value", { statusCode: 200, headers: { a: {} } }],
  ])("answers 500 Internal Server Error for %s", (_, output) => {
    const result = parseProxyResponseV2(output);
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body.toString())).toEqual({ message: "Internal Server Error" });
  });
});
