import { describe, expect, it } from "vitest";
import { fillPath, presentBody, queryString } from "../../lib/services/tester";
import { bodyIsJson, draftFromSaved, emptyDraft, filledPath, indentXml, jsonProblem, pathParamNames, prettyBody, savedFromDraft } from "../../components/tester/draft";
import { ZSavedRequest } from "../../lib/schemas/tester";

describe("tester paths", () => {
  it("fills {param} and {proxy+} with encoded values and leaves missing ones", () => {
    expect(fillPath("/pets/{id}", { id: "a b" })).toBe("/pets/a%20b");
    expect(fillPath("/files/{proxy+}", { proxy: "a/b c" })).toBe("/files/a/b%20c");
    expect(fillPath("/pets/{id}", {})).toBe("/pets/{id}");
    expect(filledPath("/pets/{id}/toys/{toy}", { id: "1", toy: "2" })).toBe("/pets/1/toys/2");
    expect(pathParamNames("/a/{id}/{rest+}")).toEqual(["id", "rest"]);
    expect(queryString({ q: "a&b", n: "1" })).toBe("q=a%26b&n=1");
  });
});

describe("presentBody", () => {
  it("keeps UTF-8 text, base64s binary and cuts large bodies with the full size", () => {
    expect(presentBody(Buffer.from('{"a":"é"}'))).toEqual({ body: '{"a":"é"}', bodyEncoding: "text", bodySize: 10, truncated: false });
    const bin = Buffer.from([0xff, 0x00, 0x10]);
    expect(presentBody(bin)).toMatchObject({ bodyEncoding: "base64", body: bin.toString("base64"), bodySize: 3 });
    const big = Buffer.from("x".repeat(5000));
    expect(presentBody(big, 1000)).toMatchObject({ body: "x".repeat(1000), bodySize: 5000, truncated: true, bodyEncoding: "text" });
    // A cut through a multi-byte character is still text.
    expect(presentBody(Buffer.from("éé"), 3).bodyEncoding).toBe("text");
  });
});

describe("request drafts", () => {
  it("starts with the resource's path parameters and a JSON content type", () => {
    const d = emptyDraft("/pets/{id}");
    expect(d.pathParameters).toEqual([{ key: "id", value: "" }]);
    expect(bodyIsJson(d)).toBe(true);
    expect(bodyIsJson({ ...d, headers: [{ key: "content-type", value: "text/plain" }] })).toBe(false);
  });

  it("round-trips through the saved form", () => {
    const d = { ...emptyDraft("/pets/{id}"), pathParameters: [{ key: "id", value: "7" }], query: [{ key: "q", value: "1" }], body: '{"a":1}' };
    const saved = savedFromDraft(d, "/pets/{id}", { apiKey: "k1" });
    expect(ZSavedRequest.parse(saved)).toEqual(saved);
    expect(saved).toMatchObject({ path: "/pets/7", pathParameters: { id: "7" }, query: { q: "1" }, body: '{"a":1}', apiKey: "k1" });
    expect(draftFromSaved(saved, "/pets/{id}")).toMatchObject({ pathParameters: [{ key: "id", value: "7" }], body: '{"a":1}' });
  });

  it("flags invalid JSON without blocking", () => {
    expect(jsonProblem('{"a":')).toBeTruthy();
    expect(jsonProblem('{"a":1}')).toBeNull();
    expect(jsonProblem("")).toBeNull();
  });
});

describe("pretty bodies", () => {
  it("pretty-prints JSON and indents XML", () => {
    expect(prettyBody('{"a":[1]}', "application/json")).toEqual({ kind: "json", text: '{\n  "a": [\n    1\n  ]\n}' });
    expect(prettyBody("plain", "text/plain")).toBeNull();
    expect(indentXml("<a><b>1</b><c><d/></c></a>")).toBe("<a>\n  <b>1</b>\n  <c>\n    <d/>\n  </c>\n</a>");
    expect(prettyBody("<a><b>1</b></a>", "application/xml")?.kind).toBe("xml");
  });
});
