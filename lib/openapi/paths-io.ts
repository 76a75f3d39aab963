import * as io from "../schemas/openapi-io";
import type { RouteDoc } from "./paths";

/** OpenAPI import and export (issue 10; see paths.ts for the format). */

const importQuery = {
  mode: { description: "create (default): a new API; overwrite: replace the API's definition; merge: add or replace what the document has", schema: { type: "string", enum: ["create", "overwrite", "merge"] } },
  restApiId: { description: "The API to overwrite or merge into", schema: { type: "string" } },
  failOnWarnings: { description: "true: warnings (unsupported extensions, …) refuse the import", schema: { type: "string", enum: ["true", "false"] } },
};
const exportQuery = {
  format: { description: "json (default) or yaml", schema: { type: "string", enum: ["json", "yaml"] } },
  extensions: { description: "true (default): with the x-amazon-apigateway-* extensions", schema: { type: "string", enum: ["true", "false"] } },
};

export const IO_ROUTES: RouteDoc[] = [
  {
    method: "post",
    path: "/restapis/import",
    summary:
      "Import an OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML, ≤ 6 MB; the body is the document, or {document}) with the x-amazon-apigateway-* extensions, in one transaction; 400 problems name JSON pointers",
    permission: "edit",
    body: io.ZImportDocument,
    query: importQuery,
    status: 201,
    alsoOk: true,
    response: io.ZImportResult,
  },
  {
    method: "post",
    path: "/restapis/import/validate",
    summary: "Check an import document without writing anything: problems, warnings and what it would create",
    permission: "edit",
    body: io.ZImportDocument,
    status: 200,
    response: io.ZImportValidation,
  },
  {
    method: "get",
    path: "/restapis/{restApiId}/export",
    summary: "The API's working copy as an OpenAPI 3.0 document (JSON or YAML, with or without the extensions), as a download",
    permission: "read",
    query: exportQuery,
    status: 200,
  },
  {
    method: "get",
    path: "/restapis/{restApiId}/stages/{stageName}/export",
    summary: "The stage's deployment as an OpenAPI 3.0 document (Amazon GetExport), as a download",
    permission: "read",
    query: exportQuery,
    status: 200,
  },
];
