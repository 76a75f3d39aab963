import type { Integration, IntegrationResponse, Method, MethodResponse, Resource, RestApi } from "../generated/prisma/client";
import type { TDeployment, TIntegration, TIntegrationResponse, TMethod, TMethodResponse, TResource, TRestApi } from "../schemas/management";
import { boolMap, iso, stringMap } from "./shared";

/** Edit-table rows → the management API's response shapes (lib/schemas/management.ts). */

export type IntegrationRow = Integration & { responses: IntegrationResponse[] };
export type MethodRow = Method & { integration: IntegrationRow | null; methodResponses: MethodResponse[] };
export type ResourceRow = Resource & { methods: MethodRow[] };

/** Prisma `include` that loads a method with everything TMethod shows. */
export const METHOD_INCLUDE = { integration: { include: { responses: true } }, methodResponses: true } as const;
export const RESOURCE_INCLUDE = { methods: { include: METHOD_INCLUDE } } as const;

export function toRestApi(row: RestApi, rootResourceId: string): TRestApi {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    binaryMediaTypes: row.binaryMediaTypes,
    apiKeySource: row.apiKeySource === "AUTHORIZER" ? "AUTHORIZER" : "HEADER",
    rootResourceId,
    createdDate: iso(row.createdAt),
    version: row.version,
  };
}

export function toMethodResponse(row: MethodResponse): TMethodResponse {
  return {
    statusCode: row.statusCode,
    responseParameters: boolMap(row.responseParameters),
    responseModels: stringMap(row.responseModels),
    version: row.version,
  };
}

export function toIntegrationResponse(row: IntegrationResponse): TIntegrationResponse {
  return {
    statusCode: row.statusCode,
    selectionPattern: row.selectionPattern,
    responseParameters: stringMap(row.responseParameters),
    responseTemplates: stringMap(row.responseTemplates),
    contentHandling: row.contentHandling,
    version: row.version,
  };
}

const byStatus = <T extends { statusCode: string }>(rows: T[]) => [...rows].sort((a, b) => a.statusCode.localeCompare(b.statusCode));

export function toIntegration(row: IntegrationRow): TIntegration {
  return {
    type: row.type as TIntegration["type"],
    httpMethod: row.httpMethod,
    uri: row.uri,
    timeoutInMillis: row.timeoutMs,
    requestParameters: stringMap(row.requestParameters),
    requestTemplates: stringMap(row.requestTemplates),
    passthroughBehavior: row.passthroughBehavior as TIntegration["passthroughBehavior"],
    contentHandling: (row.contentHandling as TIntegration["contentHandling"]) ?? null,
    cacheKeyParameters: row.cacheKeyParameters,
    integrationResponses: Object.fromEntries(byStatus(row.responses).map((r) => [r.statusCode, toIntegrationResponse(r)])),
    version: row.version,
  };
}

export function toMethod(row: MethodRow): TMethod {
  return {
    httpMethod: row.httpMethod as TMethod["httpMethod"],
    authorizationType: row.authorizationType as TMethod["authorizationType"],
    authorizerId: row.authorizerId,
    authorizationScopes: row.authorizationScopes,
    apiKeyRequired: row.apiKeyRequired,
    operationName: row.operationName,
    requestParameters: boolMap(row.requestParameters),
    requestModels: stringMap(row.requestModels),
    requestValidatorId: row.requestValidatorId,
    methodIntegration: row.integration ? toIntegration(row.integration) : null,
    methodResponses: Object.fromEntries(byStatus(row.methodResponses).map((r) => [r.statusCode, toMethodResponse(r)])),
    version: row.version,
  };
}

export function toResource(row: ResourceRow): TResource {
  const methods = [...row.methods].sort((a, b) => a.httpMethod.localeCompare(b.httpMethod));
  return {
    id: row.id,
    parentId: row.parentId,
    pathPart: row.pathPart,
    path: row.path,
    resourceMethods: Object.fromEntries(methods.map((m) => [m.httpMethod, toMethod(m)])),
    version: row.version,
  };
}

type DeploymentRow = {
  id: string;
  description: string;
  createdAt: Date;
  createdBy: string;
  stages: Array<{ name: string }>;
  canaryStages: Array<{ name: string }>;
};

/** Prisma `include` for toDeployment: the stages serving the deployment, directly or as their canary. */
export const DEPLOYMENT_INCLUDE = { stages: { select: { name: true } }, canaryStages: { select: { name: true } } } as const;

export function toDeployment(row: DeploymentRow): TDeployment {
  const stages = [...new Set([...row.stages, ...row.canaryStages].map((s) => s.name))].sort();
  return { id: row.id, description: row.description, createdDate: iso(row.createdAt), createdBy: row.createdBy, stages };
}
