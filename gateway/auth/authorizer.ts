import type { ArnContext } from "../../lib/arn";
import { decryptSecret } from "../../lib/secrets";
import type { TDeployedAuthorizer } from "../../lib/snapshot";
import { GatewayError } from "../errors";
import type { FunctionCaller } from "../integrations/function-call";
import { proxyEvent } from "../integrations/function-proxy";
import { contextVariables, valueAt } from "../mapping/context-variables";
import { requestParams } from "../mapping/vtl-input";
import type { AuthorizerResult, RequestContext } from "../pipeline/context";
import { claimsAsStrings, checkClaims, decodeJwt, JwtError, keyAllowsAlg, redactToken, SUPPORTED_ASYMMETRIC_ALGS, tokenScopes, verifyHs256, verifyWithJwk } from "./jwt";
import { JwksCache, JwksUnavailable } from "./jwks";
import { evaluatePolicy, MalformedAuthorizerOutput, methodArnFor, parseAuthorizerOutput, type AuthorizerOutput } from "./policy";
import { AuthorizerResultCache } from "./result-cache";
import { tracedAuthorizer } from "../logging/integration-trace";

/**
 * Runs a method's authorizer for one request (the authorize stage and the
 * console's "Test authorizer" share it). Answers as AWS does:
 * - no / empty identity source, a TOKEN not matching the validation
 *   expression, a function failing with exactly "Unauthorized", an invalid
 *   JWT or a JWT without a required scope → 401 `{"message":"Unauthorized"}`;
 * - a policy with an explicit Deny for the method ARN, or no Allow for it → 403;
 * - any other function error, a malformed result, an unreachable JWKS → 500
 *   `{"message":null}` (AuthorizerConfigurationException).
 * Tokens never reach the log in full (redactToken).
 */

export interface AuthorizerDeps {
  callFunction: FunctionCaller;
  jwks: JwksCache;
  results: AuthorizerResultCache;
  arn: ArnContext;
  secretKey?: string;
}

export interface AuthorizationOutcome {
  /** 200 when the request may proceed, else the status the client gets. */
  status: number;
  error?: GatewayError;
  result?: AuthorizerResult;
  /** The function authorizer's policy (for the test panel). */
  policy?: AuthorizerOutput["policyDocument"];
  principalId?: string;
  claims?: Record<string, string>;
  /** Lines describing what happened (no secrets, tokens redacted). */
  log: string[];
  latencyMs: number;
  cached: boolean;
}

/** Authorizer function calls: AWS allows them up to 10 s (reference §1, HTTP API quota). */
const AUTHORIZER_TIMEOUT_MS = 10_000;

const unauthorized = (logMessage: string) => new GatewayError("UNAUTHORIZED", { logMessage: `Unauthorized: ${logMessage}` });
const configurationError = (logMessage: string) =>
  new GatewayError("AUTHORIZER_CONFIGURATION_ERROR", { logMessage: `Execution failed due to configuration error: ${logMessage}` });

/** The value of one identity source for this request: header (any case), query, path, stage variable or $context. */
export function identityValue(ctx: RequestContext, source: string): string | undefined {
  const s = source.trim();
  const m = /^method\.request\.(header|querystring|path)\.(.+)$/.exec(s);
  if (m) {
    const params = requestParams(ctx);
    if (m[1] === "header") {
      const wanted = m[2].toLowerCase();
      // The last value wins for repeated headers, as in the event's `headers`.
      const pairs = ctx.request.headerPairs.filter(([n]) => n.toLowerCase() === wanted);
      return pairs.length ? pairs[pairs.length - 1][1] : undefined;
    }
    return params[m[1] as "querystring" | "path"][m[2]];
  }
  const stage = /^stageVariables\.(.+)$/.exec(s);
  if (stage) return ctx.deployment?.variables[stage[1]];
  const context = /^context\.(.+)$/.exec(s);
  if (context) {
    const v = valueAt(contextVariables(ctx), context[1].split("."));
    return v === undefined || v === null ? undefined : String(v);
  }
  return undefined;
}

export function methodArnOf(ctx: RequestContext, arn: ArnContext): string {
  return methodArnFor(arn.region, arn.accountId, ctx.restApiId ?? "", ctx.stageName ?? "", ctx.request.httpMethod, ctx.request.path);
}

function requestEvent(ctx: RequestContext, arn: ArnContext, methodArn: string) {
  const event = proxyEvent(ctx, arn);
  return {
    type: "REQUEST",
    methodArn,
    resource: event.resource,
    path: event.path,
    httpMethod: event.httpMethod,
    headers: event.headers,
    multiValueHeaders: event.multiValueHeaders,
    queryStringParameters: event.queryStringParameters,
    multiValueQueryStringParameters: event.multiValueQueryStringParameters,
    pathParameters: event.pathParameters,
    stageVariables: event.stageVariables,
    requestContext: event.requestContext,
  };
}

const secrets = new Map<string, string>();
function jwtSecret(ciphertext: string, secretKey: string | undefined): string {
  const known = secrets.get(ciphertext);
  if (known !== undefined) return known;
  if (!secretKey) throw configurationError("the JWT secret cannot be decrypted (GATEHOUSE_SECRET_KEY is not set)");
  let plain: string;
  try {
    plain = decryptSecret(ciphertext, secretKey);
  } catch {
    throw configurationError("the JWT secret cannot be decrypted with this GATEHOUSE_SECRET_KEY");
  }
  if (secrets.size > 1000) secrets.clear();
  secrets.set(ciphertext, plain);
  return plain;
}

async function runJwt(
  deps: AuthorizerDeps,
  ctx: RequestContext,
  authorizer: Extract<TDeployedAuthorizer, { type: "JWT" }>,
  scopes: string[],
  out: AuthorizationOutcome,
): Promise<void> {
  const raw = identityValue(ctx, authorizer.identitySource);
  if (!raw) throw unauthorized(`no token in ${authorizer.identitySource}`);
  const token = raw.replace(/^Bearer\s+/i, "").trim();
  out.log.push(`Token ${redactToken(token)} from ${authorizer.identitySource}`);
  const decoded = decodeJwt(token);
  const alg = typeof decoded.header.alg === "string" ? decoded.header.alg : "";
  if (!alg || alg.toLowerCase() === "none") throw new JwtError("unsigned tokens (alg none) are refused");
  if (authorizer.jwtSecretEncrypted) {
    verifyHs256(decoded, jwtSecret(authorizer.jwtSecretEncrypted, deps.secretKey));
  } else if (authorizer.jwksUri) {
    if (!SUPPORTED_ASYMMETRIC_ALGS.includes(alg)) throw new JwtError(`algorithm ${alg} is not accepted with a JWKS`);
    const kid = typeof decoded.header.kid === "string" ? decoded.header.kid : undefined;
    const candidates = (await deps.jwks.find(authorizer.jwksUri, kid)).filter((k) => keyAllowsAlg(k, alg));
    if (candidates.length === 0) throw new JwtError(kid ? `no key with kid ${kid} in the JWKS for ${alg}` : `no key in the JWKS for ${alg}`);
    let lastError: unknown;
    let verified = false;
    for (const key of candidates) {
      try {
        verifyWithJwk(decoded, key);
        verified = true;
        break;
      } catch (err) {
        lastError = err;
      }
    }
    if (!verified) throw lastError;
  } else {
    throw configurationError("the JWT authorizer has neither a JWKS URL nor a secret");
  }
  checkClaims(decoded.payload, { issuer: authorizer.issuer, audiences: authorizer.audiences });
  if (scopes.length > 0) {
    const has = tokenScopes(decoded.payload);
    if (!scopes.some((s) => has.includes(s))) throw new JwtError(`the token has none of the required scopes (${scopes.join(", ")})`);
  }
  const claims = claimsAsStrings(decoded.payload);
  out.claims = claims;
  out.principalId = typeof decoded.payload.sub === "string" ? decoded.payload.sub : undefined;
  out.result = { claims };
  out.log.push(`JWT verified (${alg}${out.principalId ? `, sub ${out.principalId}` : ""})`);
}

async function runFunction(
  deps: AuthorizerDeps,
  ctx: RequestContext,
  authorizerId: string,
  authorizer: Extract<TDeployedAuthorizer, { type: "TOKEN" | "REQUEST" }>,
  useCache: boolean,
  out: AuthorizationOutcome,
): Promise<void> {
  const methodArn = methodArnOf(ctx, deps.arn);
  let event: unknown;
  let identity: string[];
  if (authorizer.type === "TOKEN") {
    const token = identityValue(ctx, authorizer.identitySource);
    if (!token) throw unauthorized(`identity source ${authorizer.identitySource} is missing or empty`);
    out.log.push(`Token ${redactToken(token)} from ${authorizer.identitySource}`);
    if (authorizer.identityValidationExpression) {
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${authorizer.identityValidationExpression})$`);
      } catch {
        throw configurationError(`identityValidationExpression is not a valid regular expression`);
      }
      if (!re.test(token)) throw unauthorized("the token does not match the identityValidationExpression");
    }
    identity = [token];
    event = { type: "TOKEN", authorizationToken: token, methodArn };
  } else {
    identity = [];
    for (const source of authorizer.identitySources) {
      const value = identityValue(ctx, source);
      if (!value) throw unauthorized(`identity source ${source} is missing or empty`);
      identity.push(value);
    }
    event = requestEvent(ctx, deps.arn, methodArn);
  }
  const cacheable = useCache && authorizer.resultTtlSeconds > 0 && identity.length > 0;
  const cacheKey = cacheable ? AuthorizerResultCache.key(`${ctx.restApiId}/${authorizerId}`, identity) : "";
  let output = cacheable ? deps.results.get(cacheKey) : undefined;
  if (output) {
    out.cached = true;
    out.log.push(`Policy from the authorizer cache (TTL ${authorizer.resultTtlSeconds} s)`);
  } else {
    out.log.push(`Calling ${authorizer.remoteFunctionArn ?? authorizer.functionName}${authorizer.qualifier ? `:${authorizer.qualifier}` : ""} (${authorizer.type}, methodArn ${methodArn})`);
    let outcome;
    try {
      outcome = await deps.callFunction(
        ctx,
        { uri: authorizer.uri, functionName: authorizer.functionName, qualifier: authorizer.qualifier, remoteFunctionArn: authorizer.remoteFunctionArn, timeoutMs: AUTHORIZER_TIMEOUT_MS },
        event,
      );
    } catch (err) {
      const reason = err instanceof GatewayError ? (err.logMessage ?? err.message) : String((err as Error)?.message ?? err);
      throw configurationError(`authorizer function call failed: ${reason}`);
    }
    if (!outcome.ok) {
      if (outcome.errorMessage === "Unauthorized") throw unauthorized("the authorizer function answered Unauthorized");
      throw configurationError(`the authorizer function failed (${outcome.where}): ${outcome.errorMessage.slice(0, 300)}`);
    }
    try {
      output = parseAuthorizerOutput(JSON.parse(outcome.payload));
    } catch (err) {
      const why = err instanceof MalformedAuthorizerOutput ? err.message : "the result is not JSON";
      throw configurationError(`Invalid authorizer response: ${why}`);
    }
    if (cacheable) deps.results.set(cacheKey, output, authorizer.resultTtlSeconds);
  }
  out.policy = output.policyDocument;
  out.principalId = output.principalId;
  const decision = evaluatePolicy(output.policyDocument.Statement, methodArn);
  out.log.push(`Policy decision for ${methodArn}: ${decision}`);
  if (decision !== "allow") {
    // AWS: 403 `User is not authorized to access this resource[ with an explicit deny]` (x-amzn-ErrorType AccessDeniedException).
    throw new GatewayError("ACCESS_DENIED", {
      message: decision === "explicit-deny" ? "User is not authorized to access this resource with an explicit deny" : "User is not authorized to access this resource",
      errorType: "AccessDeniedException",
      logMessage: `Authorizer denied ${methodArn} (${decision}) for principal ${output.principalId}`,
    });
  }
  out.result = {
    principalId: output.principalId,
    ...(output.context ? { context: output.context } : {}),
    ...(output.usageIdentifierKey ? { usageIdentifierKey: output.usageIdentifierKey } : {}),
  };
}

/** Runs one authorizer; never throws (the outcome carries the GatewayError). */
export async function runAuthorizer(
  deps: AuthorizerDeps,
  ctx: RequestContext,
  authorizerId: string,
  authorizer: TDeployedAuthorizer,
  options: { scopes?: string[]; useCache?: boolean } = {},
): Promise<AuthorizationOutcome> {
  const started = performance.now();
  const out: AuthorizationOutcome = { status: 200, log: [], latencyMs: 0, cached: false };
  try {
    if (authorizer.type === "JWT") await runJwt(deps, ctx, authorizer, options.scopes ?? [], out);
    else await runFunction(deps, ctx, authorizerId, authorizer, options.useCache ?? true, out);
  } catch (err) {
    let error: GatewayError;
    if (err instanceof GatewayError) error = err;
    else if (err instanceof JwtError) error = unauthorized(`invalid JWT: ${err.reason}`);
    else if (err instanceof JwksUnavailable) error = configurationError(`JWKS unavailable: ${err.message}`);
    else error = configurationError(`unexpected: ${(err as Error)?.message ?? String(err)}`);
    out.error = error;
    out.status = error.status;
    out.result = undefined;
    out.log.push(error.logMessage ?? error.message);
  }
  out.latencyMs = Math.round((performance.now() - started) * 100) / 100;
  tracedAuthorizer(ctx, out);
  return out;
}
