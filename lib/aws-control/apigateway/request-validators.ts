import { ZCreateRequestValidator, ZUpdateRequestValidator, type TRequestValidator } from "../../schemas/management";
import {
  createRequestValidator,
  deleteRequestValidator,
  getRequestValidator,
  listRequestValidators,
  updateRequestValidator,
} from "../../services/request-validators";
import type { Operation } from "../operation";
import { page, parseWith, patchBool, readPatchOperations, unsupportedPatch } from "./shapes";

/** Request validators as AWS shapes them. */
export function awsRequestValidator(v: TRequestValidator) {
  return { id: v.id, name: v.name, validateRequestBody: v.validateRequestBody, validateRequestParameters: v.validateRequestParameters };
}

type Body = Record<string, unknown>;

export const requestValidatorsOperations: Operation[] = [
  {
    name: "CreateRequestValidator",
    service: "apigateway",
    method: "POST",
    path: "/restapis/{restapi_id}/requestvalidators",
    permission: "edit",
    async handler({ db, params, body }) {
      const raw = (body ?? {}) as Body;
      const input = parseWith(ZCreateRequestValidator, {
        name: raw.name,
        validateRequestBody: raw.validateRequestBody ?? false,
        validateRequestParameters: raw.validateRequestParameters ?? false,
      });
      return { status: 201, body: awsRequestValidator(await createRequestValidator(db, params.restapi_id, input)) };
    },
  },
  {
    name: "GetRequestValidators",
    service: "apigateway",
    method: "GET",
    path: "/restapis/{restapi_id}/requestvalidators",
    permission: "read",
    async handler({ db, params, query }) {
      return { body: page((await listRequestValidators(db, params.restapi_id)).map(awsRequestValidator), query) };
    },
  },
  {
    name: "GetRequestValidator",
    service: "apigateway",
    method: "GET",
    path: "/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}",
    permission: "read",
    async handler({ db, params }) {
      return { body: awsRequestValidator(await getRequestValidator(db, params.restapi_id, params.requestvalidator_id)) };
    },
  },
  {
    name: "UpdateRequestValidator",
    service: "apigateway",
    method: "PATCH",
    path: "/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}",
    permission: "edit",
    async handler({ db, params, body }) {
      const update: Body = {};
      for (const op of readPatchOperations(body)) {
        if (op.op !== "replace") throw unsupportedPatch(op);
        if (op.path === "/name") update.name = op.value ?? "";
        else if (op.path === "/validateRequestBody" || op.path === "/validateRequestParameters") update[op.path.slice(1)] = patchBool(op);
        else throw unsupportedPatch(op);
      }
      const input = parseWith(ZUpdateRequestValidator, update);
      return { body: awsRequestValidator(await updateRequestValidator(db, params.restapi_id, params.requestvalidator_id, input)) };
    },
  },
  {
    name: "DeleteRequestValidator",
    service: "apigateway",
    method: "DELETE",
    path: "/restapis/{restapi_id}/requestvalidators/{requestvalidator_id}",
    permission: "edit",
    async handler({ db, params }) {
      await deleteRequestValidator(db, params.restapi_id, params.requestvalidator_id);
      return { status: 202 };
    },
  },
];
