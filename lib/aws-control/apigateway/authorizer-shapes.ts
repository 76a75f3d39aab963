import type { TAuthorizer } from "../../schemas/authorizers";
import { badRequestException } from "../errors";

/**
 * Authorizers between AWS's wire shape and ours. TOKEN and REQUEST are the
 * same on both sides. AWS's COGNITO_USER_POOLS is our JWT authorizer on the
 * user pool's issuer (`https://cognito-idp.{region}.amazonaws.com/{poolId}`,
 * keys from its `/.well-known/jwks.json`), so it is recognised again from the
 * issuer when read back. Any other JWT authorizer appears as type `JWT`
 * (a Gatehouse extension) with `providerARNs: [issuer]` and
 * `authorizerUri` = its JWKS URL; it can be created that way too.
 */

const COGNITO_ARN = /^arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):(\d{12}):userpool\/([A-Za-z0-9_-]+)$/;
const COGNITO_ISSUER = /^https:\/\/cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([A-Za-z0-9_-]+)$/;

export const AWS_AUTHORIZER_TYPES = ["TOKEN", "REQUEST", "COGNITO_USER_POOLS", "JWT"] as const;

export function awsAuthorizer(a: TAuthorizer, accountId: string) {
  const common = {
    id: a.id,
    name: a.name,
    ...(a.identitySource ? { identitySource: a.identitySource } : {}),
    authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
  };
  if (a.type !== "JWT") {
    return {
      ...common,
      type: a.type,
      authorizerUri: a.authorizerUri,
      ...(a.identityValidationExpression ? { identityValidationExpression: a.identityValidationExpression } : {}),
    };
  }
  const cognito = a.issuer ? COGNITO_ISSUER.exec(a.issuer) : null;
  if (cognito) {
    return { ...common, type: "COGNITO_USER_POOLS", providerARNs: [`arn:aws:cognito-idp:${cognito[1]}:${accountId}:userpool/${cognito[2]}`] };
  }
  return { ...common, type: "JWT", providerARNs: a.issuer ? [a.issuer] : [], ...(a.jwksUri ? { authorizerUri: a.jwksUri } : {}) };
}

/** The JWT issuer and JWKS URL for AWS's providerARNs (one user pool ARN, or for type JWT one issuer URL). */
export function jwtProvider(type: string, providerARNs: unknown, authorizerUri: unknown): { issuer: string; jwksUri: string } {
  if (!Array.isArray(providerARNs) || providerARNs.length === 0 || typeof providerARNs[0] !== "string") {
    throw badRequestException(`Invalid request: providerARNs is required for ${type} authorizers`);
  }
  if (providerARNs.length > 1) throw badRequestException("Invalid request: providerARNs: Gatehouse supports one user pool (one issuer) per authorizer");
  const provider = providerARNs[0];
  if (type === "COGNITO_USER_POOLS") {
    const m = COGNITO_ARN.exec(provider);
    if (!m) throw badRequestException(`Invalid request: providerARNs: '${provider}' is not a Cognito user pool ARN (arn:aws:cognito-idp:{region}:{account}:userpool/{poolId})`);
    const issuer = `https://cognito-idp.${m[1]}.amazonaws.com/${m[3]}`;
    return { issuer, jwksUri: `${issuer}/.well-known/jwks.json` };
  }
  const jwks = typeof authorizerUri === "string" && authorizerUri ? authorizerUri : `${provider.replace(/\/+$/, "")}/.well-known/jwks.json`;
  return { issuer: provider, jwksUri: jwks };
}

/** CreateAuthorizer's body as the service's ZCreateAuthorizer input (before parsing). */
export function createAuthorizerInput(raw: Record<string, unknown>) {
  const type = raw.type;
  if (typeof type !== "string" || !(AWS_AUTHORIZER_TYPES as readonly string[]).includes(type)) {
    throw badRequestException(`Invalid request: type must be one of ${AWS_AUTHORIZER_TYPES.join(", ")}`);
  }
  const common = {
    name: raw.name,
    identitySource: raw.identitySource ?? (type === "REQUEST" ? "" : undefined),
    authorizerResultTtlInSeconds: raw.authorizerResultTtlInSeconds ?? 300,
  };
  if (type === "TOKEN" || type === "REQUEST") {
    return { ...common, type, authorizerUri: raw.authorizerUri ?? "", identityValidationExpression: raw.identityValidationExpression };
  }
  // Our JWT authorizers do not cache results: their verification is local.
  return { ...common, type: "JWT", authorizerResultTtlInSeconds: 0, ...jwtProvider(type, raw.providerARNs, raw.authorizerUri) };
}

/** The AWS type of a stored authorizer (JWT split into COGNITO_USER_POOLS and JWT by its issuer). */
export const awsTypeOf = (a: TAuthorizer) => (a.type === "JWT" ? (a.issuer && COGNITO_ISSUER.test(a.issuer) ? "COGNITO_USER_POOLS" : "JWT") : a.type);
