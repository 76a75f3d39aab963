import { createHash, createHmac } from "node:crypto";

/**
 * AWS Signature Version 4 (header-based), our own implementation:
 * canonical request → string to sign → signing key (HMAC chain over date,
 * region, service, "aws4_request") → Authorization header. Checked against
 * AWS's published IAM ListUsers example (tests/unit/sigv4.test.ts).
 */

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigV4Request {
  method: string;
  url: URL;
  /** Headers to sign (and send); Host is added from the URL when absent. */
  headers: Array<[string, string]>;
  body?: string | Buffer;
}

export interface SigV4Options {
  region: string;
  service: string;
  /** Default: now. */
  date?: Date;
  /** Add X-Amz-Content-Sha256 (as S3 and Lambda accept); the hash is signed either way. */
  contentSha256Header?: boolean;
}

export interface SignedRequest {
  /** The request's headers plus Host, X-Amz-Date, [X-Amz-Security-Token, X-Amz-Content-Sha256,] Authorization. */
  headers: Array<[string, string]>;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  authorization: string;
}

export const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is %XX (uppercase). */
export function uriEncode(value: string, keepSlash = false): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c) || (keepSlash && c === "/")) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The URL's path, each segment decoded then encoded once (non-S3 services encode the path once; empty → "/"). */
export function canonicalPath(url: URL): string {
  const path = url.pathname || "/";
  return path
    .split("/")
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // keep as is
      }
      return uriEncode(decoded);
    })
    .join("/");
}

/** Query parameters encoded, sorted by name then value, `name=value` joined by `&` (a bare name is `name=`). */
export function canonicalQuery(url: URL): string {
  const raw = url.search.startsWith("?") ? url.search.slice(1) : url.search;
  if (!raw) return "";
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, "%20"));
    } catch {
      return s;
    }
  };
  const pairs = raw
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const at = p.indexOf("=");
      const name = at < 0 ? p : p.slice(0, at);
      const value = at < 0 ? "" : p.slice(at + 1);
      return [uriEncode(decode(name)), uriEncode(decode(value))] as [string, string];
    });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([n, v]) => `${n}=${v}`).join("&");
}

/** Lowercased names, sorted; values trimmed with inner runs of spaces collapsed; repeated names joined with ",". */
export function canonicalHeaders(headers: Array<[string, string]>): { canonical: string; signedHeaders: string } {
  const byName = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase().trim();
    const clean = value.trim().replace(/\s+/g, " ");
    byName.set(lower, [...(byName.get(lower) ?? []), clean]);
  }
  const names = [...byName.keys()].sort();
  return {
    canonical: names.map((n) => `${n}:${byName.get(n)!.join(",")}\n`).join(""),
    signedHeaders: names.join(";"),
  };
}

/** `20150830T123600Z`. */
export const amzDate = (date: Date) => date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

export function signingKey(secretAccessKey: string, dateStamp: string, region: string, service: string): Buffer {
  const kDate = hmac(`AWS4${secretAccessKey}`, dateStamp);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, "aws4_request");
}

/** The canonical request's six lines (method, URI, query, headers block, signed header names, payload hash). */
export function buildCanonicalRequest(method: string, canonicalUri: string, canonicalQueryString: string, canonicalHeaderBlock: string, signedHeaders: string, payloadHash: string): string {
  return [method.toUpperCase(), canonicalUri, canonicalQueryString, canonicalHeaderBlock, signedHeaders, payloadHash].join("\n");
}

/** `20150830/us-east-1/iam/aws4_request`. */
export const credentialScope = (dateStamp: string, region: string, service: string) => `${dateStamp}/${region}/${service}/aws4_request`;

/** `AWS4-HMAC-SHA256`, the request time, the scope and the canonical request's SHA-256. */
export function buildStringToSign(amzDateTime: string, scope: string, canonicalRequest: string): string {
  return ["AWS4-HMAC-SHA256", amzDateTime, scope, sha256Hex(canonicalRequest)].join("\n");
}

/** The hex HMAC-SHA256 of the string to sign under the derived signing key. */
export const signatureOf = (key: Buffer, stringToSign: string) => createHmac("sha256", key).update(stringToSign, "utf8").digest("hex");

const hasHeader = (headers: Array<[string, string]>, name: string) => headers.some(([n]) => n.toLowerCase() === name);

/** Signs a request: returns the headers to send (the given ones plus the SigV4 ones) and the intermediate values. */
export function signRequest(request: SigV4Request, credentials: SigV4Credentials, options: SigV4Options): SignedRequest {
  const when = amzDate(options.date ?? new Date());
  const dateStamp = when.slice(0, 8);
  const payloadHash = sha256Hex(request.body ?? "");
  const headers: Array<[string, string]> = [...request.headers];
  if (!hasHeader(headers, "host")) headers.push(["Host", request.url.host]);
  if (!hasHeader(headers, "x-amz-date")) headers.push(["X-Amz-Date", when]);
  if (credentials.sessionToken && !hasHeader(headers, "x-amz-security-token")) headers.push(["X-Amz-Security-Token", credentials.sessionToken]);
  if (options.contentSha256Header && !hasHeader(headers, "x-amz-content-sha256")) headers.push(["X-Amz-Content-Sha256", payloadHash]);
  const { canonical, signedHeaders } = canonicalHeaders(headers);
  const canonicalRequest = buildCanonicalRequest(request.method, canonicalPath(request.url), canonicalQuery(request.url), canonical, signedHeaders, payloadHash);
  const scope = credentialScope(dateStamp, options.region, options.service);
  const stringToSign = buildStringToSign(when, scope, canonicalRequest);
  const signature = signatureOf(signingKey(credentials.secretAccessKey, dateStamp, options.region, options.service), stringToSign);
  const authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  headers.push(["Authorization", authorization]);
  return { headers, canonicalRequest, stringToSign, signature, authorization };
}

export interface ParsedAuthorization {
  accessKeyId: string;
  dateStamp: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Reads an `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header (null if it is not one). */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9\-;]+), ?Signature=([0-9a-f]{64})$/.exec(header ?? "");
  if (!m) return null;
  return { accessKeyId: m[1], dateStamp: m[2], region: m[3], service: m[4], signedHeaders: m[5].split(";"), signature: m[6] };
}
