import { ZPutIntegrationResponse, ZStatusCode } from "../../schemas/management";
import { deleteIntegrationResponse, getIntegrationResponse, putIntegrationResponse } from "../../services/integration-responses";
import type { Operation } from "../operation";
import { INTEGRATION_RESPONSE, methodAddress } from "./method-address";
import { awsIntegrationResponse } from "./method-shapes";
import { enumValue, mapKey, patchStringMap } from "./patch-maps";
import { parseWith, pathSegments, readPatchOperations, unsupportedPatch } from "./shapes";

/** PutIntegrationResponse, GetIntegrationResponse, UpdateIntegrationResponse, DeleteIntegrationResponse. */

const statusCodeOf = (params: Record<string, string>) => parseWith(ZStatusCode, params.status_code);

export const integrationResponsesOperations: Operation[] = [
  {
    name: "PutIntegrationResponse",
    service: "apigateway",
    method: "PUT",
    path: INTEGRATION_RESPONSE,
    permission: "edit",
    async handler({ db, params, body }) {
      const raw = (body ?? {}) as Record<string, unknown>;
      const input = parseWith(ZPutIntegrationResponse, {
        selectionPattern: raw.selectionPattern,
        responseParameters: raw.responseParameters,
        responseTemplates: raw.responseTemplates,
        contentHandling: raw.contentHandling,
      });
      const { response } = await putIntegrationResponse(db, methodAddress(params), statusCodeOf(params), input);
      return { status: 201, body: awsIntegrationResponse(response) };
    },
  },
  {
    name: "GetIntegrationResponse",
    service: "apigateway",
    method: "GET",
    path: INTEGRATION_RESPONSE,
    permission: "read",
    async handler({ db, params }) {
      return { body: awsIntegrationResponse(await getIntegrationResponse(db, methodAddress(params), statusCodeOf(params))) };
    },
  },
  {
    name: "UpdateIntegrationResponse",
    service: "apigateway",
    method: "PATCH",
    path: INTEGRATION_RESPONSE,
    permission: "edit",
    async handler({ db, params, body }) {
      const at = methodAddress(params);
      const statusCode = statusCodeOf(params);
      const ops = readPatchOperations(body);
      const current = await getIntegrationResponse(db, at, statusCode);
      const responseParameters = { ...current.responseParameters };
      const responseTemplates = { ...current.responseTemplates };
      let selectionPattern = current.selectionPattern;
      let contentHandling = current.contentHandling;
      for (const op of ops) {
        const parameter = mapKey(op, "responseParameters");
        const template = mapKey(op, "responseTemplates");
        if (parameter !== null) patchStringMap(responseParameters, parameter, op);
        else if (template !== null) patchStringMap(responseTemplates, template, op);
        else if (pathSegments(op.path).join("/") === "selectionPattern") {
          if (op.op === "remove") selectionPattern = null;
          else if (op.op === "replace" || op.op === "add") selectionPattern = op.value ?? null;
          else throw unsupportedPatch(op);
        } else if (pathSegments(op.path).join("/") === "contentHandling") {
          if (op.op === "remove" || (op.op === "replace" && !op.value)) contentHandling = null;
          else if (op.op === "replace" || op.op === "add")
            contentHandling = enumValue(op, ["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"] as const);
          else throw unsupportedPatch(op);
        } else throw unsupportedPatch(op);
      }
      const input = parseWith(ZPutIntegrationResponse, { selectionPattern, responseParameters, responseTemplates, contentHandling });
      const { response } = await putIntegrationResponse(db, at, statusCode, input, current.version);
      return { body: awsIntegrationResponse(response) };
    },
  },
  {
    name: "DeleteIntegrationResponse",
    service: "apigateway",
    method: "DELETE",
    path: INTEGRATION_RESPONSE,
    permission: "edit",
    async handler({ db, params }) {
      await deleteIntegrationResponse(db, methodAddress(params), statusCodeOf(params));
      return { status: 204 };
    },
  },
];
