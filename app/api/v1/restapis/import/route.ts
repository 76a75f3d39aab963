import { prisma } from "@/lib/db";
import { readImportBody } from "@/lib/openapi-io/request";
import { ZImportQuery } from "@/lib/schemas/openapi-io";
import { apiRoute, json, parseQuery } from "@/lib/server/api-route";
import { importApi } from "@/lib/services/api-import";

/**
 * POST: imports an OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML, ≤ 6 MB) with the
 * x-amazon-apigateway-* extensions: `mode=create` (201, a new API), `overwrite` or `merge` (200, `restApiId`).
 */
export const POST = apiRoute("edit", async (req) => {
  const query = parseQuery(req, ZImportQuery);
  const result = await importApi(prisma(), await readImportBody(req), query);
  return json(result, query.mode === "create" ? 201 : 200);
});
