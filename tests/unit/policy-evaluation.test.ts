import { describe, expect, it } from "vitest";
import { evaluatePolicy, MalformedAuthorizerOutput, methodArnFor, parseAuthorizerOutput, wildcardMatch, type PolicyStatement } from "../../gateway/auth/policy";

const ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/pets/42";
const allow = (Resource: string | string[], Action: string | string[] = "execute-api:Invoke"): PolicyStatement => ({ Effect: "Allow", Action, Resource });
const deny = (Resource: string | string[]): PolicyStatement => ({ Effect: "Deny", Action: "execute-api:Invoke", Resource });

describe("policy evaluation", () => {
  it.each([
    ["exact Allow", [allow(ARN)], "allow"],
    ["Allow with * for everything", [allow("*")], "allow"],
    ["Allow with stage and verb wildcards", [allow("arn:aws:execute-api:us-east-1:123456789012:abcdef1234/*/*")], "allow"],
    ["Allow for GET on /pets/*", [allow("arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/pets/*")], "allow"],
    ["Allow with ? for one character", [allow("arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/pets/4?")], "allow"],
    ["? does not match two characters", [allow("arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/pets/?")], "implicit-deny"],
    ["Allow for another verb only", [allow("arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/POST/*")], "implicit-deny"],
    ["Allow in a Resource list", [allow(["arn:aws:execute-api:*:*:other/*", ARN])], "allow"],
    ["ARNs are case-sensitive", [allow(ARN.toUpperCase())], "implicit-deny"],
    ["lower-case effect and action", [{ Effect: "allow", Action: "execute-api:invoke", Resource: ARN }], "allow"],
    ["action execute-api:*", [allow(ARN, "execute-api:*")], "allow"],
    ["action list", [allow(ARN, ["s3:GetObject", "execute-api:Invoke"])], "allow"],
    ["another action only", [allow(ARN, "s3:GetObject")], "implicit-deny"],
    ["explicit Deny", [deny(ARN)], "explicit-deny"],
    ["explicit Deny wins over Allow (deny last)", [allow("*"), deny("arn:aws:execute-api:*:*:*/prod/GET/*")], "explicit-deny"],
    ["explicit Deny wins over Allow (deny first)", [deny(ARN), allow(ARN)], "explicit-deny"],
    ["Deny elsewhere, Allow here", [deny("arn:aws:execute-api:*:*:*/prod/DELETE/*"), allow("*")], "allow"],
    ["no statements match", [allow("arn:aws:execute-api:eu-west-1:*")], "implicit-deny"],
  ] as const)("%s", (_name, statements, expected) => {
    expect(evaluatePolicy([...statements] as PolicyStatement[], ARN)).toBe(expected);
  });

  it("treats regex characters in resources literally", () => {
    expect(wildcardMatch("a.b", "axb")).toBe(false);
    expect(wildcardMatch("a(b)*", "a(b)c")).toBe(true);
    expect(wildcardMatch("*", "")).toBe(true);
  });

  it("builds AWS's method ARN from the request path without its leading slash", () => {
    expect(methodArnFor("us-east-1", "123456789012", "abcdef1234", "prod", "GET", "/pets/42")).toBe(ARN);
    expect(methodArnFor("us-east-1", "123456789012", "abcdef1234", "prod", "GET", "/")).toBe("arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/");
  });
});

describe("authorizer output validation", () => {
  const policy = { Version: "2012-10-17", Statement: [allow("*")] };
  it("accepts AWS's shape with context and usageIdentifierKey, a single Statement object and a numeric principalId", () => {
    expect(parseAuthorizerOutput({ principalId: "user", policyDocument: policy, context: { a: "x", n: 1, b: true }, usageIdentifierKey: "k" })).toEqual({
      principalId: "user",
      policyDocument: policy,
      context: { a: "x", n: 1, b: true },
      usageIdentifierKey: "k",
    });
    expect(parseAuthorizerOutput({ principalId: 7, policyDocument: { Statement: allow("*") } }).principalId).toBe("7");
  });

  it.each([
    ["not an object", "Allow"],
    ["null", null],
    ["no principalId", { policyDocument: policy }],
    ["no policyDocument", { principalId: "u" }],
    ["empty Statement", { principalId: "u", policyDocument: { Statement: [] } }],
    ["bad Effect", { principalId: "u", policyDocument: { Statement: [{ Effect: "Maybe", Action: "execute-api:Invoke", Resource: "*" }] } }],
    ["no Resource", { principalId: "u", policyDocument: { Statement: [{ Effect: "Allow", Action: "execute-api:Invoke" }] } }],
    ["numeric Resource", { principalId: "u", policyDocument: { Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: 1 }] } }],
    ["nested context object", { principalId: "u", policyDocument: policy, context: { user: { id: 1 } } }],
    ["array in context", { principalId: "u", policyDocument: policy, context: { roles: ["a"] } }],
    ["context not an object", { principalId: "u", policyDocument: policy, context: "x" }],
    ["usageIdentifierKey not a string", { principalId: "u", policyDocument: policy, usageIdentifierKey: 5 }],
  ])("refuses %s", (_name, output) => {
    expect(() => parseAuthorizerOutput(output)).toThrow(MalformedAuthorizerOutput);
  });
});
