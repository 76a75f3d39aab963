import { describe, expect, it } from "vitest";
import { pathSegments, RouteTable } from "../../gateway/routing/route-table";
import type { TDeployedMethod, TDeployedResource } from "../../lib/snapshot";
import { testMethod } from "../helpers/request-context";

/** `["/a", "GET", "ANY"]` → resource `/a` with those methods; the id is the path. */
const table = (...specs: Array<[string, ...TDeployedMethod["httpMethod"][]]>) =>
  new RouteTable(
    specs.map(([path, ...verbs]): TDeployedResource => ({
      id: path,
      path,
      methods: Object.fromEntries(verbs.map((v) => [v, testMethod({ httpMethod: v })])),
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

  it("backtracks from {param} to a {proxy+} sibling when the method is missing", () => {
    const t = table(["/pets/{id}", "GET"], ["/pets/{proxy+}", "ANY"]);
    expect(hit(t, "DELETE", "/pets/1")).toEqual({ resource: "/pets/{proxy+}", method: "ANY", params: { proxy: "1" } });
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
    expect(hit(table(["/", "GET"]), "GET", "")?.resource).toBe("/");
  });

  it("keeps path parameters as sent: AWS does not percent-decode them", () => {
    const t = table(["/files/{name}", "GET"], ["/{proxy+}", "GET"]);
    expect(hit(t, "GET", "/files/a%20b")?.params).toEqual({ name: "a%20b" });
    expect(hit(t, "GET", "/u/test%2Balias@gmail.com/plus/test+alias@gmail.com")?.params).toEqual({
      proxy: "u/test%2Balias@gmail.com/plus/test+alias@gmail.com",
    });
  });

  it("matches a literal resource by its decoded segment too", () => {
    expect(hit(table(["/café", "GET"]), "GET", "/caf%C3%A9")?.resource).toBe("/café");
  });

  it("ignores a trailing slash, which {proxy+} does not capture", () => {
    const t = table(["/users", "GET"], ["/users/{id}", "GET"], ["/p/{proxy+}", "GET"]);
    expect(hit(t, "GET", "/users/")?.resource).toBe("/users");
    expect(hit(t, "GET", "/users/7/")?.params).toEqual({ id: "7" });
    expect(hit(t, "GET", "/p/a/b/")?.params).toEqual({ proxy: "a/b" });
  });

  it("keeps an inner `//` in {proxy+}; {param} never takes an empty segment", () => {
    const t = table(["/{proxy+}", "GET"], ["/a/{id}", "GET"]);
    expect(hit(t, "GET", "/proxy-value//double-slash")?.params).toEqual({ proxy: "proxy-value//double-slash" });
    expect(hit(t, "GET", "/a//")).toEqual({ resource: "/{proxy+}", method: "GET", params: { proxy: "a" } });
  });

  it("serves HEAD only by a HEAD method or ANY, never by GET", () => {
    expect(table(["/g", "GET"]).match("HEAD", "/g")).toBeNull();
    expect(hit(table(["/h", "GET", "HEAD"]), "HEAD", "/h")?.method).toBe("HEAD");
    expect(hit(table(["/a", "GET", "ANY"]), "HEAD", "/a")?.method).toBe("ANY");
    // GET on the specific resource does not stop HEAD from falling through to a generic ANY.
    expect(hit(table(["/g", "GET"], ["/{proxy+}", "ANY"]), "HEAD", "/g")?.resource).toBe("/{proxy+}");
  });

  it("lets ANY cover only the seven HTTP methods", () => {
    const t = table(["/a", "ANY"]);
    for (const verb of ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]) expect(t.match(verb, "/a"), verb).not.toBeNull();
    for (const verb of ["PROPFIND", "TRACE", "get", "constructor"]) expect(t.match(verb, "/a"), verb).toBeNull();
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

describe("pathSegments", () => {
  it.each([
    ["/", []],
    ["", []],
    ["//a", ["a"]],
    ["/a/", ["a"]],
    ["/a//b", ["a", "", "b"]],
    ["/a%2Fb", ["a%2Fb"]],
  ])("%j → %j", (path, segments) => {
    expect(pathSegments(path)).toEqual(segments);
  });
});
