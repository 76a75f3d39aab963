import type { z } from "zod";
import type { Db } from "../db";
import type { FieldProblem } from "../errors";
import type { TMethod, ZPutMethod, ZUpdateMethod } from "../schemas/management";
import { ZMethodVerb, type TMethodVerb } from "../snapshot";
import { authorizationTypesFor } from "./authorizer-rules";
import { METHOD_INCLUDE, toMethod } from "./present";
import { requireResource } from "./resources";
import { expectUpdated, expectVersion, invalid, notFound, throwIfProblems, type Tx } from "./shared";

/** Methods of a resource (`…/resources/{rid}/methods/{httpMethod}`). */

/** The path's {httpMethod}: one of GET POST PUT PATCH DELETE HEAD OPTIONS ANY (any case). */
export function parseVerb(raw: string): TMethodVerb {
  const parsed = ZMethodVerb.safeParse(raw.toUpperCase());
  if (!parsed.success) throw invalid([{ field: "httpMethod", message: `${raw} is not one of ${ZMethodVerb.options.join(", ")}` }]);
  return parsed.data;
}

const REQUEST_PARAMETER = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.[^\s.][^\s]*$/;

function requestParameterProblems(params: Record<string, boolean> | undefined): FieldProblem[] {
  return Object.keys(params ?? {})
    .filter((k) => !REQUEST_PARAMETER.test(k))
    .map((k) => ({ field: `requestParameters.${k}`, message: "Use method.request.{path|querystring|header}.{name}" }));
}

/** `requestValidatorId` must name a validator of this API and each `requestModels` value a model of it. */
async function referenceProblems(
  tx: Tx,
  restApiId: string,
  input: { requestValidatorId?: string | null; requestModels?: Record<string, string> },
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  if (input.requestValidatorId) {
    const validator = await tx.requestValidator.findFirst({ where: { id: input.requestValidatorId, restApiId } });
    if (!validator) problems.push({ field: "requestValidatorId", message: `Request validator ${input.requestValidatorId} does not exist in this API` });
  }
  const models = Object.entries(input.requestModels ?? {});
  if (models.length > 0) {
    const names = new Set((await tx.apiModel.findMany({ where: { restApiId }, select: { name: true } })).map((m) => m.name));
    for (const [contentType, name] of models) {
      if (!names.has(name)) problems.push({ field: `requestModels["${contentType}"]`, message: `Model ${name} does not exist in this API` });
    }
  }
  return problems;
}

/**
 * authorizationType / authorizerId / authorizationScopes, as they will be after the write:
 * CUSTOM needs a TOKEN or REQUEST authorizer of this API, JWT and COGNITO_USER_POOLS a JWT one,
 * NONE / AWS_IAM none; scopes only with a JWT authorizer.
 */
async function authorizationProblems(
  tx: Tx,
  restApiId: string,
  final: { authorizationType: string; authorizerId: string | null; authorizationScopes: string[] },
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const needs = final.authorizationType === "CUSTOM" || final.authorizationType === "JWT" || final.authorizationType === "COGNITO_USER_POOLS";
  if (!needs) {
    if (final.authorizerId) problems.push({ field: "authorizerId", message: `Authorization type ${final.authorizationType} takes no authorizer` });
    if (final.authorizationScopes.length > 0) problems.push({ field: "authorizationScopes", message: "Scopes apply to JWT authorizers only" });
    return problems;
  }
  if (!final.authorizerId) return [{ field: "authorizerId", message: `Authorization type ${final.authorizationType} needs an authorizer` }];
  const authorizer = await tx.authorizer.findFirst({ where: { id: final.authorizerId, restApiId } });
  if (!authorizer) return [{ field: "authorizerId", message: `Authorizer ${final.authorizerId} does not exist in this API` }];
  if (!authorizationTypesFor(authorizer.type).includes(final.authorizationType)) {
    problems.push({ field: "authorizerId", message: `Authorizer ${authorizer.name} (${authorizer.type}) cannot be used with authorization type ${final.authorizationType}` });
  }
  if (final.authorizationScopes.length > 0 && authorizer.type !== "JWT") problems.push({ field: "authorizationScopes", message: "Scopes apply to JWT authorizers only" });
  return problems;
}

export interface MethodAddress {
  restApiId: string;
  resourceId: string;
  httpMethod: TMethodVerb;
}

/** The method row (404 naming the resource path when missing). */
export async function requireMethod(tx: Tx | Db, at: MethodAddress) {
  const resource = await requireResource(tx, at.restApiId, at.resourceId);
  const method = await tx.method.findUnique({ where: { resourceId_httpMethod: { resourceId: at.resourceId, httpMethod: at.httpMethod } } });
  if (!method) throw notFound(`There is no ${at.httpMethod} method on ${resource.path}.`);
  return { resource, method };
}

async function load(tx: Tx | Db, methodId: string): Promise<TMethod> {
  return toMethod(await tx.method.findUniqueOrThrow({ where: { id: methodId }, include: METHOD_INCLUDE }));
}

export async function getMethod(db: Db, at: MethodAddress): Promise<TMethod> {
  const { method } = await requireMethod(db, at);
  return load(db, method.id);
}

/** Creates the method; a second method of the same verb on a resource is refused. */
export async function putMethod(db: Db, at: MethodAddress, input: z.output<typeof ZPutMethod>): Promise<TMethod> {
  return db.$transaction(async (tx) => {
    const resource = await requireResource(tx, at.restApiId, at.resourceId);
    const existing = await tx.method.findUnique({ where: { resourceId_httpMethod: { resourceId: at.resourceId, httpMethod: at.httpMethod } } });
    if (existing) {
      throw invalid([{ field: "httpMethod", message: `${resource.path} already has a ${at.httpMethod} method; change it with PATCH or delete it first` }]);
    }
    throwIfProblems([
      ...requestParameterProblems(input.requestParameters),
      ...(await referenceProblems(tx, at.restApiId, input)),
      ...(await authorizationProblems(tx, at.restApiId, {
        authorizationType: input.authorizationType,
        authorizerId: input.authorizerId ?? null,
        authorizationScopes: input.authorizationScopes,
      })),
    ]);
    const row = await tx.method.create({
      data: {
        resourceId: at.resourceId,
        httpMethod: at.httpMethod,
        authorizationType: input.authorizationType,
        authorizerId: input.authorizerId ?? null,
        authorizationScopes: input.authorizationScopes,
        apiKeyRequired: input.apiKeyRequired,
        operationName: input.operationName ?? null,
        requestParameters: input.requestParameters,
        requestModels: input.requestModels,
        requestValidatorId: input.requestValidatorId ?? null,
      },
    });
    return load(tx, row.id);
  });
}

export async function updateMethod(db: Db, at: MethodAddress, input: z.output<typeof ZUpdateMethod>): Promise<TMethod> {
  return db.$transaction(async (tx) => {
    const { resource, method } = await requireMethod(tx, at);
    const what = `Method ${at.httpMethod} ${resource.path}`;
    expectVersion(what, method.version, input.version);
    // Switching to NONE / AWS_IAM drops the authorizer and scopes unless they are sent.
    const authorizationType = input.authorizationType ?? method.authorizationType;
    const takesAuthorizer = ["CUSTOM", "JWT", "COGNITO_USER_POOLS"].includes(authorizationType);
    const authorizerId = input.authorizerId !== undefined ? input.authorizerId : takesAuthorizer ? method.authorizerId : null;
    const authorizationScopes = input.authorizationScopes ?? (takesAuthorizer ? method.authorizationScopes : []);
    throwIfProblems([
      ...requestParameterProblems(input.requestParameters),
      ...(await referenceProblems(tx, at.restApiId, input)),
      ...(await authorizationProblems(tx, at.restApiId, { authorizationType, authorizerId, authorizationScopes })),
    ]);
    const result = await tx.method.updateMany({
      where: { id: method.id, version: input.version },
      data: {
        authorizationType: input.authorizationType,
        authorizerId,
        authorizationScopes,
        apiKeyRequired: input.apiKeyRequired,
        operationName: input.operationName,
        requestParameters: input.requestParameters,
        requestModels: input.requestModels,
        requestValidatorId: input.requestValidatorId,
        version: { increment: 1 },
      },
    });
    expectUpdated(what, result);
    return load(tx, method.id);
  });
}

/** Deletes the method with its integration and responses. */
export async function deleteMethod(db: Db, at: MethodAddress): Promise<void> {
  await db.$transaction(async (tx) => {
    const { method } = await requireMethod(tx, at);
    await tx.method.delete({ where: { id: method.id } });
  });
}
