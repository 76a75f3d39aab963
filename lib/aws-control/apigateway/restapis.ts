import { ZCreateRestApi } from "../../schemas/management";
import { createRestApi, deleteRestApi, getRestApi, listRestApis } from "../../services/restapis";
import type { Operation } from "../operation";
import { restApiImportOperations } from "./rest-api-import";
import { updateRestApiOperation } from "./rest-api-update";
import { awsRestApi } from "./rest-api-shape";
import { page, parseWith } from "./shapes";
import { refuseRestApiExtras } from "./unsupported-fields";

export { awsRestApi };

export const restApiOperations: Operation[] = [
  {
    name: "GetRestApis",
    service: "apigateway",
    method: "GET",
    path: "/restapis",
    permission: "read",
    async handler({ db, query }) {
      return { body: page((await listRestApis(db)).map(awsRestApi), query) };
    },
  },
  {
    name: "GetRestApi",
    service: "apigateway",
    method: "GET",
    path: "/restapis/{restapi_id}",
    permission: "read",
    async handler({ db, params }) {
      return { body: awsRestApi(await getRestApi(db, params.restapi_id)) };
    },
  },
  {
    name: "CreateRestApi",
    service: "apigateway",
    method: "POST",
    path: "/restapis",
    permission: "edit",
    async handler({ db, body }) {
      const raw = body as Record<string, unknown>;
      refuseRestApiExtras(raw);
      const input = parseWith(ZCreateRestApi, {
        name: raw.name,
        description: raw.description ?? "",
        binaryMediaTypes: raw.binaryMediaTypes ?? [],
        apiKeySource: raw.apiKeySource ?? "HEADER",
        cloneFrom: raw.cloneFrom,
      });
      return { status: 201, body: awsRestApi(await createRestApi(db, input)) };
    },
  },
  {
    name: "DeleteRestApi",
    service: "apigateway",
    method: "DELETE",
    path: "/restapis/{restapi_id}",
    permission: "edit",
    async handler({ db, params }) {
      await deleteRestApi(db, params.restapi_id);
      return { status: 202 };
    },
  },
  updateRestApiOperation,
  ...restApiImportOperations,
];
