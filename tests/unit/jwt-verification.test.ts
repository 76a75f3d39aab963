import { createHmac, generateKeyPairSync, sign, constants, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkClaims, claimsAsStrings, decodeJwt, JwtError, keyAllowsAlg, redactToken, tokenScopes, verifyHs256, verifyWithJwk } from "../../gateway/auth/jwt";
import type { Jwk } from "../../gateway/auth/jwks";

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const NOW = Date.UTC(2026, 0, 1) ;
const nowS = NOW / 1000;
const ISS = "https://issuer.test";

export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject | string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const alg = header.alg as string;
  let sig: Buffer;
  if (alg === "HS256") sig = createHmac("sha256", key as string).update(input).digest();
  else if (alg.startsWith("ES")) sig = sign(alg === "ES256" ? "sha256" : "sha384", Buffer.from(input), { key: key as KeyObject, dsaEncoding: "ieee-p1363" });
  else if (alg === "PS256") sig = sign("sha256", Buffer.from(input), { key: key as KeyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  else sig = sign(`sha${alg.slice(2)}`, Buffer.from(input), key as KeyObject);
  return `${input}.${sig.toString("base64url")}`;
}

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const rsaJwk = { ...(rsa.publicKey.export({ format: "jwk" }) as Jwk), kid: "rsa1" };
const ecJwk = { ...(ec.publicKey.export({ format: "jwk" }) as Jwk), kid: "ec1" };
const claims = { iss: ISS, aud: "api", sub: "user-1", exp: nowS + 300, iat: nowS - 10, scope: "read write" };
const rules = { issuer: ISS, audiences: ["api"], nowMs: NOW };

function verifyJwk(token: string, jwk: Jwk) {
  const d = decodeJwt(token);
  verifyWithJwk(d, jwk);
  checkClaims(d.payload, rules);
  return d.payload;
}

describe("JWT verification", () => {
  it.each(["RS256", "RS384", "RS512", "PS256"])("verifies %s with an RSA JWK", (alg) => {
    expect(verifyJwk(signJwt({ alg, kid: "rsa1" }, claims, rsa.privateKey), rsaJwk).sub).toBe("user-1");
  });

  it("verifies ES256 with an EC JWK", () => {
    expect(verifyJwk(signJwt({ alg: "ES256", kid: "ec1" }, claims, ec.privateKey), ecJwk).sub).toBe("user-1");
  });

  it("verifies HS256 with the shared secret and refuses another secret", () => {
    const token = signJwt({ alg: "HS256" }, claims, "s3cret-s3cret-s3cret");
    expect(() => verifyHs256(decodeJwt(token), "s3cret-s3cret-s3cret")).not.toThrow();
    expect(() => verifyHs256(decodeJwt(token), "other-secret-value!!")).toThrow("invalid signature");
  });

  const cases: Array<[string, () => void, string]> = [
    ["expired", () => verifyJwk(signJwt({ alg: "RS256" }, { ...claims, exp: nowS - 61 }, rsa.privateKey), rsaJwk), "expired"],
    ["exp within the 60 s skew passes", () => { verifyJwk(signJwt({ alg: "RS256" }, { ...claims, exp: nowS - 30 }, rsa.privateKey), rsaJwk); throw new JwtError("ok"); }, "ok"],
    ["no exp", () => verifyJwk(signJwt({ alg: "RS256" }, { ...claims, exp: undefined }, rsa.privateKey), rsaJwk), "no exp"],
    ["nbf in the future", () => verifyJwk(signJwt({ alg: "RS256" }, { ...claims, nbf: nowS + 120 }, rsa.privateKey), rsaJwk), "nbf"],
    ["iat in the future", () => verifyJwk(signJwt({ alg: "RS256" }, { ...claims, iat: nowS + 120 }, rsa.privateKey), rsaJwk), "iat"],
    ["wrong iss", () => verifyJwk(signJwt({ alg: "RS256" }, { ...claims, iss: "https://evil.test" }, rsa.privateKey), rsaJwk), "issuer"],
    ["wrong aud", () => verifyJwk(signJwt({ alg: "RS256" }, { ...claims, aud: "other" }, rsa.privateKey), rsaJwk), "audience"],
    ["tampered payload", () => {
      const [h, , s] = signJwt({ alg: "RS256" }, claims, rsa.privateKey).split(".");
      verifyJwk(`${h}.${b64({ ...claims, sub: "admin" })}.${s}`, rsaJwk);
    }, "invalid signature"],
    ["tampered signature", () => {
      const t = signJwt({ alg: "ES256" }, claims, ec.privateKey);
      verifyJwk(t.slice(0, -4) + (t.endsWith("AAAA") ? "BBBB" : "AAAA"), ecJwk);
    }, "invalid signature"],
    ["alg none with an RSA key", () => verifyJwk(`${b64({ alg: "none" })}.${b64(claims)}.`, rsaJwk), "not allowed"],
    ["alg none with the HS256 secret", () => verifyHs256(decodeJwt(`${b64({ alg: "none" })}.${b64(claims)}.`), "s3cret-s3cret-s3cret"), "not allowed"],
    ["algorithm confusion: HS256 signed with the RSA public key", () => {
      const pem = rsa.publicKey.export({ type: "spki", format: "pem" }).toString();
      verifyJwk(signJwt({ alg: "HS256", kid: "rsa1" }, claims, pem), rsaJwk);
    }, "not allowed"],
    ["RS256 token against an EC key", () => verifyJwk(signJwt({ alg: "RS256" }, claims, rsa.privateKey), ecJwk), "not allowed"],
    ["ES256 token against an RSA key", () => verifyJwk(signJwt({ alg: "ES256" }, claims, ec.privateKey), rsaJwk), "not allowed"],
    ["not a JWT", () => decodeJwt("abc.def"), "not a JWT"],
    ["garbage header", () => decodeJwt("!!!.e30.e30"), "malformed header"],
  ];
  it.each(cases)("refuses: %s", (_name, run, message) => {
    expect(run).toThrow(JwtError);
    expect(run).toThrow(message);
  });

  it("accepts client_id for Cognito-style access tokens, any audience of a list, and skips aud when none is configured", () => {
    expect(() => checkClaims({ ...claims, aud: undefined, client_id: "api" }, rules)).not.toThrow();
    expect(() => checkClaims({ ...claims, aud: ["x", "api"] }, rules)).not.toThrow();
    expect(() => checkClaims({ ...claims, aud: "whatever" }, { ...rules, audiences: [] })).not.toThrow();
  });

  it("honours a key's own alg and use", () => {
    expect(keyAllowsAlg({ ...rsaJwk, alg: "RS256" }, "RS512")).toBe(false);
    expect(keyAllowsAlg({ ...rsaJwk, use: "enc" }, "RS256")).toBe(false);
    expect(keyAllowsAlg(ecJwk, "ES384")).toBe(false);
  });

  it("reads scopes from scope and scp, stringifies claims as AWS REST does, redacts tokens", () => {
    expect(tokenScopes({ scope: "a b" })).toEqual(["a", "b"]);
    expect(tokenScopes({ scp: ["c", "d"] })).toEqual(["c", "d"]);
    expect(claimsAsStrings({ sub: "u", exp: 5, admin: true, groups: ["a", "b"], addr: { c: 1 } })).toEqual({ sub: "u", exp: "5", admin: "true", groups: '["a","b"]', addr: '{"c":1}' });
    const token = signJwt({ alg: "HS256" }, claims, "s3cret-s3cret-s3cret");
    expect(redactToken(token)).not.toContain(token.slice(0, 20));
    expect(redactToken(token)).toContain(token.slice(-4));
  });
});
