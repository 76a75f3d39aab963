import { createHash } from "node:crypto";
import { parseQuery } from "../../lib/lambda/proxy-event-v1";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import type { RequestContext } from "../pipeline/context";
import type { MethodCachePolicy } from "../../lib/cache-policy";

export { DEFAULT_CACHE_TTL_SECONDS, MAX_CACHE_TTL_SECONDS, MAX_ENTRY_BYTES, cachePolicy, methodSettingKeys, type MethodCachePolicy, type UnauthorizedStrategy } from "../../lib/cache-policy";

const CACHE_KEY_PARAMETER = /^method\.request\.(querystring|header|path)\.(.+)$/;

/** The value(s) of one `method.request.{querystring|header|path}.x` in this request, or null when absent. */
function parameterValue(ctx: RequestContext, parameter: string): string[] | null {
  const m = CACHE_KEY_PARAMETER.exec(parameter);
  if (!m) return null;
  const [, location, name] = m;
  if (location === "path") {
    const value = ctx.route?.pathParameters[name];
    return value === undefined ? null : [value];
  }
  if (location === "querystring") {
    const values = parseQuery(ctx.request.rawQuery).filter(([n]) => n === name).map(([, v]) => v);
    return values.length ? values : null;
  }
  const lower = name.toLowerCase();
  const values = ctx.request.headerPairs.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
  return values.length ? values : null;
}

/**
 * The cache key of a request: stage (its canary has its own namespace, as
 * with AWS's default `useStageCache: false`), method verb, resource path, and
 * the values of the integration's declared cache key parameters, in their
 * declared order (absent ones are told apart from empty ones). Parameters not
 * declared share one entry, as on AWS: a `{proxy+}` or `{id}` resource needs
 * `method.request.path.x` in its cache key parameters to be cached per path.
 * Hashed (SHA-256) so that every key has the same small size.
 */
export function cacheKey(ctx: RequestContext, parameters: readonly string[]): string {
  const route = ctx.route!;
  const parts: unknown[] = [ctx.restApiId, ctx.stageName, ctx.deployment?.isCanary ? "canary" : "stage", ctx.request.httpMethod, route.resource.path];
  for (const p of parameters) parts.push(p, parameterValue(ctx, p));
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64url");
}

/** The stage namespace a request's entries live in (flushing a stage drops the base and canary namespaces). */
export function stageNamespace(restApiId: string, stageName: string): string {
  return `${restApiId}/${stageName}`;
}

/** Whether the client's Cache-Control asks for a fresh answer (`max-age=0`, any case, among other directives). */
export function wantsInvalidation(headerPairs: ReadonlyArray<[string, string]>): boolean {
  for (const [name, value] of headerPairs) {
    if (name.toLowerCase() !== "cache-control") continue;
    for (const directive of value.split(",")) {
      const [key, arg] = directive.trim().split("=");
      if (key?.trim().toLowerCase() === "max-age" && arg !== undefined && Number(arg.trim().replace(/^"|"$/g, "")) === 0) return true;
    }
  }
  return false;
}

/**
 * Who may invalidate with `Cache-Control: max-age=0` when the method requires
 * authorization for it (`requireAuthorizationForCacheControl`, default true):
 * a caller the method itself authenticated — a verified SigV4 signature
 * (AWS_IAM) or an authorizer that allowed the request (CUSTOM, JWT,
 * COGNITO_USER_POOLS). Gatehouse has no IAM policies to hold
 * `execute-api:InvalidateCache`, so authentication by the method stands for
 * it; on a method without authorization nobody is authorized, unless the
 * requirement is turned off (then anyone may invalidate, as on AWS).
 */
export function mayInvalidate(ctx: RequestContext, policy: MethodCachePolicy): boolean {
  if (!policy.requireAuthorizationForCacheControl) return true;
  const type = ctx.route?.method.authorizationType ?? "NONE";
  if (type === "AWS_IAM") return Boolean(ctx.identity?.accessKey);
  if (type === "CUSTOM" || type === "JWT" || type === "COGNITO_USER_POOLS") return ctx.authorizer !== undefined;
  return false;
}

export type InvalidationDecision = "lookup" | "refresh" | "forbid" | "lookup-with-warning";

/**
 * What a `Cache-Control` header does: nothing (`lookup`), an authorized
 * invalidation (`refresh`: skip the entry, call the integration, store the
 * new answer), or an unauthorized one handled by the method's strategy:
 * FAIL_WITH_403 (`forbid`), SUCCEED_WITH_RESPONSE_HEADER (`lookup-with-warning`:
 * served as usual, with a Warning header) or SUCCEED_WITHOUT_RESPONSE_HEADER
 * (`lookup`, silently).
 */
export function invalidationDecision(ctx: RequestContext, policy: MethodCachePolicy): InvalidationDecision {
  if (!wantsInvalidation(ctx.request.headerPairs)) return "lookup";
  if (mayInvalidate(ctx, policy)) return "refresh";
  switch (policy.unauthorizedStrategy) {
    case "FAIL_WITH_403":
      return "forbid";
    case "SUCCEED_WITHOUT_RESPONSE_HEADER":
      return "lookup";
    default:
      return "lookup-with-warning";
  }
}

/** The header added under SUCCEED_WITH_RESPONSE_HEADER (AWS does not document its own; RFC 7234's Warning, code 199). */
export const UNAUTHORIZED_WARNING: [string, string] = ["Warning", '199 - "Cache-Control: max-age=0 ignored: not authorized to invalidate the cache"'];

/** Only successful (2xx) integration answers are cached; errors are retried by the next request. */
export function isCacheableResponse(result: HttpResult): boolean {
  return result.statusCode >= 200 && result.statusCode < 300;
}
