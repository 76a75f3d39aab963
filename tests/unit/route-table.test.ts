import { describe, expect, it } from "vitest";
import { RouteTable } from "../../gateway/routing/route-table";
import type { TDeployedMethod, TDeployedResource } from "../../lib/snapshot";

const method = (httpMethod: TDeployedMethod["httpMethod"]): TDeployedMethod => ({
  httpMethod,
  authorizationType: "NONE",
  apiKeyRequired: false,
  integration: { type: "MOCK", requestTemplates: {}, responses: [], timeoutMs: 29000 },
});

/** `["/a", "GET", "ANY"]` → resource `/a` with those methods; the id is the path. */
const table = (...specs: Array<[string, ...TDeployedMethod["httpMethod"][]]>) =>
  new RouteTable(
    specs.map(([path, ...verbs]): TDeployedResource => ({
      id: path,
      path,
      methods: Object.fromEntries(verbs.map((v) => [v, method(v)])),
    })),
  );

const hit = (t: RouteTable, verb: string, path: string) => {
  const m = t.match(verb, path);
  return m && { resource: m.resource.path, method: m.method.httpMethod, params: m.pathParameters };
};

describe("RouteTable", () => {
  it("prefers a literal segment over {param} over {proxy+}", () => {
    const t = table(["/pets/dog", "GET"], ["/pets/{id}", "GET"], ["/pets/{proxy+}", "GET"]);
    expect(hit(t, "GET", "/pets/dog")).toEqual({ resource: "/pets/dog", method: "GET", params: {} });
    expect(hit(t, "GET", "/pets/cat")).toEqual({ resource: "/pets/{id}", method: "GET", params: { id: "cat" } });
    expect(hit(t, "GET", "/pets/cat/1")).toEqual({ resource: "/pets/{proxy+}", method: "GET", params: { proxy: "cat/1" } });
  });

  it("prefers an explicit verb over ANY on the same resource", () => {
    const t = table(["/items", "ANY", "POST"]);
    expect(hit(t, "POST", "/items")?.method).toBe("POST");
    expect(hit(t, "DELETE", "/items")?.method).toBe("ANY");
  });

  it("falls through to a sibling {proxy+} when the literal lacks the method", () => {
    const t = table(["/test", "POST"], ["/{proxy+}", "ANY"]);
    expect(hit(t, "POST", "/test")?.resource).toBe("/test");
    expect(hit(t, "OPTIONS", "/test")).toEqual({ resource: "/{proxy+}", method: "ANY", params: { proxy: "test" } });
  });

  it("backtracks from a deeper literal branch to a {param} sibling", () => {
    const t = table(["/a/b/c", "GET"], ["/a/{x}/d", "GET"]);
    expect(hit(t, "GET", "/a/b/d")).toEqual({ resource: "/a/{x}/d", method: "GET", params: { x: "b" } });
  });

  it("backtracks `/part1/x` to the root {proxy+}", () => {
    const t = table(["/part1", "GET"], ["/{proxy+}", "GET"]);
    expect(hit(t, "GET", "/part1/x")).toEqual({ resource: "/{proxy+}", method: "GET", params: { proxy: "part1/x" } });
  });

  it("matches `/x` with the root {proxy+} but not `/` itself", () => {
    const t = table(["/{proxy+}", "ANY"]);
    expect(hit(t, "GET", "/x")).toEqual({ resource: "/{proxy+}", method: "ANY", params: { proxy: "x" } });
    expect(hit(t, "GET", "/")).toBeNull();
  });

  it("serves the root resource at `/`", () => {
    expect(hit(table(["/", "GET"]), "GET", "/")?.resource).toBe("/");
  });

  it("decodes path parameters", () => {
    const t = table(["/files/{name}", "GET"]);
    expect(hit(t, "GET", "/files/a%20b")?.params).toEqual({ name: "a b" });
  });

  it("returns null for an unknown path or a method no resource defines", () => {
    const t = table(["/users", "GET"], ["/users/{id}", "GET"]);
    expect(t.match("GET", "/nope")).toBeNull();
    expect(t.match("POST", "/users")).toBeNull();
    expect(t.match("GET", "/users/1/extra")).toBeNull();
  });

  it("does not match a resource that has no methods", () => {
    expect(table(["/empty"]).match("GET", "/empty")).toBeNull();
  });
});
