import type { FieldProblem } from "../errors";
import { parseFunctionInvocationUri } from "../arn";

/** Checks shared by the authorizer service and the deploy compiler. */

export const HEADER_SOURCE = /^method\.request\.header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const REQUEST_SOURCE = /^(method\.request\.(header|querystring|path)\.[^\s,]+|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.]+)$/;

/** REQUEST identity sources: comma-separated, empty entries dropped. */
export function splitIdentitySources(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface AuthorizerFields {
  type: string;
  authorizerUri: string;
  identitySource: string;
  identityValidationExpression: string | null;
  resultTtlSeconds: number;
  issuer: string | null;
  audiences: string[];
  jwksUri: string | null;
  hasSecret: boolean;
}

const isHttpUrl = (v: string) => {
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
};

/** Every problem of an authorizer's final field values (after defaults and an update are applied). */
export function authorizerProblems(a: AuthorizerFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (a.resultTtlSeconds < 0 || a.resultTtlSeconds > 3600) add("authorizerResultTtlInSeconds", "The TTL is 0–3600 seconds");
  if (a.type === "TOKEN" || a.type === "REQUEST") {
    if (!parseFunctionInvocationUri(a.authorizerUri)) {
      add("authorizerUri", "Use a function invocation ARN: arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{region}:{account}:function:{name}/invocations");
    }
  }
  if (a.type === "TOKEN" || a.type === "JWT") {
    if (!HEADER_SOURCE.test(a.identitySource)) add("identitySource", "Use one header: method.request.header.{name}");
  }
  if (a.type === "TOKEN" && a.identityValidationExpression) {
    try {
      new RegExp(a.identityValidationExpression);
    } catch {
      add("identityValidationExpression", "Not a valid regular expression");
    }
  } else if (a.type !== "TOKEN" && a.identityValidationExpression) {
    add("identityValidationExpression", "Only TOKEN authorizers have a validation expression");
  }
  if (a.type === "REQUEST") {
    const sources = splitIdentitySources(a.identitySource);
    for (const s of sources) {
      if (!REQUEST_SOURCE.test(s)) add("identitySource", `"${s}" is not method.request.{header|querystring|path}.{name}, stageVariables.{name} or context.{name}`);
    }
    if (sources.length === 0 && a.resultTtlSeconds > 0) add("identitySource", "Caching (a TTL above 0) needs at least one identity source");
  }
  if (a.type === "JWT") {
    if (!a.issuer) add("issuer", "The issuer is required");
    else if (!isHttpUrl(a.issuer)) add("issuer", "The issuer is an http(s) URL, exactly as in the tokens' iss claim");
    if (a.jwksUri && a.hasSecret) add("jwksUri", "Use either a JWKS URL or a shared secret, not both");
    if (!a.jwksUri && !a.hasSecret) add("jwksUri", "Give a JWKS URL or an HS256 shared secret");
    if (a.jwksUri && !isHttpUrl(a.jwksUri)) add("jwksUri", "The JWKS URL is an http(s) URL");
  } else {
    if (a.issuer) add("issuer", "Only JWT authorizers have an issuer");
    if (a.jwksUri) add("jwksUri", "Only JWT authorizers have a JWKS URL");
    if (a.hasSecret) add("jwtSecret", "Only JWT authorizers have a secret");
  }
  return problems;
}

/** Which authorization types may use an authorizer of this type. */
export function authorizationTypesFor(authorizerType: string): string[] {
  return authorizerType === "JWT" ? ["JWT", "COGNITO_USER_POOLS"] : ["CUSTOM"];
}
