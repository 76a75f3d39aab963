import type { TIntegration, TIntegrationResponse, TMethod, TMethodResponse, TResource } from "../../schemas/management";

/**
 * Resources, methods, integrations and their responses as AWS shapes them.
 * AWS omits empty maps and unset fields, and has no `version` (ours is for
 * optimistic concurrency and stays off the wire).
 */

const nonEmpty = <T>(map: Record<string, T>): Record<string, T> | undefined => (Object.keys(map).length > 0 ? map : undefined);
const mapValues = <T, U>(map: Record<string, T>, f: (v: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(map).map(([k, v]) => [k, f(v)]));

export function awsMethodResponse(r: TMethodResponse) {
  return { statusCode: r.statusCode, responseParameters: nonEmpty(r.responseParameters), responseModels: nonEmpty(r.responseModels) };
}

export function awsIntegrationResponse(r: TIntegrationResponse) {
  return {
    statusCode: r.statusCode,
    selectionPattern: r.selectionPattern ?? undefined,
    responseParameters: nonEmpty(r.responseParameters),
    responseTemplates: nonEmpty(r.responseTemplates),
    contentHandling: r.contentHandling ?? undefined,
  };
}

/** `resourceId` is AWS's default `cacheNamespace`. */
export function awsIntegration(i: TIntegration, resourceId: string) {
  return {
    type: i.type,
    httpMethod: i.httpMethod || undefined,
    uri: i.uri || undefined,
    connectionType: i.type === "MOCK" ? undefined : "INTERNET",
    requestParameters: nonEmpty(i.requestParameters),
    requestTemplates: nonEmpty(i.requestTemplates),
    passthroughBehavior: i.passthroughBehavior,
    contentHandling: i.contentHandling ?? undefined,
    timeoutInMillis: i.timeoutInMillis,
    cacheNamespace: resourceId,
    cacheKeyParameters: i.cacheKeyParameters,
    integrationResponses: nonEmpty(mapValues(i.integrationResponses, awsIntegrationResponse)),
  };
}

export function awsMethod(m: TMethod, resourceId: string) {
  return {
    httpMethod: m.httpMethod,
    authorizationType: m.authorizationType,
    authorizerId: m.authorizerId ?? undefined,
    apiKeyRequired: m.apiKeyRequired,
    requestValidatorId: m.requestValidatorId ?? undefined,
    operationName: m.operationName ?? undefined,
    requestParameters: nonEmpty(m.requestParameters),
    requestModels: nonEmpty(m.requestModels),
    methodResponses: nonEmpty(mapValues(m.methodResponses, awsMethodResponse)),
    methodIntegration: m.methodIntegration ? awsIntegration(m.methodIntegration, resourceId) : undefined,
    authorizationScopes: m.authorizationScopes.length > 0 ? m.authorizationScopes : undefined,
  };
}

/**
 * A Resource. Without `embed=methods` AWS lists each method as `{}` under
 * `resourceMethods` (the verbs only); with it, the whole methods.
 */
export function awsResource(r: TResource, embedMethods: boolean) {
  const verbs = Object.keys(r.resourceMethods);
  return {
    id: r.id,
    parentId: r.parentId ?? undefined,
    pathPart: r.parentId ? r.pathPart : undefined,
    path: r.path,
    resourceMethods: verbs.length === 0 ? undefined : mapValues(r.resourceMethods, (m) => (embedMethods ? awsMethod(m, r.id) : {})),
  };
}

/** `embed=methods` (the SDK sends a list, comma-joined or repeated). */
export function wantsMethods(query: URLSearchParams): boolean {
  return query.getAll("embed").some((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .includes("methods"),
  );
}
