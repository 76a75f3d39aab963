import { randomId } from "../ids";
import { notFound, type Tx } from "../services/shared";
import { MODEL_REF_PLACEHOLDER, modelUrlPrefix, prefixes, type ApiDef, type DefMethod } from "./types";

export type ImportMode = "create" | "overwrite" | "merge";

/** Model schema with `$ref`s as this API's model URLs (what the models service stores). */
function modelSchemaText(restApiId: string, schema: Record<string, unknown>): string {
  return JSON.stringify(schema, null, 2).split(JSON.stringify(MODEL_REF_PLACEHOLDER).slice(0, -1)).join(JSON.stringify(modelUrlPrefix(restApiId)).slice(0, -1));
}

/**
 * Writes `def` inside the caller's transaction. create: a new API; overwrite: the API's resources,
 * methods, models, validators, gateway responses and authorizers are replaced by the document's;
 * merge: what the document has is added or replaced, the rest kept. Returns the API id.
 */
export async function writeApiDef(tx: Tx, def: ApiDef, mode: ImportMode, restApiId?: string): Promise<string> {
  let apiId: string;
  if (mode === "create") {
    apiId = randomId(10);
    await tx.restApi.create({
      data: { id: apiId, name: def.name, description: def.description, binaryMediaTypes: def.binaryMediaTypes, apiKeySource: def.apiKeySource },
    });
    await tx.resource.create({ data: { id: randomId(10), restApiId: apiId, parentId: null, pathPart: "", path: "/" } });
  } else {
    if (!restApiId) throw notFound("restApiId is required for overwrite and merge");
    const api = await tx.restApi.findUnique({ where: { id: restApiId } });
    if (!api) throw notFound(`REST API ${restApiId} does not exist.`);
    apiId = restApiId;
    if (mode === "overwrite") {
      await tx.resource.deleteMany({ where: { restApiId: apiId, parentId: { not: null } } });
      await tx.method.deleteMany({ where: { resource: { restApiId: apiId } } });
      await tx.apiModel.deleteMany({ where: { restApiId: apiId } });
      await tx.requestValidator.deleteMany({ where: { restApiId: apiId } });
      await tx.authorizer.deleteMany({ where: { restApiId: apiId } });
      await tx.gatewayResponse.deleteMany({ where: { restApiId: apiId } });
      await tx.restApi.update({
        where: { id: apiId },
        data: { name: def.name, description: def.description, binaryMediaTypes: def.binaryMediaTypes, apiKeySource: def.apiKeySource, version: { increment: 1 } },
      });
    } else {
      await tx.restApi.update({
        where: { id: apiId },
        data: {
          ...(def.description ? { description: def.description } : {}),
          binaryMediaTypes: [...new Set([...api.binaryMediaTypes, ...def.binaryMediaTypes])],
          apiKeySource: def.apiKeySource === "AUTHORIZER" ? "AUTHORIZER" : api.apiKeySource,
          version: { increment: 1 },
        },
      });
    }
    if (!(await tx.resource.findFirst({ where: { restApiId: apiId, parentId: null } }))) {
      await tx.resource.create({ data: { id: randomId(10), restApiId: apiId, parentId: null, pathPart: "", path: "/" } });
    }
  }

  for (const m of def.models) {
    const data = { description: m.description, contentType: m.contentType, schema: modelSchemaText(apiId, m.schema) };
    const existing = await tx.apiModel.findUnique({ where: { restApiId_name: { restApiId: apiId, name: m.name } } });
    if (existing) await tx.apiModel.update({ where: { id: existing.id }, data: { ...data, version: { increment: 1 } } });
    else await tx.apiModel.create({ data: { id: randomId(10), restApiId: apiId, name: m.name, ...data } });
  }

  const validatorIds = new Map<string, string>();
  for (const v of def.validators) {
    const data = { validateRequestBody: v.validateRequestBody, validateRequestParameters: v.validateRequestParameters };
    const existing = await tx.requestValidator.findUnique({ where: { restApiId_name: { restApiId: apiId, name: v.name } } });
    if (existing) {
      await tx.requestValidator.update({ where: { id: existing.id }, data: { ...data, version: { increment: 1 } } });
      validatorIds.set(v.name, existing.id);
    } else {
      const id = randomId(6);
      await tx.requestValidator.create({ data: { id, restApiId: apiId, name: v.name, ...data } });
      validatorIds.set(v.name, id);
    }
  }

  const authorizerIds = new Map<string, string>();
  for (const a of def.authorizers) {
    const data = {
      type: a.type,
      authorizerUri: a.authorizerUri,
      identitySource: a.identitySource,
      identityValidationExpression: a.identityValidationExpression,
      resultTtlSeconds: a.resultTtlSeconds,
      issuer: a.issuer,
      audiences: a.audiences,
      jwksUri: a.jwksUri,
    };
    const existing = await tx.authorizer.findUnique({ where: { restApiId_name: { restApiId: apiId, name: a.name } } });
    if (existing) {
      await tx.authorizer.update({ where: { id: existing.id }, data: { ...data, version: { increment: 1 } } });
      authorizerIds.set(a.name, existing.id);
    } else {
      const id = randomId(6);
      await tx.authorizer.create({ data: { id, restApiId: apiId, name: a.name, ...data } });
      authorizerIds.set(a.name, id);
    }
  }

  for (const g of def.gatewayResponses) {
    const data = { statusCode: g.statusCode, responseParameters: g.responseParameters, responseTemplates: g.responseTemplates };
    await tx.gatewayResponse.upsert({
      where: { restApiId_responseType: { restApiId: apiId, responseType: g.responseType } },
      create: { restApiId: apiId, responseType: g.responseType, ...data },
      update: { ...data, version: { increment: 1 } },
    });
  }

  const resourceIds = new Map((await tx.resource.findMany({ where: { restApiId: apiId }, select: { id: true, path: true } })).map((r) => [r.path, r.id]));
  const ensure = async (path: string): Promise<string> => {
    for (const p of prefixes(path)) {
      if (resourceIds.has(p)) continue;
      const parent = p.slice(0, p.lastIndexOf("/")) || "/";
      const id = randomId(10);
      await tx.resource.create({ data: { id, restApiId: apiId, parentId: resourceIds.get(parent)!, pathPart: p.slice(p.lastIndexOf("/") + 1), path: p } });
      resourceIds.set(p, id);
    }
    return resourceIds.get(path)!;
  };

  for (const r of def.resources) {
    const resourceId = await ensure(r.path);
    for (const m of r.methods) {
      await tx.method.deleteMany({ where: { resourceId, httpMethod: m.httpMethod } });
      await tx.method.create({ data: methodData(resourceId, m, validatorIds, authorizerIds) });
    }
  }
  return apiId;
}

function methodData(resourceId: string, m: DefMethod, validatorIds: Map<string, string>, authorizerIds: Map<string, string>) {
  const i = m.integration;
  return {
    resourceId,
    httpMethod: m.httpMethod,
    authorizationType: m.authorizationType,
    authorizerId: m.authorizerName ? (authorizerIds.get(m.authorizerName) ?? null) : null,
    authorizationScopes: m.authorizationScopes,
    apiKeyRequired: m.apiKeyRequired,
    operationName: m.operationName,
    summary: m.summary ?? "",
    description: m.description ?? "",
    requestParameters: m.requestParameters,
    requestModels: m.requestModels,
    requestValidatorId: m.validatorName ? (validatorIds.get(m.validatorName) ?? null) : null,
    methodResponses: { create: m.methodResponses.map((r) => ({ statusCode: r.statusCode, responseParameters: r.responseParameters, responseModels: r.responseModels })) },
    integration: i
      ? {
          create: {
            type: i.type,
            httpMethod: i.httpMethod,
            uri: i.uri,
            timeoutMs: i.timeoutMs,
            requestParameters: i.requestParameters,
            requestTemplates: i.requestTemplates,
            passthroughBehavior: i.passthroughBehavior,
            contentHandling: i.contentHandling,
            cacheKeyParameters: i.cacheKeyParameters,
            responses: {
              create: i.responses.map((r) => ({
                statusCode: r.statusCode,
                selectionPattern: r.selectionPattern,
                responseParameters: r.responseParameters,
                responseTemplates: r.responseTemplates,
                contentHandling: r.contentHandling,
              })),
            },
          },
        }
      : undefined,
  };
}
