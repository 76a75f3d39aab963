import { createHmac, createPublicKey, timingSafeEqual, verify as cryptoVerify, constants, type JsonWebKey, type KeyObject } from "node:crypto";

/**
 * JWT verification for JWT authorizers: RS256/384/512, PS256, ES256/384 with
 * keys from a JWKS (node:crypto's JWK import), HS256 with a shared secret.
 * `alg: none` and algorithm confusion (an HMAC token checked against an RSA or
 * EC key, an RS token against an EC key, …) are refused: a key is used only
 * with the algorithms of its `kty` (and its own `alg`, when the JWK names one).
 */

export class JwtError extends Error {
  constructor(
    /** Short reason for the log (never the token). */
    readonly reason: string,
  ) {
    super(reason);
    this.name = "JwtError";
  }
}

export interface DecodedJwt {
  header: { alg?: unknown; kid?: unknown; typ?: unknown; [k: string]: unknown };
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

function parsePart(part: string, what: string): Record<string, unknown> {
  if (!B64URL.test(part)) throw new JwtError(`malformed ${what}`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    throw new JwtError(`malformed ${what}`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new JwtError(`malformed ${what}`);
  return value as Record<string, unknown>;
}

/** Splits and parses a compact JWS (no verification). */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split(".");
  if (parts.length !== 3) throw new JwtError("not a JWT (three dot-separated parts expected)");
  const [h, p, s] = parts;
  if (!B64URL.test(s)) throw new JwtError("malformed signature");
  return { header: parsePart(h, "header"), payload: parsePart(p, "payload"), signingInput: `${h}.${p}`, signature: Buffer.from(s, "base64url") };
}

/** Algorithms a JWK of each kty may verify. */
const ALGS_BY_KTY: Record<string, string[]> = {
  RSA: ["RS256", "RS384", "RS512", "PS256"],
  EC: ["ES256", "ES384"],
};
export const SUPPORTED_ASYMMETRIC_ALGS = [...ALGS_BY_KTY.RSA, ...ALGS_BY_KTY.EC];

const HASH: Record<string, string> = { RS256: "sha256", RS384: "sha384", RS512: "sha512", PS256: "sha256", ES256: "sha256", ES384: "sha384" };
const EC_CURVE: Record<string, string> = { ES256: "P-256", ES384: "P-384" };

/** The JWK can verify `alg`: right kty (and curve), and the key's own `alg`/`use` agree. */
export function keyAllowsAlg(jwk: JsonWebKey & { alg?: string; use?: string; kid?: string }, alg: string): boolean {
  const allowed = ALGS_BY_KTY[String(jwk.kty)];
  if (!allowed?.includes(alg)) return false;
  if (jwk.alg && jwk.alg !== alg) return false;
  if (jwk.use && jwk.use !== "sig") return false;
  if (jwk.kty === "EC" && jwk.crv !== EC_CURVE[alg]) return false;
  return true;
}

const keyObjects = new WeakMap<object, KeyObject>();

function publicKeyOf(jwk: JsonWebKey): KeyObject {
  let key = keyObjects.get(jwk);
  if (!key) {
    try {
      key = createPublicKey({ key: jwk, format: "jwk" });
    } catch {
      throw new JwtError("the signing key cannot be read");
    }
    keyObjects.set(jwk, key);
  }
  return key;
}

/** Verifies the signature with a JWKS key (asymmetric algorithms only). */
export function verifyWithJwk(decoded: DecodedJwt, jwk: JsonWebKey): void {
  const alg = String(decoded.header.alg);
  if (!keyAllowsAlg(jwk, alg)) throw new JwtError(`algorithm ${alg} is not allowed for this key`);
  const key = publicKeyOf(jwk);
  const data = Buffer.from(decoded.signingInput);
  let ok: boolean;
  try {
    if (alg.startsWith("ES")) ok = cryptoVerify(HASH[alg], data, { key, dsaEncoding: "ieee-p1363" }, decoded.signature);
    else if (alg === "PS256") ok = cryptoVerify(HASH[alg], data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, decoded.signature);
    else ok = cryptoVerify(HASH[alg], data, key, decoded.signature);
  } catch {
    ok = false;
  }
  if (!ok) throw new JwtError("invalid signature");
}

/** HS256 with a shared secret, compared in constant time. */
export function verifyHs256(decoded: DecodedJwt, secret: string): void {
  if (decoded.header.alg !== "HS256") throw new JwtError(`algorithm ${String(decoded.header.alg)} is not allowed (HS256 expected)`);
  const expected = createHmac("sha256", secret).update(decoded.signingInput).digest();
  if (expected.length !== decoded.signature.length || !timingSafeEqual(expected, decoded.signature)) throw new JwtError("invalid signature");
}

export interface ClaimRules {
  issuer: string;
  /** The token's `aud` (or, for Cognito-style access tokens, `client_id`) must be one of these; empty: not checked. */
  audiences: string[];
  /** Seconds; default 60. */
  clockSkewSeconds?: number;
  nowMs?: number;
}

const numeric = (v: unknown) => typeof v === "number" && Number.isFinite(v);

/** exp / nbf / iat with clock skew, exact `iss`, and `aud` / `client_id`. */
export function checkClaims(payload: Record<string, unknown>, rules: ClaimRules): void {
  const now = (rules.nowMs ?? Date.now()) / 1000;
  const skew = rules.clockSkewSeconds ?? 60;
  if (payload.exp === undefined) throw new JwtError("the token has no exp claim");
  if (!numeric(payload.exp)) throw new JwtError("exp is not a number");
  if ((payload.exp as number) + skew <= now) throw new JwtError("the token has expired");
  if (payload.nbf !== undefined && (!numeric(payload.nbf) || (payload.nbf as number) - skew > now)) throw new JwtError("the token is not valid yet (nbf)");
  if (payload.iat !== undefined && (!numeric(payload.iat) || (payload.iat as number) - skew > now)) throw new JwtError("the token was issued in the future (iat)");
  if (payload.iss !== rules.issuer) throw new JwtError("wrong issuer");
  if (rules.audiences.length > 0) {
    const aud = Array.isArray(payload.aud) ? payload.aud : payload.aud !== undefined ? [payload.aud] : [];
    const clientId = payload.client_id;
    const ok = aud.some((a) => typeof a === "string" && rules.audiences.includes(a)) || (typeof clientId === "string" && rules.audiences.includes(clientId));
    if (!ok) throw new JwtError("wrong audience");
  }
}

/** The token's scopes: `scope` (space-separated) or `scp` (list or space-separated string). */
export function tokenScopes(payload: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const v of [payload.scope, payload.scp]) {
    if (typeof v === "string") out.push(...v.split(/\s+/).filter(Boolean));
    else if (Array.isArray(v)) out.push(...v.filter((s): s is string => typeof s === "string"));
  }
  return out;
}

/**
 * Claims as AWS REST exposes them in `requestContext.authorizer.claims`:
 * strings; numbers and booleans as their text, objects and arrays as JSON.
 */
export function claimsAsStrings(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
  }
  return out;
}

/** A short, non-secret description of a token for logs: its length and last 4 characters. */
export function redactToken(token: string): string {
  return token.length <= 8 ? `[${token.length} chars]` : `…${token.slice(-4)} (${token.length} chars)`;
}
