import { ZPutIntegration, ZUpdateIntegration, type TIntegration } from "../../schemas/management";
import { deleteIntegration, getIntegration, putIntegration, updateIntegration } from "../../services/integrations";
import { badRequestException } from "../errors";
import type { Operation } from "../operation";
import { integrationResponsesOperations } from "./integration-responses";
import { INTEGRATION, methodAddress } from "./method-address";
import { awsIntegration } from "./method-shapes";
import { enumValue, intValue, mapKey, patchStringMap, scalarOp, valueOf } from "./patch-maps";
import { parseWith, pathSegments, readPatchOperations, unsupportedPatch, type PatchOperation } from "./shapes";

/** Integrations: PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration (and, from integration-responses.ts, their responses). */

const upper = (v: unknown) => (typeof v === "string" ? v.toUpperCase() : v);

/** PutIntegration's body. On the wire the backend verb is `httpMethod` (the SDK's `integrationHttpMethod`). */
function putInput(body: unknown) {
  const raw = (body ?? {}) as Record<string, unknown>;
  if (raw.connectionType !== undefined && raw.connectionType !== "INTERNET") {
    throw badRequestException(`Invalid connectionType ${String(raw.connectionType)}: Gatehouse has no VPC links, use INTERNET`);
  }
  return parseWith(ZPutIntegration, {
    type: raw.type,
    httpMethod: upper(raw.httpMethod),
    uri: raw.uri,
    timeoutInMillis: raw.timeoutInMillis,
    requestParameters: raw.requestParameters,
    requestTemplates: raw.requestTemplates,
    passthroughBehavior: raw.passthroughBehavior,
    contentHandling: raw.contentHandling,
    cacheKeyParameters: raw.cacheKeyParameters,
  });
}

type IntegrationPatch = Omit<TIntegration, "integrationResponses" | "version">;

function applyIntegrationPatch(next: IntegrationPatch, op: PatchOperation): void {
  const parameter = mapKey(op, "requestParameters");
  if (parameter !== null) return patchStringMap(next.requestParameters, parameter, op);
  const template = mapKey(op, "requestTemplates");
  if (template !== null) return patchStringMap(next.requestTemplates, template, op);
  const cacheKey = mapKey(op, "cacheKeyParameters");
  if (cacheKey !== null) {
    // AWS: add/remove /cacheKeyParameters/<parameter>.
    if (op.op === "add") {
      if (!next.cacheKeyParameters.includes(cacheKey)) next.cacheKeyParameters.push(cacheKey);
    } else if (op.op === "remove") next.cacheKeyParameters = next.cacheKeyParameters.filter((k) => k !== cacheKey);
    else throw unsupportedPatch(op);
    return;
  }
  const segments = pathSegments(op.path);
  if (segments.length !== 1) throw unsupportedPatch(op);
  switch (segments[0]) {
    case "connectionType":
      // Only INTERNET exists here (no VPC links); Terraform sends it back unchanged.
      if (op.op !== "replace" || op.value !== "INTERNET")
        throw badRequestException(`Invalid value '${op.value}' for path ${op.path}: only INTERNET is supported`);
      return;
    case "uri":
      next.uri = scalarOp(op, false) ?? "";
      return;
    case "httpMethod":
      next.httpMethod = (scalarOp(op, false) ?? "").toUpperCase();
      return;
    case "type":
      if (op.op !== "replace") throw unsupportedPatch(op);
      next.type = enumValue(op, ["HTTP", "HTTP_PROXY", "MOCK", "AWS_PROXY", "AWS"] as const);
      return;
    case "passthroughBehavior":
      if (op.op !== "replace") throw unsupportedPatch(op);
      next.passthroughBehavior = enumValue(op, ["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"] as const);
      return;
    case "contentHandling":
      if (op.op === "remove" || (op.op === "replace" && (op.value === undefined || op.value === ""))) next.contentHandling = null;
      else if (op.op === "replace" || op.op === "add")
        next.contentHandling = enumValue(op, ["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"] as const);
      else throw unsupportedPatch(op);
      return;
    case "timeoutInMillis":
      if (op.op !== "replace") throw unsupportedPatch(op);
      next.timeoutInMillis = intValue(op);
      return;
    case "cacheKeyParameters":
      if (op.op === "remove" && op.value === undefined) next.cacheKeyParameters = [];
      else if (op.op === "add") next.cacheKeyParameters.push(valueOf(op));
      else throw unsupportedPatch(op);
      return;
    default:
      throw unsupportedPatch(op);
  }
}

export const integrationsOperations: Operation[] = [
  {
    name: "PutIntegration",
    service: "apigateway",
    method: "PUT",
    path: INTEGRATION,
    permission: "edit",
    async handler({ db, params, body }) {
      const at = methodAddress(params);
      const { integration } = await putIntegration(db, at, putInput(body));
      return { status: 201, body: awsIntegration(integration, at.resourceId) };
    },
  },
  {
    name: "GetIntegration",
    service: "apigateway",
    method: "GET",
    path: INTEGRATION,
    permission: "read",
    async handler({ db, params }) {
      const at = methodAddress(params);
      return { body: awsIntegration(await getIntegration(db, at), at.resourceId) };
    },
  },
  {
    name: "UpdateIntegration",
    service: "apigateway",
    method: "PATCH",
    path: INTEGRATION,
    permission: "edit",
    async handler({ db, params, body }) {
      const at = methodAddress(params);
      const ops = readPatchOperations(body);
      const current = await getIntegration(db, at);
      const { integrationResponses: _responses, version, ...rest } = current;
      void _responses;
      const next: IntegrationPatch = {
        ...rest,
        requestParameters: { ...rest.requestParameters },
        requestTemplates: { ...rest.requestTemplates },
        cacheKeyParameters: [...rest.cacheKeyParameters],
      };
      for (const op of ops) applyIntegrationPatch(next, op);
      const input = parseWith(ZUpdateIntegration, {
        ...next,
        httpMethod: next.httpMethod === "" ? undefined : next.httpMethod,
        version,
      });
      return { body: awsIntegration(await updateIntegration(db, at, input), at.resourceId) };
    },
  },
  {
    name: "DeleteIntegration",
    service: "apigateway",
    method: "DELETE",
    path: INTEGRATION,
    permission: "edit",
    async handler({ db, params }) {
      await deleteIntegration(db, methodAddress(params));
      return { status: 204 };
    },
  },
  ...integrationResponsesOperations,
];
