import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { functionInvocationUri } from "../../lib/arn";
import { ZUpdateIntegration, ZUpdateMethod, ZPutMethod } from "../../lib/schemas/management";
import { integrationProblems, isHttpUrl, selectionPatternProblems } from "../../lib/services/integration-rules";
import { authorize, can, lesserRole, type Principal, type Role } from "../../lib/services/permissions";
import { generateTokenSecret, hashToken, tokenDisplayPrefix } from "../../lib/services/tokens";

const arn = functionInvocationUri({ region: "us-east-1", accountId: "000000000000" }, "orders");
const fields = (i: Parameters<typeof integrationProblems>[0]) => integrationProblems(i).map((p) => p.field);

describe("integration rules", () => {
  it("needs an absolute http(s) URL for HTTP and HTTP_PROXY", () => {
    expect(fields({ type: "HTTP_PROXY", httpMethod: "GET", uri: "https://api.example.com/a/{id}", timeoutInMillis: 29000 })).toEqual([]);
    expect(fields({ type: "HTTP", httpMethod: "GET", uri: "http://${stageVariables.host}:8080/x", timeoutInMillis: 50 })).toEqual([]);
    for (const uri of ["", "example.com", "/x", "ftp://example.com", "https://", "javascript:alert(1)"]) {
      expect(isHttpUrl(uri), uri).toBe(false);
      expect(fields({ type: "HTTP_PROXY", httpMethod: "GET", uri, timeoutInMillis: 1000 }), uri).toEqual(["uri"]);
    }
  });

  it("needs a function invocation ARN for AWS and AWS_PROXY", () => {
    expect(fields({ type: "AWS_PROXY", httpMethod: "POST", uri: arn, timeoutInMillis: 1000 })).toEqual([]);
    expect(fields({ type: "AWS", httpMethod: "POST", uri: "https://lambda.example.com", timeoutInMillis: 1000 })).toEqual(["uri"]);
  });

  it("needs httpMethod except for MOCK, and a timeout of 50–29000 ms", () => {
    expect(fields({ type: "MOCK", uri: "", timeoutInMillis: 29000 })).toEqual([]);
    expect(fields({ type: "AWS_PROXY", uri: arn, timeoutInMillis: 1000 })).toEqual(["httpMethod"]);
    expect(fields({ type: "MOCK", uri: "", timeoutInMillis: 49 })).toEqual(["timeoutInMillis"]);
    expect(fields({ type: "MOCK", uri: "", timeoutInMillis: 29001 })).toEqual(["timeoutInMillis"]);
  });

  it("checks selection patterns are regular expressions", () => {
    expect(selectionPatternProblems("5\\d\\d|Error.*")).toEqual([]);
    expect(selectionPatternProblems("([")[0].field).toBe("selectionPattern");
  });
});

describe("PATCH schemas", () => {
  it("leave unsent fields unset instead of filling in PUT's defaults", () => {
    expect(ZUpdateMethod.parse({ version: 3 })).toEqual({ version: 3 });
    expect(ZUpdateIntegration.parse({ version: 1, timeoutInMillis: 100 })).toEqual({ version: 1, timeoutInMillis: 100 });
    expect(ZUpdateIntegration.safeParse({ version: 1, timeoutInMillis: 10 }).success).toBe(false);
    expect(ZPutMethod.parse({})).toMatchObject({ authorizationType: "NONE", apiKeyRequired: false });
  });
});

describe("permissions", () => {
  const matrix: Record<string, Record<Role, boolean>> = {
    read: { admin: true, owner: true, tester: true, viewer: true },
    edit: { admin: true, owner: true, tester: false, viewer: false },
    test: { admin: true, owner: true, tester: true, viewer: false },
    admin: { admin: true, owner: false, tester: false, viewer: false },
    self: { admin: true, owner: true, tester: true, viewer: true },
  };
  it.each(Object.entries(matrix))("%s", (permission, roles) => {
    for (const [role, allowed] of Object.entries(roles)) expect(can(role as Role, permission as "read"), role).toBe(allowed);
  });

  it("throws 403 forbidden naming the role", () => {
    const viewer: Principal = { userId: "u", email: "v@x", name: "", role: "viewer", via: "token" };
    expect(() => authorize(viewer, "edit")).toThrow(expect.objectContaining({ code: "forbidden", status: 403 }));
    expect(() => authorize(viewer, "read")).not.toThrow();
  });

  it("a token never grants more than its user's role", () => {
    expect(lesserRole("admin", "viewer")).toBe("viewer");
    expect(lesserRole("tester", "owner")).toBe("tester");
  });
});

describe("token secrets", () => {
  it("are gh_ and 40 url-safe characters, hashed with SHA-256, shown by an 9-character prefix", () => {
    const a = generateTokenSecret();
    expect(a).toMatch(/^gh_[A-Za-z0-9_-]{40}$/);
    expect(generateTokenSecret()).not.toBe(a);
    expect(hashToken(a)).toBe(createHash("sha256").update(a).digest("hex"));
    expect(tokenDisplayPrefix(a)).toBe(a.slice(0, 9));
  });
});
