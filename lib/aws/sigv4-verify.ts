import { timingSafeEqual } from "node:crypto";
import { amzDate, buildCanonicalRequest, buildStringToSign, canonicalHeaders, credentialScope, sha256Hex, signatureOf, signingKey, uriEncode } from "./sigv4";

/**
 * Verifying AWS Signature Version 4 on incoming requests (API Gateway's
 * AWS_IAM authorization), from the pieces of our signer (lib/aws/sigv4.ts).
 *
 * Both forms: the `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…,
 * Signature=…` header, and a presigned URL (`X-Amz-Algorithm`, `X-Amz-Credential`,
 * `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`, `X-Amz-Signature`).
 *
 * The canonical URI: the SigV4 rules say non-S3 services encode each path
 * segment twice, and the AWS SDK signers (smithy `SignatureV4`, `aws4`) do so
 * for `execute-api`; hand-written signers often encode once. A path with no
 * character to escape reads the same either way; otherwise both readings are
 * tried (each compared in constant time), as is `+` in the query read as a
 * literal plus (RFC 3986, what the SDKs sign) or as a space (form encoding).
 *
 * Messages are AWS's (observed on execute-api: mhart/aws4#33 and #118,
 * aws/aws-sdk-js#2372, rpgreen/apigateway-generic-java-sdk#11).
 */

/** AWS's execute-api accepts a signature at most this far from its clock (the "- 5 min." of its message). */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** Presigned URLs may live at most 7 days, as elsewhere on AWS. */
export const MAX_PRESIGN_EXPIRES_SECONDS = 7 * 24 * 3600;
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
export const SIGNATURE_MISMATCH_MESSAGE =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
export const INVALID_TOKEN_MESSAGE = "The security token included in the request is invalid.";

export interface IncomingSignedRequest {
  method: string;
  /** The request target's path exactly as received (still percent-encoded). */
  rawPath: string;
  /** The query string as received, without `?`. */
  rawQuery: string;
  headers: Array<[string, string]>;
  body: Buffer | null;
}

export interface SignatureClaim {
  presigned: boolean;
  accessKeyId: string;
  dateStamp: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** `20150830T123600Z`. */
  amzDate: string;
  /** Presigned only: X-Amz-Expires in seconds. */
  expiresSeconds?: number;
  /** Header form: X-Amz-Content-Sha256 when sent. */
  contentSha256?: string;
  securityToken?: string;
}

/** Why a request is refused: `missing` (no signature at all) → Missing Authentication Token; others → 403 with `message`. */
export type SignatureFailure =
  | { kind: "missing" }
  | { kind: "incomplete" | "mismatch" | "expired" | "unknown-key" | "token"; message: string };

const header = (headers: Array<[string, string]>, name: string): string | undefined => {
  const values = headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
  return values.length > 0 ? values.join(",") : undefined;
};

function queryPairs(rawQuery: string): Array<[string, string]> {
  if (!rawQuery) return [];
  return rawQuery
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const at = p.indexOf("=");
      return (at < 0 ? [p, ""] : [p.slice(0, at), p.slice(at + 1)]) as [string, string];
    });
}

function decode(s: string, plusAsSpace: boolean): string {
  try {
    return decodeURIComponent(plusAsSpace ? s.replace(/\+/g, "%20") : s);
  } catch {
    return s;
  }
}

const CREDENTIAL = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * Reads the signature a request carries: null when it carries none (no
 * Authorization header or an unrelated one, no X-Amz-Signature), else the
 * claim or an `incomplete` failure describing what is malformed.
 */
export function readSignatureClaim(req: IncomingSignedRequest): SignatureClaim | SignatureFailure | null {
  const authorization = header(req.headers, "authorization");
  const query = new Map(queryPairs(req.rawQuery).map(([n, v]) => [decode(n, false), decode(v, false)]));
  if (authorization && authorization.startsWith("AWS4-HMAC-SHA256")) {
    const params = new Map<string, string>();
    for (const part of authorization.slice("AWS4-HMAC-SHA256".length).split(",")) {
      const at = part.indexOf("=");
      if (at > 0) params.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
    }
    const missing = ["Credential", "Signature", "SignedHeaders"].filter((p) => !params.get(p));
    const when = header(req.headers, "x-amz-date");
    const problems = missing.map((p) => `Authorization header requires '${p}' parameter.`);
    if (!when) problems.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    if (problems.length > 0) return { kind: "incomplete", message: `${problems.join(" ")} Authorization=AWS4-HMAC-SHA256` };
    return claimFrom(false, params.get("Credential")!, params.get("SignedHeaders")!, params.get("Signature")!, when!, {
      contentSha256: header(req.headers, "x-amz-content-sha256"),
      securityToken: header(req.headers, "x-amz-security-token"),
    });
  }
  if (query.has("X-Amz-Signature") || query.get("X-Amz-Algorithm") === "AWS4-HMAC-SHA256") {
    const names = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"];
    const missing = names.filter((n) => !query.get(n));
    if (missing.length > 0) return { kind: "incomplete", message: `AWS query-string parameters must include ${missing.map((n) => `'${n}'`).join(", ")}. Re-examine the query-string parameters.` };
    if (query.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") return { kind: "incomplete", message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA256' is the only one." };
    const expires = Number(query.get("X-Amz-Expires") ?? String(MAX_PRESIGN_EXPIRES_SECONDS));
    if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_EXPIRES_SECONDS) {
      return { kind: "incomplete", message: `X-Amz-Expires must be a whole number of seconds between 1 and ${MAX_PRESIGN_EXPIRES_SECONDS}.` };
    }
    return claimFrom(true, query.get("X-Amz-Credential")!, query.get("X-Amz-SignedHeaders")!, query.get("X-Amz-Signature")!, query.get("X-Amz-Date")!, {
      expiresSeconds: expires,
      securityToken: query.get("X-Amz-Security-Token"),
    });
  }
  return null;
}

function claimFrom(
  presigned: boolean,
  credential: string,
  signedHeaders: string,
  signature: string,
  when: string,
  extra: Partial<SignatureClaim>,
): SignatureClaim | SignatureFailure {
  const c = CREDENTIAL.exec(credential);
  if (!c) return { kind: "incomplete", message: `Credential should be scoped to a valid region, service and date: '${credential.replace(/^[^/]*/, "…")}'.` };
  if (!AMZ_DATE.test(when)) return { kind: "incomplete", message: `Date must be in ISO-8601 'basic format'. Got '${when}'. See http://en.wikipedia.org/wiki/ISO_8601` };
  if (!/^[0-9a-f]{64}$/.test(signature)) return { kind: "mismatch", message: SIGNATURE_MISMATCH_MESSAGE };
  return {
    presigned,
    accessKeyId: c[1],
    dateStamp: c[2],
    region: c[3],
    service: c[4],
    signedHeaders: signedHeaders.split(";").map((h) => h.trim().toLowerCase()),
    signature,
    amzDate: when,
    ...extra,
  };
}

export const parseAmzDate = (value: string): Date => {
  const m = AMZ_DATE.exec(value)!;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
};

/** The scope and time checks that need no secret: service, date agreement, clock skew, expiry, session tokens. */
export function checkClaim(claim: SignatureClaim, now: Date, services: readonly string[] = ["execute-api"]): SignatureFailure | null {
  if (!services.includes(claim.service)) return { kind: "incomplete", message: `Credential should be scoped to correct service: '${services[0]}'.` };
  if (claim.amzDate.slice(0, 8) !== claim.dateStamp) {
    return { kind: "incomplete", message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${claim.dateStamp}' != '${claim.amzDate.slice(0, 8)}', from '${claim.amzDate}'.` };
  }
  if (!claim.signedHeaders.includes("host")) return { kind: "incomplete", message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." };
  // Gatehouse issues no temporary credentials: a session token cannot be valid here.
  if (claim.securityToken !== undefined) return { kind: "token", message: INVALID_TOKEN_MESSAGE };
  const signedAt = parseAmzDate(claim.amzDate).getTime();
  const nowMs = now.getTime();
  if (claim.presigned) {
    if (nowMs > signedAt + claim.expiresSeconds! * 1000) {
      return { kind: "expired", message: `Signature expired: ${claim.amzDate} is now earlier than ${amzDate(new Date(nowMs - claim.expiresSeconds! * 1000))} (${amzDate(now)} - ${claim.expiresSeconds} sec.)` };
    }
    if (signedAt > nowMs + CLOCK_SKEW_MS) return notYetCurrent(claim.amzDate, now);
    return null;
  }
  if (signedAt < nowMs - CLOCK_SKEW_MS) {
    return { kind: "expired", message: `Signature expired: ${claim.amzDate} is now earlier than ${amzDate(new Date(nowMs - CLOCK_SKEW_MS))} (${amzDate(now)} - 5 min.)` };
  }
  if (signedAt > nowMs + CLOCK_SKEW_MS) return notYetCurrent(claim.amzDate, now);
  return null;
}

const notYetCurrent = (when: string, now: Date): SignatureFailure => ({
  kind: "expired",
  message: `Signature not yet current: ${when} is still later than ${amzDate(new Date(now.getTime() + CLOCK_SKEW_MS))} (${amzDate(now)} + 5 min.)`,
});

/** Drops empty and `.` segments and resolves `..`, keeping the leading and trailing slash (what the SDK signers do). */
function normalizedSegments(rawPath: string): string[] {
  const out: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") out.pop();
    else out.push(segment);
  }
  return ["", ...out, ...(out.length > 0 && rawPath.endsWith("/") ? [""] : [])];
}

/**
 * Canonical URI readings: each segment decoded then encoded once (the
 * published test suite, hand-written signers), encoded twice (the SigV4 rule
 * for non-S3 services), and the raw segment encoded once more (the SDKs), as
 * sent and with the path normalized. Duplicates are dropped.
 */
export function canonicalUriCandidates(rawPath: string): string[] {
  const readings = (segments: string[]) => [
    segments.map((s) => uriEncode(decode(s, false))),
    segments.map((s) => uriEncode(uriEncode(decode(s, false)))),
    segments.map((s) => uriEncode(s)),
  ];
  const path = rawPath || "/";
  return [...new Set([...readings(path.split("/")), ...readings(normalizedSegments(path))].map((segments) => segments.join("/") || "/"))];
}

/** Sorted, encoded `name=value` pairs, without `X-Amz-Signature`; `+` read literally and, when present, as a space. */
export function canonicalQueryCandidates(rawQuery: string, presigned: boolean): string[] {
  const build = (plusAsSpace: boolean) => {
    const pairs = queryPairs(rawQuery)
      .map(([n, v]) => [uriEncode(decode(n, plusAsSpace)), uriEncode(decode(v, plusAsSpace))] as [string, string])
      .filter(([n]) => !(presigned && n === "X-Amz-Signature"));
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    return pairs.map(([n, v]) => `${n}=${v}`).join("&");
  };
  return [...new Set([build(false), ...(rawQuery.includes("+") ? [build(true)] : [])])];
}

function constantTimeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  // Lengths are public (64 hex digits); comparing equal-length buffers keeps timingSafeEqual from throwing.
  if (x.length !== y.length) return false;
  return timingSafeEqual(x, y);
}

export interface VerifyDetail {
  /** The canonical request the signature was checked against (the first reading), for the error message. */
  canonicalRequest: string;
  stringToSign: string;
}

/**
 * Checks the signature with the key's secret. The payload hash: the body's
 * SHA-256; a sent `X-Amz-Content-Sha256` must equal it (or be
 * `UNSIGNED-PAYLOAD`); presigned URLs sign `UNSIGNED-PAYLOAD` (or the hash).
 */
export function verifyClaimSignature(
  req: IncomingSignedRequest,
  claim: SignatureClaim,
  secretAccessKey: string,
): { ok: true } | { ok: false; failure: SignatureFailure; detail?: VerifyDetail } {
  const bodyHash = sha256Hex(req.body ?? Buffer.alloc(0));
  let payloadHashes: string[];
  if (claim.presigned) payloadHashes = [UNSIGNED_PAYLOAD, bodyHash];
  else if (claim.contentSha256 !== undefined) {
    if (claim.contentSha256 !== bodyHash && claim.contentSha256 !== UNSIGNED_PAYLOAD) {
      return { ok: false, failure: { kind: "mismatch", message: "The provided 'x-amz-content-sha256' header does not match what was computed." } };
    }
    payloadHashes = [claim.contentSha256];
  } else payloadHashes = [bodyHash];

  const signedSet = new Set(claim.signedHeaders);
  const present = req.headers.filter(([n]) => signedSet.has(n.toLowerCase()));
  const { canonical, signedHeaders } = canonicalHeaders(present);
  // Every signed header must have been sent (a missing one cannot have been signed).
  if (signedHeaders !== [...signedSet].sort().join(";")) {
    return { ok: false, failure: { kind: "mismatch", message: SIGNATURE_MISMATCH_MESSAGE } };
  }
  const key = signingKey(secretAccessKey, claim.dateStamp, claim.region, claim.service);
  const scope = credentialScope(claim.dateStamp, claim.region, claim.service);
  let first: VerifyDetail | undefined;
  let matched = false;
  for (const uri of canonicalUriCandidates(req.rawPath)) {
    for (const query of canonicalQueryCandidates(req.rawQuery, claim.presigned)) {
      for (const payloadHash of payloadHashes) {
        const canonicalRequest = buildCanonicalRequest(req.method, uri, query, canonical, signedHeaders, payloadHash);
        const stringToSign = buildStringToSign(claim.amzDate, scope, canonicalRequest);
        first ??= { canonicalRequest, stringToSign };
        // No early exit: every reading is computed and compared in constant time.
        if (constantTimeEqualHex(signatureOf(key, stringToSign), claim.signature)) matched = true;
      }
    }
  }
  return matched ? { ok: true } : { ok: false, failure: { kind: "mismatch", message: SIGNATURE_MISMATCH_MESSAGE }, detail: first };
}

/** AWS appends the canonical request and string to sign to a mismatch message (no secret in either). */
export function mismatchMessage(detail: VerifyDetail | undefined): string {
  if (!detail) return SIGNATURE_MISMATCH_MESSAGE;
  return `${SIGNATURE_MISMATCH_MESSAGE}\n\nThe Canonical String for this request should have been\n'${detail.canonicalRequest}'\n\nThe String-to-Sign should have been\n'${detail.stringToSign}'\n`;
}

export type VerifyResult = { ok: true; accessKeyId: string } | { ok: false; accessKeyId?: string; failure: SignatureFailure };

/** The whole check: claim, time window, key lookup (`secretOf` → undefined for unknown or disabled keys), signature. */
export function verifySignedRequest(
  req: IncomingSignedRequest,
  secretOf: (accessKeyId: string) => string | undefined,
  now = new Date(),
  services: readonly string[] = ["execute-api"],
): VerifyResult {
  const claim = readSignatureClaim(req);
  if (claim === null) return { ok: false, failure: { kind: "missing" } };
  if ("kind" in claim) return { ok: false, failure: claim };
  const scopeProblem = checkClaim(claim, now, services);
  if (scopeProblem) return { ok: false, accessKeyId: claim.accessKeyId, failure: scopeProblem };
  const secret = secretOf(claim.accessKeyId);
  if (secret === undefined) return { ok: false, accessKeyId: claim.accessKeyId, failure: { kind: "unknown-key", message: INVALID_TOKEN_MESSAGE } };
  const checked = verifyClaimSignature(req, claim, secret);
  if (!checked.ok) {
    const failure = checked.failure.kind === "mismatch" && checked.detail ? { kind: "mismatch" as const, message: mismatchMessage(checked.detail) } : checked.failure;
    return { ok: false, accessKeyId: claim.accessKeyId, failure };
  }
  return { ok: true, accessKeyId: claim.accessKeyId };
}
