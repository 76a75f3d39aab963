import { describe, expect, it } from "vitest";
import { ZPathPart } from "../../lib/schemas/management";
import { isGreedy, isVariable, pathPartProblems, renamedPaths, type TreeNode } from "../../lib/services/path-parts";

const node = (id: string, parentId: string | null, pathPart: string, path: string): TreeNode => ({ id, parentId, pathPart, path });
const tree = [
  node("root", null, "", "/"),
  node("users", "root", "users", "/users"),
  node("uid", "users", "{id}", "/users/{id}"),
  node("posts", "uid", "posts", "/users/{id}/posts"),
  node("proxy", "root", "{proxy+}", "/{proxy+}"),
];
const at = (id: string) => tree.find((n) => n.id === id)!;
const messages = (parentId: string, pathPart: string, self?: string) =>
  pathPartProblems(tree, at(parentId), pathPart, self ? at(self) : undefined).map((p) => `${p.field}: ${p.message}`);

describe("path part syntax (ZPathPart)", () => {
  it.each(["users", "v1.2", "a-b_c~", "{id}", "{proxy+}", "x:y@z"])("accepts %s", (p) => expect(ZPathPart.safeParse(p).success).toBe(true));
  it.each(["", "a/b", "a{b}", "{a}b", "{}", "{a b}", "sp ace", "é"])("refuses %j", (p) => expect(ZPathPart.safeParse(p).success).toBe(false));
});

describe("tree rules", () => {
  it("classifies variables", () => {
    expect([isVariable("{id}"), isVariable("{p+}"), isVariable("id")]).toEqual([true, true, false]);
    expect([isGreedy("{p+}"), isGreedy("{id}")]).toEqual([true, false]);
  });

  it("accepts a plain new sibling", () => {
    expect(messages("users", "me")).toEqual([]);
  });

  it("refuses a duplicate sibling", () => {
    expect(messages("root", "users")).toEqual(["pathPart: /users already exists"]);
  });

  it("allows one {param} and one {proxy+} child per parent, never two of one kind", () => {
    expect(messages("users", "{name}")).toEqual(["pathPart: /users already has a path variable child ({id}); a resource can have only one"]);
    expect(messages("root", "{other+}")[0]).toContain("already has a greedy path variable child ({proxy+})");
    expect(messages("users", "{rest+}")).toEqual([]);
    expect(messages("root", "{slug}")).toEqual([]);
  });

  it("refuses children under a greedy variable", () => {
    expect(messages("proxy", "x")).toEqual(["parentId: /{proxy+} is a greedy path variable ({name+}) and cannot have child resources"]);
  });

  it("refuses a variable name used twice in one path", () => {
    expect(messages("uid", "{id}")).toContain("pathPart: The path variable {id} is already used in /users/{id}");
  });

  it("on rename: ignores itself, refuses greedy with children", () => {
    expect(messages("users", "{id}", "uid")).toEqual([]);
    expect(messages("users", "{rest+}", "uid")).toEqual(["pathPart: /users/{id} has child resources, so it cannot become a greedy path variable ({name+})"]);
    expect(messages("root", "users", "users")).toEqual([]);
  });

  it("recomputes the paths of a renamed subtree", () => {
    expect(Object.fromEntries(renamedPaths(tree, at("users"), "people"))).toEqual({
      users: "/people",
      uid: "/people/{id}",
      posts: "/people/{id}/posts",
    });
  });
});
