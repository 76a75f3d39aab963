import { ZPutMethodResponse, ZStatusCode } from "../../schemas/management";
import { deleteMethodResponse, getMethodResponse, putMethodResponse } from "../../services/method-responses";
import type { Operation } from "../operation";
import { METHOD_RESPONSE, methodAddress } from "./method-address";
import { awsMethodResponse } from "./method-shapes";
import { mapKey, patchBoolMap, patchStringMap } from "./patch-maps";
import { parseWith, readPatchOperations, unsupportedPatch } from "./shapes";

/** PutMethodResponse, GetMethodResponse, UpdateMethodResponse, DeleteMethodResponse. */

const statusCodeOf = (params: Record<string, string>) => parseWith(ZStatusCode, params.status_code);

export const methodResponsesOperations: Operation[] = [
  {
    name: "PutMethodResponse",
    service: "apigateway",
    method: "PUT",
    path: METHOD_RESPONSE,
    permission: "edit",
    async handler({ db, params, body }) {
      const raw = (body ?? {}) as Record<string, unknown>;
      const input = parseWith(ZPutMethodResponse, { responseParameters: raw.responseParameters, responseModels: raw.responseModels });
      const { response } = await putMethodResponse(db, methodAddress(params), statusCodeOf(params), input);
      return { status: 201, body: awsMethodResponse(response) };
    },
  },
  {
    name: "GetMethodResponse",
    service: "apigateway",
    method: "GET",
    path: METHOD_RESPONSE,
    permission: "read",
    async handler({ db, params }) {
      return { body: awsMethodResponse(await getMethodResponse(db, methodAddress(params), statusCodeOf(params))) };
    },
  },
  {
    name: "UpdateMethodResponse",
    service: "apigateway",
    method: "PATCH",
    path: METHOD_RESPONSE,
    permission: "edit",
    async handler({ db, params, body }) {
      const at = methodAddress(params);
      const statusCode = statusCodeOf(params);
      const ops = readPatchOperations(body);
      const current = await getMethodResponse(db, at, statusCode);
      const responseParameters = { ...current.responseParameters };
      const responseModels = { ...current.responseModels };
      for (const op of ops) {
        const parameter = mapKey(op, "responseParameters");
        const model = mapKey(op, "responseModels");
        if (parameter !== null) patchBoolMap(responseParameters, parameter, op);
        else if (model !== null) patchStringMap(responseModels, model, op);
        else throw unsupportedPatch(op);
      }
      const input = parseWith(ZPutMethodResponse, { responseParameters, responseModels });
      const { response } = await putMethodResponse(db, at, statusCode, input, current.version);
      // AWS's UpdateMethodResponse answers 201.
      return { status: 201, body: awsMethodResponse(response) };
    },
  },
  {
    name: "DeleteMethodResponse",
    service: "apigateway",
    method: "DELETE",
    path: METHOD_RESPONSE,
    permission: "edit",
    async handler({ db, params }) {
      await deleteMethodResponse(db, methodAddress(params), statusCodeOf(params));
      return { status: 204 };
    },
  },
];
