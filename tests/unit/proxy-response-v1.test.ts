import { describe, expect, it } from "vitest";
import { MalformedProxyResponse, parseProxyResponseV1 } from "../../lib/lambda/proxy-response-v1";

const parse = (output: unknown, options: { accept?: string; binaryMediaTypes?: string[] } = {}) =>
  parseProxyResponseV1(output, { binaryMediaTypes: [], ...options });

describe("parseProxyResponseV1", () => {
  it("treats {} as 200 with an empty body and the default content type", () => {
    const r = parse({});
    expect(r.statusCode).toBe(200);
    expect(r.body.length).toBe(0);
    expect(r.headers).toEqual([["Content-Type", "application/json"]]);
  });

  it("accepts a numeric-string statusCode", () => {
    expect(parse({ statusCode: "201" }).statusCode).toBe(201);
  });

  it.each([
    ["a non-object result", "hello"],
    ["an array", [1]],
    ["null", null],
    ["an unknown top-level key", { statusCode: 200, extra: 1 }],
    ["a non-numeric statusCode", { statusCode: "abc" }],
    ["an out-of-range statusCode", { statusCode: 42 }],
    ["a non-list multiValueHeaders value", { multiValueHeaders: { "X-A": "one" } }],
    ["non-object headers", { headers: "x" }],
    ["a non-string body", { body: { a: 1 } }],
  ])("rejects %s as malformed", (_, output) => {
    expect(() => parse(output)).toThrow(MalformedProxyResponse);
  });

  it("merges headers and multiValueHeaders case-insensitively, multiValueHeaders first", () => {
    const r = parse({
      multiValueHeaders: { "X-Foo": ["a", "b"], "Set-Cookie": ["c=1"] },
      headers: { "x-foo": "c", "x-bool": true, "set-cookie": "c=1" },
    });
    expect(r.headers).toEqual([
      ["X-Foo", "a,b,c"],
      ["Set-Cookie", "c=1"],
      ["x-bool", "true"],
      ["Content-Type", "application/json"],
    ]);
  });

  it("keeps the function's own content type", () => {
    const r = parse({ headers: { "content-type": "text/plain" }, body: "hi" });
    expect(r.headers).toEqual([["content-type", "text/plain"]]);
    expect(r.body.toString()).toBe("hi");
  });

  describe("isBase64Encoded", () => {
    const output = { isBase64Encoded: true, body: Buffer.from([1, 2, 3]).toString("base64") };
    const decoded = (accept: string | undefined, binaryMediaTypes = ["image/png"]) =>
      parse(output, { accept, binaryMediaTypes }).body.equals(Buffer.from([1, 2, 3]));

    it("decodes when the first Accept type is a binary media type", () => {
      expect(decoded("image/png")).toBe(true);
      expect(decoded("image/png;q=0.9, text/html")).toBe(true);
      expect(decoded("image/png", ["image/*"])).toBe(true);
    });

    it("sends the base64 text otherwise", () => {
      expect(decoded(undefined)).toBe(false);
      expect(decoded("text/html, image/png")).toBe(false);
      expect(decoded("*/*")).toBe(false);
      expect(decoded("image/*")).toBe(false);
      expect(decoded("image/png", [])).toBe(false);
      expect(parse(output, { accept: "*/*", binaryMediaTypes: ["image/png"] }).body.toString()).toBe(output.body);
    });
  });
});
