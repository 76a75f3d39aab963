import type { Db } from "../../db";
import { ZPutGatewayResponse, type TGatewayResponse } from "../../schemas/management";
import { deleteGatewayResponse, getGatewayResponse, listGatewayResponses, putGatewayResponse } from "../../services/gateway-responses";
import type { Operation } from "../operation";
import { page, parseWith, pathSegments, readPatchOperations, unsupportedPatch } from "./shapes";

/**
 * Gateway responses as AWS shapes them; `defaultResponse` is true for a type the API has not customized.
 * A customization put without a status code has none on AWS (the type's default applies): the service
 * reports the default, so `statusUnset` says when to leave it out (Terraform reads it back as "not set").
 */
export function awsGatewayResponse(r: TGatewayResponse, statusUnset = false) {
  return {
    responseType: r.responseType,
    statusCode: r.defaultResponse || !statusUnset ? (r.statusCode ?? undefined) : undefined,
    responseParameters: r.responseParameters,
    responseTemplates: r.responseTemplates,
    defaultResponse: r.defaultResponse,
  };
}

type Body = Record<string, unknown>;

/** The API's customized response types stored without a status code (the service fills in the default when reading). */
async function typesWithoutStatus(db: Db, restApiId: string): Promise<Set<string>> {
  const rows = await db.gatewayResponse.findMany({ where: { restApiId, statusCode: null }, select: { responseType: true } });
  return new Set(rows.map((r) => r.responseType));
}

export const gatewayResponsesOperations: Operation[] = [
  {
    name: "GetGatewayResponses",
    service: "apigateway",
    method: "GET",
    path: "/restapis/{restapi_id}/gatewayresponses",
    permission: "read",
    async handler({ db, params, query }) {
      const unset = await typesWithoutStatus(db, params.restapi_id);
      const items = (await listGatewayResponses(db, params.restapi_id)).map((r) => awsGatewayResponse(r, unset.has(r.responseType)));
      return { body: page(items, query) };
    },
  },
  {
    name: "GetGatewayResponse",
    service: "apigateway",
    method: "GET",
    path: "/restapis/{restapi_id}/gatewayresponses/{response_type}",
    permission: "read",
    async handler({ db, params }) {
      const response = await getGatewayResponse(db, params.restapi_id, params.response_type);
      const unset = await typesWithoutStatus(db, params.restapi_id);
      return { body: awsGatewayResponse(response, unset.has(response.responseType)) };
    },
  },
  {
    name: "PutGatewayResponse",
    service: "apigateway",
    method: "PUT",
    path: "/restapis/{restapi_id}/gatewayresponses/{response_type}",
    permission: "edit",
    async handler({ db, params, body }) {
      const raw = (body ?? {}) as Body;
      const input = parseWith(ZPutGatewayResponse, {
        statusCode: raw.statusCode,
        responseParameters: raw.responseParameters ?? {},
        responseTemplates: raw.responseTemplates ?? {},
      });
      // AWS answers 201 whether the type was customized before or not.
      const { response } = await putGatewayResponse(db, params.restapi_id, params.response_type, input);
      return { status: 201, body: awsGatewayResponse(response, input.statusCode == null) };
    },
  },
  {
    name: "UpdateGatewayResponse",
    service: "apigateway",
    method: "PATCH",
    path: "/restapis/{restapi_id}/gatewayresponses/{response_type}",
    permission: "edit",
    async handler({ db, params, body }) {
      const ops = readPatchOperations(body);
      const current = await getGatewayResponse(db, params.restapi_id, params.response_type);
      // A default (not customized) response starts from its status alone: its default template is not copied in.
      const unset = !current.defaultResponse && (await typesWithoutStatus(db, params.restapi_id)).has(current.responseType);
      let statusCode: string | undefined = unset ? undefined : (current.statusCode ?? undefined);
      const responseParameters = { ...current.responseParameters };
      const responseTemplates = current.defaultResponse ? {} : { ...current.responseTemplates };
      for (const op of ops) {
        const [field, name, ...rest] = pathSegments(op.path);
        const setOrRemove = op.op === "add" || op.op === "replace" || op.op === "remove";
        if (op.path === "/statusCode" && (op.op === "replace" || op.op === "add")) statusCode = op.value;
        else if (op.path === "/statusCode" && op.op === "remove") statusCode = undefined;
        else if (setOrRemove && rest.length === 0 && name && (field === "responseParameters" || field === "responseTemplates")) {
          const map = field === "responseParameters" ? responseParameters : responseTemplates;
          if (op.op === "remove") delete map[name];
          else map[name] = op.value ?? "";
        } else throw unsupportedPatch(op);
      }
      const input = parseWith(ZPutGatewayResponse, { statusCode, responseParameters, responseTemplates });
      const { response } = await putGatewayResponse(db, params.restapi_id, params.response_type, input);
      return { body: awsGatewayResponse(response, statusCode === undefined) };
    },
  },
  {
    name: "DeleteGatewayResponse",
    service: "apigateway",
    method: "DELETE",
    path: "/restapis/{restapi_id}/gatewayresponses/{response_type}",
    permission: "edit",
    async handler({ db, params }) {
      await deleteGatewayResponse(db, params.restapi_id, params.response_type);
      return { status: 202 };
    },
  },
];
