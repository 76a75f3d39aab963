import type { Db } from "../db";
import type { Tx } from "../services/shared";
import { boolMap, stringMap } from "../services/shared";
import type { TDeploymentSnapshot } from "../snapshot";
import { MODEL_REF_PLACEHOLDER, modelUrlPrefix, type ApiDef, type DefAuthorizer, type DefIntegration, type DefMethod, type DefModel } from "./types";

/** The working copy (edit tables) or a deployment snapshot → an ApiDef for export. */

function parseModelSchema(restApiId: string, text: string): Record<string, unknown> {
  try {
    const replaced = text.split(modelUrlPrefix(restApiId)).join(MODEL_REF_PLACEHOLDER);
    const value = JSON.parse(replaced) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function readWorkingCopy(db: Db | Tx, restApiId: string): Promise<ApiDef | null> {
  const api = await db.restApi.findUnique({
    where: { id: restApiId },
    include: {
      models: true,
      requestValidators: true,
      authorizers: true,
      gatewayResponses: true,
      resources: { include: { methods: { include: { integration: { include: { responses: true } }, methodResponses: true } } } },
    },
  });
  if (!api) return null;
  const validatorNames = new Map(api.requestValidators.map((v) => [v.id, v.name]));
  const authorizerNames = new Map(api.authorizers.map((a) => [a.id, a.name]));
  return {
    name: api.name,
    description: api.description,
    version: api.createdAt.toISOString(),
    binaryMediaTypes: api.binaryMediaTypes,
    apiKeySource: api.apiKeySource === "AUTHORIZER" ? "AUTHORIZER" : "HEADER",
    models: api.models.map((m): DefModel => ({ name: m.name, contentType: m.contentType, description: m.description, schema: parseModelSchema(restApiId, m.schema) })),
    validators: api.requestValidators.map((v) => ({ name: v.name, validateRequestBody: v.validateRequestBody, validateRequestParameters: v.validateRequestParameters })),
    authorizers: api.authorizers.map(
      (a): DefAuthorizer => ({
        name: a.name,
        type: a.type as DefAuthorizer["type"],
        authorizerUri: a.authorizerUri,
        identitySource: a.identitySource,
        identityValidationExpression: a.identityValidationExpression,
        resultTtlSeconds: a.resultTtlSeconds,
        issuer: a.issuer,
        audiences: a.audiences,
        jwksUri: a.jwksUri,
        providerArns: [],
      }),
    ),
    gatewayResponses: api.gatewayResponses.map((g) => ({
      responseType: g.responseType,
      statusCode: g.statusCode,
      responseParameters: stringMap(g.responseParameters),
      responseTemplates: stringMap(g.responseTemplates),
    })),
    resources: api.resources.map((r) => ({
      path: r.path,
      methods: r.methods.map(
        (m): DefMethod => ({
          httpMethod: m.httpMethod,
          authorizationType: m.authorizationType,
          authorizerName: m.authorizerId ? (authorizerNames.get(m.authorizerId) ?? null) : null,
          authorizationScopes: m.authorizationScopes,
          apiKeyRequired: m.apiKeyRequired,
          operationName: m.operationName,
          summary: m.summary,
          description: m.description,
          requestParameters: boolMap(m.requestParameters),
          requestModels: stringMap(m.requestModels),
          validatorName: m.requestValidatorId ? (validatorNames.get(m.requestValidatorId) ?? null) : null,
          methodResponses: m.methodResponses.map((r) => ({ statusCode: r.statusCode, responseParameters: boolMap(r.responseParameters), responseModels: stringMap(r.responseModels) })),
          integration: m.integration
            ? {
                type: m.integration.type as DefIntegration["type"],
                httpMethod: m.integration.httpMethod,
                uri: m.integration.uri,
                timeoutMs: m.integration.timeoutMs,
                requestParameters: stringMap(m.integration.requestParameters),
                requestTemplates: stringMap(m.integration.requestTemplates),
                passthroughBehavior: m.integration.passthroughBehavior,
                contentHandling: m.integration.contentHandling,
                cacheKeyParameters: m.integration.cacheKeyParameters,
                responses: m.integration.responses.map((r) => ({
                  statusCode: r.statusCode,
                  selectionPattern: r.selectionPattern,
                  responseParameters: stringMap(r.responseParameters),
                  responseTemplates: stringMap(r.responseTemplates),
                  contentHandling: r.contentHandling,
                })),
              }
            : null,
        }),
      ),
    })),
  };
}

/** A deployment as served (what AWS GetExport returns for a stage). */
export function readSnapshot(snapshot: TDeploymentSnapshot, createdAt: Date, description = ""): ApiDef {
  const validators = new Map<string, { name: string; validateRequestBody: boolean; validateRequestParameters: boolean }>();
  const resources = snapshot.resources.map((r) => ({
    path: r.path,
    methods: Object.values(r.methods).map((m): DefMethod => {
      if (m.requestValidator) validators.set(m.requestValidator.name, m.requestValidator);
      const i = m.integration;
      const mapping = "requestTemplates" in i ? i : null;
      const integration: DefIntegration = {
        type: i.type,
        httpMethod: "httpMethod" in i ? i.httpMethod : "POST",
        uri: "uri" in i ? i.uri : "",
        timeoutMs: i.timeoutMs,
        requestParameters: "requestParameters" in i ? (i.requestParameters ?? {}) : {},
        requestTemplates: mapping?.requestTemplates ?? {},
        passthroughBehavior: mapping?.passthroughBehavior ?? "WHEN_NO_MATCH",
        contentHandling: mapping?.contentHandling ?? null,
        cacheKeyParameters: i.cacheKeyParameters ?? [],
        responses: "responses" in i ? i.responses.map((x) => ({ ...x, contentHandling: x.contentHandling ?? null })) : [],
      };
      return {
        httpMethod: m.httpMethod,
        authorizationType: m.authorizationType,
        authorizerName: m.authorizerId ? (snapshot.authorizers[m.authorizerId]?.name ?? null) : null,
        authorizationScopes: m.authorizationScopes,
        apiKeyRequired: m.apiKeyRequired,
        operationName: null,
        requestParameters: m.requestParameters,
        requestModels: m.requestModels,
        validatorName: m.requestValidator?.name ?? null,
        methodResponses: (m.methodResponses ?? []).map((x) => ({ statusCode: x.statusCode, responseParameters: x.responseParameters, responseModels: {} })),
        integration,
      };
    }),
  }));
  return {
    name: snapshot.apiName,
    description,
    version: createdAt.toISOString(),
    binaryMediaTypes: snapshot.binaryMediaTypes,
    apiKeySource: snapshot.apiKeySource,
    models: Object.entries(snapshot.models).map(([name, m]) => ({ name, contentType: m.contentType, description: "", schema: parseModelSchema(snapshot.restApiId, m.schema) })),
    validators: [...validators.values()],
    authorizers: Object.values(snapshot.authorizers).map(
      (a): DefAuthorizer =>
        a.type === "JWT"
          ? { name: a.name, type: "JWT", authorizerUri: "", identitySource: a.identitySource, identityValidationExpression: null, resultTtlSeconds: 300, issuer: a.issuer, audiences: a.audiences, jwksUri: a.jwksUri, providerArns: [] }
          : {
              name: a.name,
              type: a.type,
              authorizerUri: a.uri,
              identitySource: a.type === "TOKEN" ? a.identitySource : a.identitySources.join(","),
              identityValidationExpression: a.type === "TOKEN" ? a.identityValidationExpression : null,
              resultTtlSeconds: a.resultTtlSeconds,
              issuer: null,
              audiences: [],
              jwksUri: null,
              providerArns: [],
            },
    ),
    gatewayResponses: Object.entries(snapshot.gatewayResponses).map(([responseType, g]) => ({ responseType, ...g })),
    resources,
  };
}
