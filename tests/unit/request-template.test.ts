import { describe, expect, it } from "vitest";
import { mapRequestBody, mediaType } from "../../gateway/mapping/request-template";
import type { TDeployedIntegration } from "../../lib/snapshot";
import { testRequestContext } from "../helpers/request-context";

type Http = Extract<TDeployedIntegration, { type: "HTTP" }>;

const http = (over: Partial<Http> = {}): Http => ({
  type: "HTTP",
  httpMethod: "POST",
  uri: "http://127.0.0.1:1/x",
  timeoutMs: 29000,
  requestParameters: {},
  requestTemplates: {},
  passthroughBehavior: "WHEN_NO_MATCH",
  contentHandling: null,
  responses: [],
  ...over,
});

const ctx = (body: string | null, contentType?: string, binaryMediaTypes: string[] = []) =>
  testRequestContext({ method: "POST", body, headers: contentType ? [["Content-Type", contentType]] : [], snapshot: { binaryMediaTypes } });

describe("request mapping", () => {
  it("selects the template by media type, ignoring parameters; none means application/json", () => {
    expect(mediaType(ctx("x", "Text/Plain; charset=utf-8"))).toBe("text/plain");
    expect(mediaType(ctx("x"))).toBe("application/json");
    const integration = http({ requestTemplates: { "text/plain": "plain:$input.body", "application/json": "json:$input.json('$.a')" } });
    expect(mapRequestBody(ctx("hi", "text/plain; charset=utf-8"), integration).body?.toString()).toBe("plain:hi");
    expect(mapRequestBody(ctx('{"a":[1]}'), integration)).toMatchObject({ contentType: "application/json" });
    expect(mapRequestBody(ctx('{"a":[1]}'), integration).body?.toString()).toBe("json:[1]");
  });

  it("returns what the template sets in $context.requestOverride", () => {
    const integration = http({ requestTemplates: { "application/json": '#set($context.requestOverride.header.X-Id = "7")#set($context.requestOverride.querystring.q = "a b"){}' } });
    expect(mapRequestBody(ctx("{}"), integration).overrides?.request).toEqual({ header: { "X-Id": "7" }, querystring: { q: "a b" }, path: {} });
  });

  it("passes a binary body through untouched, or as base64 text for the template with CONVERT_TO_TEXT", () => {
    const bytes = "\u00ff\u0000\u0001";
    const binary = ctx(bytes, "image/png", ["image/*"]);
    const raw = binary.request.body!;
    expect(mapRequestBody(binary, http({ requestTemplates: { "image/png": "never used" } })).body).toBe(raw);
    const converted = mapRequestBody(binary, http({ contentHandling: "CONVERT_TO_TEXT", requestTemplates: { "image/png": '{"data": "$input.body"}' } }));
    expect(JSON.parse(converted.body!.toString())).toEqual({ data: raw.toString("base64") });
  });

  it("base64-decodes text (or the template's output) with CONVERT_TO_BINARY", () => {
    expect(mapRequestBody(ctx("aGVsbG8=", "text/plain"), http({ contentHandling: "CONVERT_TO_BINARY" })).body?.toString()).toBe("hello");
  });

  it("refuses unmatched content types as the passthrough behaviour says", () => {
    const templates = { "application/json": "{}" };
    expect(() => mapRequestBody(ctx("x", "text/plain"), http({ requestTemplates: templates, passthroughBehavior: "NEVER" }))).toThrow(expect.objectContaining({ type: "UNSUPPORTED_MEDIA_TYPE", status: 415 }));
    expect(() => mapRequestBody(ctx("x", "text/plain"), http({ passthroughBehavior: "NEVER" }))).toThrow(expect.objectContaining({ status: 415 }));
    expect(() => mapRequestBody(ctx("x", "text/plain"), http({ requestTemplates: templates, passthroughBehavior: "WHEN_NO_TEMPLATES" }))).toThrow(expect.objectContaining({ status: 415 }));
    expect(mapRequestBody(ctx("x", "text/plain"), http({ passthroughBehavior: "WHEN_NO_TEMPLATES" })).body?.toString()).toBe("x");
    expect(mapRequestBody(ctx("x", "text/plain"), http({ requestTemplates: templates })).body?.toString()).toBe("x");
  });

  it("turns a template's run-time failure into a 500 configuration error naming the cause", () => {
    expect(() => mapRequestBody(ctx("{bad"), http({ requestTemplates: { "application/json": "$util.parseJson($input.body)" } }))).toThrow(
      expect.objectContaining({ type: "API_CONFIGURATION_ERROR", status: 500, logMessage: expect.stringContaining("Unable to transform request: $util.parseJson") }),
    );
  });
});
