import { describe, expect, it } from "vitest";
import {
  buildProxyEventV1,
  formatRequestTime,
  type IncomingRequestFacts,
  type ProxyEventV1Context,
} from "../../lib/lambda/proxy-event-v1";

const EPOCH = Date.UTC(2020, 2, 4, 19, 15, 17, 123); // 04/Mar/2020:19:15:17

const request = (over: Partial<IncomingRequestFacts> = {}): IncomingRequestFacts => ({
  httpMethod: "GET",
  path: "/users/42",
  rawQuery: "",
  headerPairs: [],
  body: null,
  sourceIp: "127.0.0.1",
  protocol: "HTTP/1.1",
  domainName: "abcdefghij.execute-api.localhost",
  ...over,
});

const context = (over: Partial<ProxyEventV1Context> = {}): ProxyEventV1Context => ({
  accountId: "000000000000",
  apiId: "abcdefghij",
  stage: "dev",
  deploymentId: "dep1234567",
  resourceId: "res1234567",
  resourcePath: "/users/{id}",
  requestId: "req-1",
  extendedRequestId: "Abc1De2FGhI=",
  requestTimeEpoch: EPOCH,
  pathParameters: { id: "42" },
  stageVariables: { env: "test" },
  binaryMediaTypes: [],
  ...over,
});

describe("buildProxyEventV1", () => {
  it("fills the top-level fields and requestContext as API Gateway does", () => {
    const event = buildProxyEventV1(
      request({ headerPairs: [["User-Agent", "ua/1"], ["Accept", "*/*"]], rawQuery: "a=1" }),
      context(),
    );
    expect(Object.keys(event).sort()).toEqual(
      [
        "body",
        "headers",
        "httpMethod",
        "isBase64Encoded",
        "multiValueHeaders",
        "multiValueQueryStringParameters",
        "path",
        "pathParameters",
        "queryStringParameters",
        "requestContext",
        "resource",
        "stageVariables",
      ].sort(),
    );
    expect(event).toMatchObject({
      resource: "/users/{id}",
      path: "/users/42",
      httpMethod: "GET",
      headers: { "User-Agent": "ua/1", Accept: "*/*" },
      multiValueHeaders: { "User-Agent": ["ua/1"], Accept: ["*/*"] },
      queryStringParameters: { a: "1" },
      pathParameters: { id: "42" },
      stageVariables: { env: "test" },
      body: null,
      isBase64Encoded: false,
    });
    expect(event.requestContext).toMatchObject({
      resourceId: "res1234567",
      resourcePath: "/users/{id}",
      httpMethod: "GET",
      extendedRequestId: "Abc1De2FGhI=",
      requestTime: "04/Mar/2020:19:15:17 +0000",
      requestTimeEpoch: EPOCH,
      path: "/dev/users/42",
      accountId: "000000000000",
      protocol: "HTTP/1.1",
      stage: "dev",
      domainPrefix: "abcdefghij",
      domainName: "abcdefghij.execute-api.localhost",
      requestId: "req-1",
      deploymentId: "dep1234567",
      apiId: "abcdefghij",
    });
    expect(event.requestContext.identity).toMatchObject({ sourceIp: "127.0.0.1", userAgent: "ua/1", caller: null });
  });

  it("uses null for absent maps and body", () => {
    const event = buildProxyEventV1(request(), context({ pathParameters: {}, stageVariables: {} }));
    expect(event.headers).toBeNull();
    expect(event.multiValueHeaders).toBeNull();
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
    expect(event.pathParameters).toBeNull();
    expect(event.stageVariables).toBeNull();
    expect(event.body).toBeNull();
    expect((event.requestContext.identity as { userAgent: unknown }).userAgent).toBeNull();
  });

  it("keeps the last repeated query value and all of them in the multi-value map", () => {
    const event = buildProxyEventV1(request({ rawQuery: "a=1&b=x&a=2" }), context());
    expect(event.queryStringParameters).toEqual({ a: "2", b: "x" });
    expect(event.multiValueQueryStringParameters).toEqual({ a: ["1", "2"], b: ["x"] });
  });

  it("form-decodes query strings and also splits on `;`", () => {
    const event = buildProxyEventV1(request({ rawQuery: "q=a+b&plus=%2B&name%20x=y;flag" }), context());
    expect(event.queryStringParameters).toEqual({ q: "a b", plus: "+", "name x": "y", flag: "" });
  });

  it("keeps the raw path undecoded", () => {
    const event = buildProxyEventV1(request({ path: "/a%2Bb/c+d" }), context());
    expect(event.path).toBe("/a%2Bb/c+d");
  });

  it("takes requestContext.path as sent when given (`//` after the stage kept there, collapsed in `path`)", () => {
    const event = buildProxyEventV1(request({ path: "/proxy-value" }), context({ stagePath: "/dev//proxy-value" }));
    expect(event.path).toBe("/proxy-value");
    expect(event.requestContext.path).toBe("/dev//proxy-value");
  });

  it("drops the headers API Gateway does not pass on and keeps client casing for the rest", () => {
    const event = buildProxyEventV1(
      request({
        headerPairs: [
          ["Connection", "keep-alive"],
          ["Content-Length", "3"],
          ["Expect", "100-continue"],
          ["TE", "trailers"],
          ["Transfer-Encoding", "chunked"],
          ["X-Custom", "one"],
          ["X-Custom", "two"],
          ["authorization", "Bearer t"],
        ],
      }),
      context(),
    );
    expect(event.headers).toEqual({ "X-Custom": "two", authorization: "Bearer t" });
    expect(event.multiValueHeaders).toEqual({ "X-Custom": ["one", "two"], authorization: ["Bearer t"] });
  });

  it("passes a text body as UTF-8 and a binary media type as base64", () => {
    const text = buildProxyEventV1(
      request({ httpMethod: "POST", body: Buffer.from("héllo"), headerPairs: [["Content-Type", "text/plain"]] }),
      context({ binaryMediaTypes: ["image/*"] }),
    );
    expect(text.body).toBe("héllo");
    expect(text.isBase64Encoded).toBe(false);

    const bytes = Buffer.from([0, 1, 2, 255]);
    const binary = buildProxyEventV1(
      request({ httpMethod: "POST", body: bytes, headerPairs: [["Content-Type", "image/png; q=1"]] }),
      context({ binaryMediaTypes: ["image/*"] }),
    );
    expect(binary.body).toBe(bytes.toString("base64"));
    expect(binary.isBase64Encoded).toBe(true);
  });
});

describe("formatRequestTime", () => {
  it("formats as dd/Mon/yyyy:HH:mm:ss +0000 in UTC", () => {
    expect(formatRequestTime(EPOCH)).toBe("04/Mar/2020:19:15:17 +0000");
    expect(formatRequestTime(Date.UTC(2021, 11, 31, 3, 4, 5))).toBe("31/Dec/2021:03:04:05 +0000");
  });

  it("gives every millisecond of a second that second's text, and the next second its own (it keeps the last one)", () => {
    expect(formatRequestTime(EPOCH + 500)).toBe("04/Mar/2020:19:15:17 +0000");
    expect(formatRequestTime(EPOCH + 877)).toBe("04/Mar/2020:19:15:18 +0000");
    expect(formatRequestTime(EPOCH - 124)).toBe("04/Mar/2020:19:15:16 +0000");
    expect(formatRequestTime(EPOCH)).toBe("04/Mar/2020:19:15:17 +0000");
  });
});
