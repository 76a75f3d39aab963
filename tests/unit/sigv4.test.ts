import { describe, expect, it } from "vitest";
import { canonicalHeaders, canonicalPath, canonicalQuery, parseAuthorization, signingKey, signRequest, uriEncode } from "../../lib/aws/sigv4";

/**
 * AWS's published SigV4 example (IAM ListUsers, "Create a signed AWS API request"):
 * the string to sign's hashed canonical request f536975d… and the signature 5d672d79…
 * are the documented values.
 */
describe("SigV4: the AWS documentation example", () => {
  const signed = signRequest(
    {
      method: "GET",
      url: new URL("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
      headers: [["Content-Type", "application/x-www-form-urlencoded; charset=utf-8"]],
    },
    { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
    { region: "us-east-1", service: "iam", date: new Date("2015-08-30T12:36:00Z") },
  );

  it("builds the canonical request", () => {
    expect(signed.canonicalRequest).toBe(
      [
        "GET",
        "/",
        "Action=ListUsers&Version=2010-05-08",
        "content-type:application/x-www-form-urlencoded; charset=utf-8",
        "host:iam.amazonaws.com",
        "x-amz-date:20150830T123600Z",
        "",
        "content-type;host;x-amz-date",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      ].join("\n"),
    );
  });

  it("builds the documented string to sign", () => {
    expect(signed.stringToSign).toBe(
      ["AWS4-HMAC-SHA256", "20150830T123600Z", "20150830/us-east-1/iam/aws4_request", "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59"].join("\n"),
    );
  });

  it("signs to the documented signature and Authorization header", () => {
    expect(signed.signature).toBe("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    expect(signed.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, " +
        "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
    );
    expect(signed.headers).toContainEqual(["X-Amz-Date", "20150830T123600Z"]);
    expect(signed.headers).toContainEqual(["Host", "iam.amazonaws.com"]);
  });
});

describe("SigV4 details", () => {
  it("encodes the AWS way", () => {
    expect(uriEncode("a b/c~d*e")).toBe("a%20b%2Fc~d%2Ae");
    expect(uriEncode("a/b", true)).toBe("a/b");
    expect(uriEncode("é")).toBe("%C3%A9");
    expect(uriEncode("fn:$LATEST")).toBe("fn%3A%24LATEST");
  });

  it("sorts the query by name then value, encodes it, and keeps bare names as name=", () => {
    expect(canonicalQuery(new URL("http://h/?b=2&a=z&a=y&c"))).toBe("a=y&a=z&b=2&c=");
    expect(canonicalQuery(new URL("http://h/?q=a%20b&x=a+b&t=%7E*"))).toBe("q=a%20b&t=~%2A&x=a%20b");
    expect(canonicalQuery(new URL("http://h/"))).toBe("");
    expect(canonicalQuery(new URL("http://h/?Qualifier=%24LATEST"))).toBe("Qualifier=%24LATEST");
  });

  it("encodes path segments once, keeping the slashes", () => {
    expect(canonicalPath(new URL("http://h/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af/invocations"))).toBe(
      "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af/invocations",
    );
    expect(canonicalPath(new URL("http://h"))).toBe("/");
  });

  it("lowercases, sorts, trims and joins headers", () => {
    const { canonical, signedHeaders } = canonicalHeaders([
      ["X-B", "  two   spaces  "],
      ["Host", "h"],
      ["x-a", "1"],
      ["X-A", "2"],
    ]);
    expect(canonical).toBe("host:h\nx-a:1,2\nx-b:two spaces\n");
    expect(signedHeaders).toBe("host;x-a;x-b");
  });

  it("signs the session token and content hash when asked, and the signature depends on every input", () => {
    const base = { method: "POST", url: new URL("http://127.0.0.1:9/2015-03-31/functions/f/invocations"), headers: [] as Array<[string, string]>, body: "{}" };
    const date = new Date("2026-01-02T03:04:05Z");
    const a = signRequest(base, { accessKeyId: "AK", secretAccessKey: "s1", sessionToken: "tok" }, { region: "eu-west-1", service: "lambda", date, contentSha256Header: true });
    expect(a.headers).toContainEqual(["X-Amz-Security-Token", "tok"]);
    expect(a.headers.find(([n]) => n === "X-Amz-Content-Sha256")?.[1]).toMatch(/^[0-9a-f]{64}$/);
    expect(parseAuthorization(a.authorization)).toMatchObject({
      accessKeyId: "AK",
      dateStamp: "20260102",
      region: "eu-west-1",
      service: "lambda",
      signedHeaders: ["host", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token"],
    });
    const other = (o: Partial<{ secret: string; region: string; body: string }>) =>
      signRequest({ ...base, body: o.body ?? "{}" }, { accessKeyId: "AK", secretAccessKey: o.secret ?? "s1", sessionToken: "tok" }, { region: o.region ?? "eu-west-1", service: "lambda", date, contentSha256Header: true }).signature;
    expect(other({})).toBe(a.signature);
    expect(other({ secret: "s2" })).not.toBe(a.signature);
    expect(other({ region: "us-east-1" })).not.toBe(a.signature);
    expect(other({ body: "{ }" })).not.toBe(a.signature);
    expect(signingKey("s", "20150830", "us-east-1", "iam")).toHaveLength(32);
    expect(parseAuthorization("Basic abc")).toBeNull();
  });
});
