import { randomId } from "../ids";
import { type Tx } from "./shared";

/**
 * Deep-copies one API's resources, methods, integrations, integration
 * responses, method responses, models, request validators, authorizers and gateway
 * responses into another (empty) API, with new ids. Deployments and stages
 * are not copied: the clone starts undeployed.
 */
export async function copyApiTree(tx: Tx, fromApiId: string, toApiId: string): Promise<void> {
  // Models keep their names; `$ref`s to the source API's models now point at the copy's.
  const modelRefPrefix = (id: string) => `https://apigateway.amazonaws.com/restapis/${id}/models/`;
  for (const model of await tx.apiModel.findMany({ where: { restApiId: fromApiId } })) {
    await tx.apiModel.create({
      data: {
        id: randomId(10),
        restApiId: toApiId,
        name: model.name,
        description: model.description,
        contentType: model.contentType,
        schema: model.schema.split(modelRefPrefix(fromApiId)).join(modelRefPrefix(toApiId)),
      },
    });
  }
  const validatorIds = new Map<string, string>();
  for (const validator of await tx.requestValidator.findMany({ where: { restApiId: fromApiId } })) {
    const id = randomId(6);
    validatorIds.set(validator.id, id);
    await tx.requestValidator.create({
      data: {
        id,
        restApiId: toApiId,
        name: validator.name,
        validateRequestBody: validator.validateRequestBody,
        validateRequestParameters: validator.validateRequestParameters,
      },
    });
  }
  // Authorizers are copied with new ids (the JWT secret stays the same ciphertext); methods point at the copies.
  const authorizerIds = new Map<string, string>();
  for (const a of await tx.authorizer.findMany({ where: { restApiId: fromApiId } })) {
    const id = randomId(6);
    authorizerIds.set(a.id, id);
    await tx.authorizer.create({
      data: {
        id,
        restApiId: toApiId,
        name: a.name,
        type: a.type,
        authorizerUri: a.authorizerUri,
        identitySource: a.identitySource,
        identityValidationExpression: a.identityValidationExpression,
        resultTtlSeconds: a.resultTtlSeconds,
        issuer: a.issuer,
        audiences: a.audiences,
        jwksUri: a.jwksUri,
        jwtSecretEncrypted: a.jwtSecretEncrypted,
      },
    });
  }
  for (const response of await tx.gatewayResponse.findMany({ where: { restApiId: fromApiId } })) {
    await tx.gatewayResponse.create({
      data: {
        restApiId: toApiId,
        responseType: response.responseType,
        statusCode: response.statusCode,
        responseParameters: response.responseParameters ?? {},
        responseTemplates: response.responseTemplates ?? {},
      },
    });
  }

  const resources = await tx.resource.findMany({
    where: { restApiId: fromApiId },
    include: { methods: { include: { integration: { include: { responses: true } }, methodResponses: true } } },
  });
  // Parents before children: the root first, then by depth.
  const depth = (r: { parentId: string | null; path: string }) => (r.parentId === null ? 0 : r.path.split("/").length);
  resources.sort((a, b) => depth(a) - depth(b));
  const newIds = new Map<string, string>();
  for (const resource of resources) {
    const id = randomId(10);
    newIds.set(resource.id, id);
    await tx.resource.create({
      data: {
        id,
        restApiId: toApiId,
        parentId: resource.parentId ? newIds.get(resource.parentId)! : null,
        pathPart: resource.pathPart,
        path: resource.path,
      },
    });
    for (const m of resource.methods) {
      const integration = m.integration;
      await tx.method.create({
        data: {
          resourceId: id,
          httpMethod: m.httpMethod,
          authorizationType: m.authorizationType,
          // Authorizers and validators were copied above.
          authorizerId: m.authorizerId ? (authorizerIds.get(m.authorizerId) ?? null) : null,
          authorizationScopes: m.authorizationScopes,
          apiKeyRequired: m.apiKeyRequired,
          operationName: m.operationName,
          requestParameters: m.requestParameters ?? {},
          requestModels: m.requestModels ?? {},
          requestValidatorId: m.requestValidatorId ? (validatorIds.get(m.requestValidatorId) ?? null) : null,
          methodResponses: {
            create: m.methodResponses.map((r) => ({
              statusCode: r.statusCode,
              responseParameters: r.responseParameters ?? {},
              responseModels: r.responseModels ?? {},
            })),
          },
          integration: integration
            ? {
                create: {
                  type: integration.type,
                  httpMethod: integration.httpMethod,
                  uri: integration.uri,
                  timeoutMs: integration.timeoutMs,
                  requestParameters: integration.requestParameters ?? {},
                  requestTemplates: integration.requestTemplates ?? {},
                  passthroughBehavior: integration.passthroughBehavior,
                  contentHandling: integration.contentHandling,
                  cacheKeyParameters: integration.cacheKeyParameters,
                  responses: {
                    create: integration.responses.map((r) => ({
                      statusCode: r.statusCode,
                      selectionPattern: r.selectionPattern,
                      responseParameters: r.responseParameters ?? {},
                      responseTemplates: r.responseTemplates ?? {},
                      contentHandling: r.contentHandling,
                    })),
                  },
                },
              }
            : undefined,
        },
      });
    }
  }
}
