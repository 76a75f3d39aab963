import { MAX_DOCUMENT_BYTES } from "../../openapi-io/parse";
import { importApi } from "../../services/api-import";
import { requireApi } from "../../services/restapis";
import { badRequestException } from "../errors";
import type { Operation, OperationContext } from "../operation";
import { awsImportedRestApi } from "./rest-api-shape";

/**
 * ImportRestApi (`POST /restapis?mode=import`) and PutRestApi (`PUT /restapis/{id}?mode=overwrite|merge`):
 * the body is the OpenAPI 3 / Swagger 2 document itself (JSON or YAML), read by the console's import
 * (lib/services/api-import.ts), written in one transaction. `failonwarnings=true` refuses a document
 * with warnings; otherwise they come back in the RestApi's `warnings`.
 */

function documentText(ctx: OperationContext): string {
  if (ctx.rawBody.length === 0) throw badRequestException("Invalid request: the body must be an OpenAPI or Swagger document");
  if (ctx.rawBody.length > MAX_DOCUMENT_BYTES)
    throw badRequestException("The document is larger than 6 MB (Amazon API Gateway's import limit)");
  return ctx.rawBody.toString("utf8");
}

function failOnWarnings(query: URLSearchParams): boolean {
  const raw = query.get("failonwarnings") ?? query.get("failOnWarnings");
  if (raw === null || raw === "") return false;
  if (raw === "true" || raw === "false") return raw === "true";
  throw badRequestException(`Invalid value '${raw}' for failonwarnings: expected true or false`);
}

export const restApiImportOperations: Operation[] = [
  {
    name: "ImportRestApi",
    service: "apigateway",
    method: "POST",
    path: "/restapis",
    query: { mode: "import" },
    permission: "edit",
    rawBody: true,
    async handler(ctx) {
      const { restApi, warnings } = await importApi(ctx.db, documentText(ctx), {
        mode: "create",
        failOnWarnings: failOnWarnings(ctx.query),
      });
      return { status: 201, body: awsImportedRestApi(restApi, warnings) };
    },
  },
  {
    name: "PutRestApi",
    service: "apigateway",
    method: "PUT",
    path: "/restapis/{restapi_id}",
    permission: "edit",
    rawBody: true,
    async handler(ctx) {
      // AWS's default mode is merge.
      const mode = ctx.query.get("mode") ?? "merge";
      if (mode !== "merge" && mode !== "overwrite") throw badRequestException(`Invalid mode '${mode}': must be one of [merge, overwrite]`);
      await requireApi(ctx.db, ctx.params.restapi_id);
      const { restApi, warnings } = await importApi(ctx.db, documentText(ctx), {
        mode,
        restApiId: ctx.params.restapi_id,
        failOnWarnings: failOnWarnings(ctx.query),
      });
      return { body: awsImportedRestApi(restApi, warnings) };
    },
  },
];
