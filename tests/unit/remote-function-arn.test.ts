import { describe, expect, it } from "vitest";
import { functionArnOfInvocationUri, parseFunctionArn } from "../../lib/arn";
import { remoteArnFor } from "../../lib/services/compile-snapshot";

const ARN = "arn:aws:lambda:eu-west-1:123456789012:function:remote";
const uri = (arn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arn}/invocations`;

describe("resolving remote functions by ARN", () => {
  it("parses function ARNs, with and without qualifier", () => {
    expect(parseFunctionArn(ARN)).toEqual({ region: "eu-west-1", accountId: "123456789012", functionName: "remote", qualifier: undefined });
    expect(parseFunctionArn(`${ARN}:prod`)?.qualifier).toBe("prod");
    expect(parseFunctionArn("arn:aws:lambda:eu-west-1:1:function:x")).toBeNull();
    expect(functionArnOfInvocationUri(uri(`${ARN}:$LATEST`))).toBe(`${ARN}:$LATEST`);
    expect(functionArnOfInvocationUri("https://example.com")).toBeNull();
  });

  it("matches the stored ARN exactly, or the unqualified one for a qualified URI", () => {
    expect(remoteArnFor(new Set([ARN]), uri(ARN))).toBe(ARN);
    expect(remoteArnFor(new Set([ARN]), uri(`${ARN}:7`))).toBe(ARN);
    expect(remoteArnFor(new Set([`${ARN}:7`]), uri(`${ARN}:7`))).toBe(`${ARN}:7`);
    expect(remoteArnFor(new Set([`${ARN}:7`]), uri(ARN))).toBeNull();
    expect(remoteArnFor(new Set([ARN]), uri("arn:aws:lambda:eu-west-1:123456789012:function:other"))).toBeNull();
    expect(remoteArnFor(new Set([ARN]), uri("arn:aws:lambda:us-east-1:123456789012:function:remote"))).toBeNull();
  });
});
