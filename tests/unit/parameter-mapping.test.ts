import { describe, expect, it } from "vitest";
import { mapResponseHeaders, selectIntegrationResponse } from "../../gateway/mapping/integration-response";
import { mapRequestParameters } from "../../gateway/mapping/request-parameters";
import { parseRequestSource, parseResponseSource, pathParamsInUri, stageVariablesInUri } from "../../lib/mapping-expressions";
import { testRequestContext } from "../helpers/request-context";

describe("mapping expressions", () => {
  it.each([
    ["method.request.querystring.q", { kind: "request", location: "querystring", name: "q" }],
    ["method.request.multivalueheader.X-A", { kind: "request", location: "multivalueheader", name: "X-A" }],
    ["method.request.path.id", { kind: "request", location: "path", name: "id" }],
    ["method.request.body", { kind: "requestBody", path: [] }],
    ["method.request.body.a.b[0]", { kind: "requestBody", path: ["a", "b", "0"] }],
    ["'static value'", { kind: "static", value: "static value" }],
    ["''", { kind: "static", value: "" }],
    ["stageVariables.host", { kind: "stageVariable", name: "host" }],
    ["context.identity.sourceIp", { kind: "context", path: ["identity", "sourceIp"] }],
  ])("reads the request source %s", (expr, parsed) => {
    expect(parseRequestSource(expr)).toEqual(parsed);
  });

  it.each(["method.request.cookie.x", "integration.response.header.X", "stageVariables.", "'unclosed", "method.request.querystring.", "nonsense"])(
    "rejects %s as a request source",
    (expr) => expect(parseRequestSource(expr)).toBeNull(),
  );

  it("reads response sources", () => {
    expect(parseResponseSource("integration.response.header.X-Up")).toEqual({ kind: "response", location: "header", name: "X-Up" });
    expect(parseResponseSource("integration.response.body.token")).toEqual({ kind: "responseBody", path: ["token"] });
    expect(parseResponseSource("method.request.header.X")).toBeNull();
  });

  it("finds stage variables and path placeholders in URIs", () => {
    const uri = "http://${stageVariables.host}:${stageVariables.port}/a/{id}/{proxy+}";
    expect(stageVariablesInUri(uri)).toEqual(["host", "port"]);
    expect(pathParamsInUri(uri)).toEqual(["id", "proxy"]);
  });
});

describe("mapRequestParameters", () => {
  const ctx = testRequestContext({
    rawQuery: "q=first&q=last&sp=a+b%2B",
    headers: [
      ["X-Token", "one"],
      ["X-Token", "two"],
      ["x-lower", "l"],
    ],
    body: '{"user":{"id":42,"tags":["a"]}}',
    pathParameters: { id: "a%20b" },
    variables: { host: "backend" },
  });

  it("maps every kind of source into headers, query and path", () => {
    const mapped = mapRequestParameters(
      {
        "integration.request.header.X-Q": "method.request.querystring.q",
        "integration.request.header.X-All": "method.request.multivalueheader.X-Token",
        "integration.request.header.X-Static": "'fixed'",
        "integration.request.header.X-Var": "stageVariables.host",
        "integration.request.header.X-Req": "context.requestId",
        "integration.request.header.X-Ip": "context.identity.sourceIp",
        "integration.request.header.X-User": "method.request.body.user.id",
        "integration.request.header.X-Tags": "method.request.body.user.tags",
        "integration.request.querystring.qs": "method.request.multivaluequerystring.q",
        "integration.request.querystring.space": "method.request.querystring.sp",
        "integration.request.path.pid": "method.request.path.id",
      },
      ctx,
    );
    expect(mapped.headers).toEqual([
      ["X-Q", "last"],
      ["X-All", "one,two"],
      ["X-Static", "fixed"],
      ["X-Var", "backend"],
      ["X-Req", "req-1"],
      ["X-Ip", "10.1.2.3"],
      ["X-User", "42"],
      ["X-Tags", '["a"]'],
    ]);
    expect(mapped.query).toEqual([
      ["qs", "first"],
      ["qs", "last"],
      ["space", "a b+"],
    ]);
    expect(mapped.path).toEqual({ pid: "a%20b" });
  });

  it("matches header names case-sensitively and leaves out empty or missing values", () => {
    const mapped = mapRequestParameters(
      {
        "integration.request.header.A": "method.request.header.X-LOWER",
        "integration.request.header.B": "method.request.header.x-lower",
        "integration.request.header.C": "stageVariables.missing",
        "integration.request.header.D": "''",
        "integration.request.querystring.e": "method.request.querystring.nope",
      },
      ctx,
    );
    expect(mapped).toEqual({ headers: [["B", "l"]], query: [], path: {} });
  });

  it("answers 400 when a body path is mapped from a body that is not JSON", () => {
    const bad = testRequestContext({ body: "{not json" });
    expect(() => mapRequestParameters({ "integration.request.header.X": "method.request.body.a" }, bad)).toThrow(/Invalid JSON/);
  });
});

describe("integration responses", () => {
  const r = (statusCode: string, selectionPattern: string | null) => ({ statusCode, selectionPattern, responseTemplates: {}, responseParameters: {}, contentHandling: null });
  const responses = [r("200", null), r("400", "4\\d{2}"), r("502", "5.*")];

  it.each([
    ["200", "200"],
    ["201", "200"],
    ["404", "400"],
    ["503", "502"],
    ["4000", "200"],
  ])("backend %s selects the %s response (whole-value match, default otherwise)", (status, chosen) => {
    expect(selectIntegrationResponse(responses, status)?.statusCode).toBe(chosen);
  });

  it("has no response when nothing matches and there is no default", () => {
    expect(selectIntegrationResponse([r("400", "4\\d{2}")], "200")).toBeUndefined();
  });

  it("maps method response headers from backend headers (any case), body, statics and context", () => {
    const headers = mapResponseHeaders(
      {
        "method.response.header.X-Up": "integration.response.header.x-upstream",
        "method.response.header.X-Multi": "integration.response.multivalueheader.Set-Thing",
        "method.response.header.X-Token": "integration.response.body.auth.token",
        "method.response.header.X-Static": "'s'",
        "method.response.header.X-Stage": "context.stage",
        "method.response.header.X-None": "integration.response.header.Missing",
      },
      {
        headers: [
          ["X-Upstream", "up"],
          ["set-thing", "1"],
          ["Set-Thing", "2"],
        ],
        body: Buffer.from('{"auth":{"token":"t0k"}}'),
      },
      testRequestContext(),
    );
    expect(headers).toEqual([
      ["X-Up", "up"],
      ["X-Multi", "1,2"],
      ["X-Token", "t0k"],
      ["X-Static", "s"],
      ["X-Stage", "test"],
    ]);
  });
});
