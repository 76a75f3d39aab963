import * as crypto from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it, vi } from "vitest";
import {
  canonicalUriCandidates,
  readSignatureClaim,
  verifyClaimSignature,
  verifySignedRequest,
  type IncomingSignedRequest,
  type SignatureClaim,
} from "../../lib/aws/sigv4-verify";

const compare = vi.hoisted(() => ({ calls: 0 }));
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compare.calls++;
      return actual.timingSafeEqual(a, b);
    },
  };
});

/**
 * AWS's published SigV4 test suite (aws-sig-v4-test-suite: AKIDEXAMPLE,
 * 20150830T123600Z, us-east-1, service "service"): each request with the
 * Authorization header AWS publishes for it must verify, and fail once changed.
 */
const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SCOPE = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
const VECTORS: Array<{ name: string; method: string; target: string; headers?: Array<[string, string]>; body?: string; signedHeaders: string; signature: string }> = [
  { name: "get-vanilla", method: "GET", target: "/", signedHeaders: "host;x-amz-date", signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
  {
    name: "get-unreserved",
    method: "GET",
    target: "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    signedHeaders: "host;x-amz-date",
    signature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
  },
  { name: "get-slashes", method: "GET", target: "//example//", signedHeaders: "host;x-amz-date", signature: "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84" },
  {
    name: "get-vanilla-query-order-key-case",
    method: "GET",
    target: "/?Param2=value2&Param1=value1",
    signedHeaders: "host;x-amz-date",
    signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
  },
  {
    name: "get-vanilla-query-order-value",
    method: "GET",
    target: "/?Param1=value2&Param1=value1",
    signedHeaders: "host;x-amz-date",
    signature: "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694",
  },
  { name: "get-vanilla-utf8-query", method: "GET", target: "/?%E1%88%B4=bar", signedHeaders: "host;x-amz-date", signature: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04" },
  {
    name: "get-header-value-order",
    method: "GET",
    target: "/",
    headers: [["My-Header1", "value4"], ["My-Header1", "value1"], ["My-Header1", "value3"], ["My-Header1", "value2"]],
    signedHeaders: "host;my-header1;x-amz-date",
    signature: "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01",
  },
  {
    name: "get-header-key-duplicate",
    method: "GET",
    target: "/",
    headers: [["My-Header1", "value2"], ["My-Header1", "value2"], ["My-Header1", "value1"]],
    signedHeaders: "host;my-header1;x-amz-date",
    signature: "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
  },
  {
    name: "get-header-value-trim",
    method: "GET",
    target: "/",
    headers: [["My-Header1", " value1"], ["My-Header2", '"a   b   c"']],
    signedHeaders: "host;my-header1;my-header2;x-amz-date",
    signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
  },
  {
    name: "post-x-www-form-urlencoded",
    method: "POST",
    target: "/",
    headers: [["Content-Type", "application/x-www-form-urlencoded"]],
    body: "Param1=value1",
    signedHeaders: "content-type;host;x-amz-date",
    signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
  },
];

function vectorRequest(v: (typeof VECTORS)[number]): IncomingSignedRequest {
  const at = v.target.indexOf("?");
  return {
    method: v.method,
    rawPath: at < 0 ? v.target : v.target.slice(0, at),
    rawQuery: at < 0 ? "" : v.target.slice(at + 1),
    headers: [
      ["Host", "example.amazonaws.com"],
      ["X-Amz-Date", "20150830T123600Z"],
      ...(v.headers ?? []),
      ["Authorization", `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=${v.signedHeaders}, Signature=${v.signature}`],
    ],
    body: v.body === undefined ? null : Buffer.from(v.body),
  };
}

const claimOf = (req: IncomingSignedRequest) => readSignatureClaim(req) as SignatureClaim;

describe("SigV4 verification: AWS's published test suite", () => {
  for (const v of VECTORS) {
    it(`accepts ${v.name} and refuses it with another secret`, () => {
      const req = vectorRequest(v);
      expect(verifyClaimSignature(req, claimOf(req), SECRET)).toEqual({ ok: true });
      expect(verifyClaimSignature(req, claimOf(req), `${SECRET}x`).ok).toBe(false);
    });
  }

  it("reads get-space and get-utf8 paths as the suite's canonical URIs (among the readings)", () => {
    expect(canonicalUriCandidates("/example%20space/")).toContain("/example%20space/");
    expect(canonicalUriCandidates("/%E1%88%B4")).toContain("/%E1%88%B4");
    expect(canonicalUriCandidates("//example//")).toContain("/example/");
  });

  it("refuses tampered requests: method, path, query, signed header, body", () => {
    const post = vectorRequest(VECTORS.find((v) => v.name === "post-x-www-form-urlencoded")!);
    const query = vectorRequest(VECTORS.find((v) => v.name === "get-vanilla-query-order-key-case")!);
    const trim = vectorRequest(VECTORS.find((v) => v.name === "get-header-value-trim")!);
    const tampered: IncomingSignedRequest[] = [
      { ...post, method: "PUT" },
      { ...post, rawPath: "/other" },
      { ...query, rawQuery: "Param2=value2&Param1=value9" },
      { ...trim, headers: trim.headers.map(([n, v]) => [n, n === "My-Header1" ? "value2" : v] as [string, string]) },
      { ...post, body: Buffer.from("Param1=value2") },
    ];
    for (const req of tampered) expect(verifyClaimSignature(req, claimOf(req), SECRET).ok).toBe(false);
  });
});

/** Requests signed by AWS's own signer (the SDK v3's @smithy/signature-v4) for execute-api. */
describe("SigV4 verification: requests signed by @smithy/signature-v4", () => {
  const credentials = { accessKeyId: "GHAKABCDEFGHIJKLMNOP", secretAccessKey: "s3cr3t/Secret+Key0123456789abcdefghijklm" };
  const signer = new SignatureV4({ credentials, region: "eu-west-1", service: "execute-api", sha256: Sha256 });
  const secretOf = (id: string) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined);
  const now = new Date();

  async function signed(over: { method?: string; path?: string; query?: Record<string, string>; body?: string; headers?: Record<string, string> } = {}) {
    const request = {
      method: over.method ?? "POST",
      protocol: "http:",
      hostname: "abcdefghij.execute-api.localhost",
      port: 4010,
      path: over.path ?? "/prod/pets/a b",
      query: over.query ?? { limit: "10", q: "x y+z" },
      headers: { host: "abcdefghij.execute-api.localhost:4010", "content-type": "application/json", ...over.headers },
      body: over.body ?? '{"name":"Rex"}',
    };
    const out = await signer.sign(request, { signingDate: now });
    return toIncoming(out.method, out.path, out.query as Record<string, string>, out.headers, out.body as string | undefined);
  }

  function toIncoming(method: string, path: string, query: Record<string, string | string[]>, headers: Record<string, string>, body?: string): IncomingSignedRequest {
    const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const rawPath = path.split("/").map(encode).join("/");
    const rawQuery = Object.entries(query)
      .flatMap(([n, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encode(n)}=${encode(x)}`))
      .join("&");
    return { method, rawPath, rawQuery, headers: Object.entries(headers), body: body === undefined ? null : Buffer.from(body) };
  }

  it("accepts a header-signed request", async () => {
    const req = await signed();
    expect(verifySignedRequest(req, secretOf, now)).toEqual({ ok: true, accessKeyId: credentials.accessKeyId });
  });

  it("accepts a presigned URL", async () => {
    const request = { method: "GET", protocol: "http:", hostname: "abcdefghij.execute-api.localhost", port: 4010, path: "/prod/pets", query: { a: "1" }, headers: { host: "abcdefghij.execute-api.localhost:4010" } };
    const out = await signer.presign(request, { signingDate: now, expiresIn: 60 });
    const req = toIncoming(out.method, out.path, out.query as Record<string, string>, out.headers);
    const claim = readSignatureClaim(req) as SignatureClaim;
    expect(claim.presigned).toBe(true);
    expect(verifySignedRequest(req, secretOf, now)).toEqual({ ok: true, accessKeyId: credentials.accessKeyId });
    expect(verifySignedRequest({ ...req, rawPath: "/prod/other" }, secretOf, now).ok).toBe(false);
    const later = new Date(now.getTime() + 61_000);
    const expired = verifySignedRequest(req, secretOf, later);
    expect(expired.ok === false && expired.failure.kind).toBe("expired");
  });

  it("refuses tampering with the method, path, query, a signed header or the body", async () => {
    const req = await signed();
    const cases: IncomingSignedRequest[] = [
      { ...req, method: "PUT" },
      { ...req, rawPath: "/prod/pets/a%20c" },
      { ...req, rawQuery: req.rawQuery.replace("limit=10", "limit=11") },
      { ...req, headers: req.headers.map(([n, v]) => [n, n === "content-type" ? "text/plain" : v] as [string, string]) },
      { ...req, body: Buffer.from('{"name":"Max"}') },
    ];
    for (const c of cases) {
      const result = verifySignedRequest(c, secretOf, now);
      expect(result.ok).toBe(false);
      expect(result.ok === false && result.failure.kind).toBe("mismatch");
    }
  });

  it("refuses a wrong secret, an unknown key and an expired or future date", async () => {
    const req = await signed();
    const wrong = verifySignedRequest(req, () => "not-the-secret", now);
    expect(wrong.ok === false && wrong.failure.kind === "mismatch" && wrong.failure.message).toMatch(
      /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'POST\n/,
    );
    expect(verifySignedRequest(req, () => undefined, now)).toMatchObject({ ok: false, failure: { kind: "unknown-key", message: "The security token included in the request is invalid." } });
    const late = verifySignedRequest(req, secretOf, new Date(now.getTime() + 6 * 60_000));
    expect(late.ok === false && late.failure.kind === "expired" && late.failure.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    const early = verifySignedRequest(req, secretOf, new Date(now.getTime() - 6 * 60_000));
    expect(early.ok === false && early.failure.kind === "expired" && early.failure.message).toMatch(/^Signature not yet current: /);
  });

  it("checks a sent X-Amz-Content-Sha256 against the body", async () => {
    const sha = crypto.createHash("sha256").update('{"name":"Rex"}').digest("hex");
    const req = await signed({ headers: { "x-amz-content-sha256": sha } });
    expect(verifySignedRequest(req, secretOf, now).ok).toBe(true);
    const tampered = verifySignedRequest({ ...req, body: Buffer.from("{}") }, secretOf, now);
    expect(tampered.ok === false && tampered.failure.kind === "mismatch" && tampered.failure.message).toBe("The provided 'x-amz-content-sha256' header does not match what was computed.");
  });

  it("refuses another service's scope, a session token, and answers 'missing' without a signature", async () => {
    const other = new SignatureV4({ credentials, region: "eu-west-1", service: "lambda", sha256: Sha256 });
    const out = await other.sign({ method: "GET", protocol: "http:", hostname: "h", path: "/", query: {}, headers: { host: "h" } }, { signingDate: now });
    const scoped = verifySignedRequest(toIncoming(out.method, out.path, {}, out.headers), secretOf, now);
    expect(scoped.ok === false && scoped.failure.kind === "incomplete" && scoped.failure.message).toBe("Credential should be scoped to correct service: 'execute-api'.");
    const withToken = new SignatureV4({ credentials: { ...credentials, sessionToken: "tok" }, region: "eu-west-1", service: "execute-api", sha256: Sha256 });
    const t = await withToken.sign({ method: "GET", protocol: "http:", hostname: "h", path: "/", query: {}, headers: { host: "h" } }, { signingDate: now });
    expect(verifySignedRequest(toIncoming(t.method, t.path, {}, t.headers), secretOf, now)).toMatchObject({ ok: false, failure: { kind: "token" } });
    expect(verifySignedRequest({ method: "GET", rawPath: "/", rawQuery: "", headers: [["Host", "h"]], body: null }, secretOf, now)).toEqual({ ok: false, failure: { kind: "missing" } });
  });

  it("compares signatures with crypto.timingSafeEqual", async () => {
    const req = await signed();
    const before = compare.calls;
    verifySignedRequest(req, () => "wrong", now);
    expect(compare.calls).toBeGreaterThan(before);
  });
});
