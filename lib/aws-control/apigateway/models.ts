import { ZCreateModel, ZUpdateModel, type TModel } from "../../schemas/management";
import { createModel, deleteModel, getModel, listModels, modelTemplate, updateModel } from "../../services/models";
import type { Operation } from "../operation";
import { page, parseWith, readPatchOperations, unsupportedPatch } from "./shapes";
import { requestValidatorsOperations } from "./request-validators";

/** Models as AWS shapes them. */
export function awsModel(m: TModel) {
  return { id: m.id, name: m.name, description: m.description || undefined, schema: m.schema, contentType: m.contentType };
}

type Body = Record<string, unknown>;

const modelOperations: Operation[] = [
  {
    name: "CreateModel",
    service: "apigateway",
    method: "POST",
    path: "/restapis/{restapi_id}/models",
    permission: "edit",
    async handler({ db, params, body }) {
      const raw = (body ?? {}) as Body;
      const input = parseWith(ZCreateModel, {
        name: raw.name,
        description: raw.description ?? "",
        contentType: raw.contentType,
        schema: raw.schema,
      });
      return { status: 201, body: awsModel(await createModel(db, params.restapi_id, input)) };
    },
  },
  {
    name: "GetModels",
    service: "apigateway",
    method: "GET",
    path: "/restapis/{restapi_id}/models",
    permission: "read",
    async handler({ db, params, query }) {
      return { body: page((await listModels(db, params.restapi_id)).map(awsModel), query) };
    },
  },
  {
    // `flatten=true` (inline referenced models) is accepted and ignored: the schema is returned as stored.
    name: "GetModel",
    service: "apigateway",
    method: "GET",
    path: "/restapis/{restapi_id}/models/{model_name}",
    permission: "read",
    async handler({ db, params }) {
      return { body: awsModel(await getModel(db, params.restapi_id, params.model_name)) };
    },
  },
  {
    name: "UpdateModel",
    service: "apigateway",
    method: "PATCH",
    path: "/restapis/{restapi_id}/models/{model_name}",
    permission: "edit",
    async handler({ db, params, body }) {
      const update: Body = {};
      for (const op of readPatchOperations(body)) {
        if (op.op !== "replace" || (op.path !== "/schema" && op.path !== "/description")) throw unsupportedPatch(op);
        update[op.path.slice(1)] = op.value ?? "";
      }
      const input = parseWith(ZUpdateModel, update);
      return { body: awsModel(await updateModel(db, params.restapi_id, params.model_name, input)) };
    },
  },
  {
    name: "DeleteModel",
    service: "apigateway",
    method: "DELETE",
    path: "/restapis/{restapi_id}/models/{model_name}",
    permission: "edit",
    async handler({ db, params }) {
      await deleteModel(db, params.restapi_id, params.model_name);
      return { status: 202 };
    },
  },
  {
    name: "GetModelTemplate",
    service: "apigateway",
    method: "GET",
    path: "/restapis/{restapi_id}/models/{model_name}/default_template",
    permission: "read",
    async handler({ db, params }) {
      return { body: await modelTemplate(db, params.restapi_id, params.model_name) };
    },
  },
];

/** Models and request validators (both feed the gateway's request validation). */
export const modelsOperations: Operation[] = [...modelOperations, ...requestValidatorsOperations];
