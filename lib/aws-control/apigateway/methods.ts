import { ZPutMethod, ZUpdateMethod } from "../../schemas/management";
import { deleteMethod, getMethod, putMethod, updateMethod } from "../../services/methods";
import { requireResource } from "../../services/resources";
import { conflictException } from "../errors";
import type { Operation } from "../operation";
import { METHOD, methodAddress } from "./method-address";
import { methodResponsesOperations } from "./method-responses";
import { awsMethod } from "./method-shapes";
import { patchBoolMap, patchStringMap, mapKey, scalarOp, valueOf, enumValue } from "./patch-maps";
import { parseWith, patchBool, pathSegments, readPatchOperations, unsupportedPatch, type PatchOperation } from "./shapes";

/** Methods: PutMethod, GetMethod, UpdateMethod, DeleteMethod (and, from method-responses.ts, their responses). */

const AUTHORIZATION_TYPES = ["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS", "JWT"] as const;

/** The PutMethod body's fields, as the service's schema takes them (AWS requires authorizationType). */
function putInput(body: unknown) {
  const raw = (body ?? {}) as Record<string, unknown>;
  return parseWith(ZPutMethod, {
    authorizationType: raw.authorizationType,
    authorizerId: raw.authorizerId,
    authorizationScopes: raw.authorizationScopes,
    apiKeyRequired: raw.apiKeyRequired,
    operationName: raw.operationName,
    requestParameters: raw.requestParameters,
    requestModels: raw.requestModels,
    requestValidatorId: raw.requestValidatorId,
  });
}

type MethodPatch = {
  authorizationType: string;
  authorizerId: string | null;
  authorizationScopes: string[];
  apiKeyRequired: boolean;
  operationName: string | null;
  requestParameters: Record<string, boolean>;
  requestModels: Record<string, string>;
  requestValidatorId: string | null;
};

function applyMethodPatch(next: MethodPatch, op: PatchOperation): void {
  const parameter = mapKey(op, "requestParameters");
  if (parameter !== null) return patchBoolMap(next.requestParameters, parameter, op);
  const model = mapKey(op, "requestModels");
  if (model !== null) return patchStringMap(next.requestModels, model, op);
  const segments = pathSegments(op.path);
  if (segments.length !== 1) throw unsupportedPatch(op);
  switch (segments[0]) {
    case "authorizationType":
      if (op.op !== "replace") throw unsupportedPatch(op);
      next.authorizationType = enumValue(op, AUTHORIZATION_TYPES);
      return;
    case "apiKeyRequired":
      if (op.op !== "replace") throw unsupportedPatch(op);
      next.apiKeyRequired = patchBool(op);
      return;
    case "authorizerId":
      next.authorizerId = scalarOp(op, true);
      return;
    case "operationName":
      next.operationName = scalarOp(op, true);
      return;
    case "requestValidatorId":
      next.requestValidatorId = scalarOp(op, true);
      return;
    case "authorizationScopes":
      // add/remove one scope (value), as the CLI sends them; remove without a value clears them.
      if (op.op === "add") {
        const scope = valueOf(op);
        if (!next.authorizationScopes.includes(scope)) next.authorizationScopes.push(scope);
      } else if (op.op === "remove") {
        next.authorizationScopes = op.value === undefined ? [] : next.authorizationScopes.filter((s) => s !== op.value);
      } else if (op.op === "replace") {
        next.authorizationScopes = valueOf(op)
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s !== "");
      } else throw unsupportedPatch(op);
      return;
    default:
      throw unsupportedPatch(op);
  }
}

export const methodsOperations: Operation[] = [
  {
    name: "PutMethod",
    service: "apigateway",
    method: "PUT",
    path: METHOD,
    permission: "edit",
    async handler({ db, params, body }) {
      const at = methodAddress(params);
      const input = putInput(body);
      await requireResource(db, at.restApiId, at.resourceId);
      const existing = await db.method.findUnique({
        where: { resourceId_httpMethod: { resourceId: at.resourceId, httpMethod: at.httpMethod } },
        select: { id: true },
      });
      if (existing) throw conflictException("Method already exists for this resource");
      return { status: 201, body: awsMethod(await putMethod(db, at, input), at.resourceId) };
    },
  },
  {
    name: "GetMethod",
    service: "apigateway",
    method: "GET",
    path: METHOD,
    permission: "read",
    async handler({ db, params }) {
      const at = methodAddress(params);
      return { body: awsMethod(await getMethod(db, at), at.resourceId) };
    },
  },
  {
    name: "UpdateMethod",
    service: "apigateway",
    method: "PATCH",
    path: METHOD,
    permission: "edit",
    async handler({ db, params, body }) {
      const at = methodAddress(params);
      const ops = readPatchOperations(body);
      const current = await getMethod(db, at);
      const next: MethodPatch = {
        authorizationType: current.authorizationType,
        authorizerId: current.authorizerId,
        authorizationScopes: [...current.authorizationScopes],
        apiKeyRequired: current.apiKeyRequired,
        operationName: current.operationName,
        requestParameters: { ...current.requestParameters },
        requestModels: { ...current.requestModels },
        requestValidatorId: current.requestValidatorId,
      };
      for (const op of ops) applyMethodPatch(next, op);
      // Switching to NONE / AWS_IAM without naming an authorizer drops it, as AWS does.
      const takesAuthorizer = ["CUSTOM", "JWT", "COGNITO_USER_POOLS"].includes(next.authorizationType);
      const input = parseWith(ZUpdateMethod, {
        ...next,
        authorizerId: takesAuthorizer ? next.authorizerId : null,
        authorizationScopes: takesAuthorizer ? next.authorizationScopes : [],
        version: current.version,
      });
      return { body: awsMethod(await updateMethod(db, at, input), at.resourceId) };
    },
  },
  {
    name: "DeleteMethod",
    service: "apigateway",
    method: "DELETE",
    path: METHOD,
    permission: "edit",
    async handler({ db, params }) {
      await deleteMethod(db, methodAddress(params));
      return { status: 204 };
    },
  },
  ...methodResponsesOperations,
];
