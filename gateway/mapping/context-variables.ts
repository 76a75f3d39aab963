import { formatRequestTime } from "../../lib/lambda/proxy-event-v1";
import type { RequestContext } from "../pipeline/context";

/** `$context.authorizer`: principalId, the function authorizer's context keys, a JWT's `claims`. */
export function authorizerVariables(result: NonNullable<RequestContext["authorizer"]>): Record<string, unknown> {
  return {
    ...result.context,
    ...(result.principalId !== undefined ? { principalId: result.principalId } : {}),
    ...(result.claims ? { claims: result.claims } : {}),
  };
}

/** The `$context` variables parameter mappings can read (`context.requestId`, `context.identity.sourceIp`, …). */
export function contextVariables(ctx: RequestContext): Record<string, unknown> {
  const header = (name: string) => ctx.request.headerPairs.find(([n]) => n.toLowerCase() === name)?.[1] ?? null;
  return {
    accountId: ctx.accountId,
    apiId: ctx.restApiId,
    deploymentId: ctx.deployment?.deploymentId,
    domainName: ctx.request.domainName,
    domainPrefix: ctx.request.domainName.split(".")[0],
    extendedRequestId: ctx.extendedRequestId,
    httpMethod: ctx.request.httpMethod,
    isCanaryRequest: ctx.deployment?.isCanary ?? false,
    path: ctx.request.stagePath,
    protocol: `HTTP/${ctx.raw.httpVersion}`,
    requestId: ctx.requestId,
    requestTime: formatRequestTime(ctx.receivedAt),
    requestTimeEpoch: ctx.receivedAt,
    resourceId: ctx.route?.resource.id,
    resourcePath: ctx.route?.resource.path,
    stage: ctx.stageName,
    identity: {
      sourceIp: ctx.request.sourceIp,
      userAgent: header("user-agent"),
      apiKey: ctx.identity?.apiKey,
      apiKeyId: ctx.identity?.apiKeyId,
      accessKey: ctx.identity?.accessKey,
      user: ctx.identity?.user,
      userArn: ctx.identity?.userArn,
      caller: ctx.identity?.caller,
    },
    authorizer: ctx.authorizer ? authorizerVariables(ctx.authorizer) : undefined,
  };
}

/** Follows `path` into a JSON value; a string stays as it is, anything else is JSON text. Missing → undefined. */
export function valueAt(root: unknown, path: string[]): string | undefined {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * A body as JSON for `body.a.b` mappings. Like AWS, only a body that starts
 * with `{`, `[`, `"` or `'` is parsed; anything else counts as `{}`.
 */
export function bodyAsJson(body: Buffer | null): unknown {
  const text = body?.toString("utf8").trim() ?? "";
  if (!/^[{["']/.test(text)) return {};
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
