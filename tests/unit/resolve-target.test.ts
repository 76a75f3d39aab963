import { describe, expect, it } from "vitest";
import { resolveTarget } from "../../gateway/pipeline/route";

describe("resolveTarget", () => {
  it("reads the API and stage from a /restapis/{id}/{stage}/_user_request_ path", () => {
    expect(resolveTarget("127.0.0.1", "/restapis/abcdefghij/dev/_user_request_/users/1")).toEqual({
      restApiId: "abcdefghij",
      stageName: "dev",
      path: "/users/1",
      stagePath: "/dev/users/1",
    });
    expect(resolveTarget("127.0.0.1", "/restapis/abcdefghij/dev/_user_request_")).toMatchObject({ path: "/" });
  });

  it("reads the API from an {id}.execute-api host and the stage from the first segment", () => {
    expect(resolveTarget("abcdefghij.execute-api.localhost", "/prod/users")).toEqual({
      restApiId: "abcdefghij",
      stageName: "prod",
      path: "/users",
      stagePath: "/prod/users",
    });
    expect(resolveTarget("ABCDEFGHIJ.execute-api.example.com", "/prod")).toMatchObject({ restApiId: "abcdefghij", stageName: "prod", path: "/" });
  });

  it("collapses slashes before the stage and right after it in `path`, not in `stagePath` (AWS)", () => {
    expect(resolveTarget("abcdefghij.execute-api.localhost", "//stage/proxy-value")).toMatchObject({
      stageName: "stage",
      path: "/proxy-value",
      stagePath: "/stage/proxy-value",
    });
    expect(resolveTarget("abcdefghij.execute-api.localhost", "/stage//proxy-value")).toMatchObject({
      path: "/proxy-value",
      stagePath: "/stage//proxy-value",
    });
  });

  it("keeps a trailing slash, inner `//` and escapes", () => {
    expect(resolveTarget("abcdefghij.execute-api.localhost", "/s/a//b/c%2Bd/")).toMatchObject({ path: "/a//b/c%2Bd/", stagePath: "/s/a//b/c%2Bd/" });
  });

  it("returns null when neither form applies", () => {
    expect(resolveTarget("localhost", "/dev/users")).toBeNull();
    expect(resolveTarget("abcdefghij.execute-api.localhost", "/")).toBeNull();
    expect(resolveTarget("short.execute-api.localhost", "/dev/users")).toBeNull();
    expect(resolveTarget("localhost", "/restapis/short/dev/_user_request_/x")).toBeNull();
  });
});
