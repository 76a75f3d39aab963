import { renderDocument } from "../../openapi-io/to-openapi";
import { exportStage } from "../../services/api-export";
import { badRequestException } from "../errors";
import type { Operation } from "../operation";
import { toSwagger2 } from "./swagger";

/**
 * GetExport (`GET /restapis/{id}/stages/{stage}/exports/{oas30|swagger}`): the stage's deployed API as
 * the console exports it (lib/services/api-export.ts). `extensions=apigateway` or `integrations` adds the
 * x-amazon-apigateway-* extensions; `Accept: application/yaml` gives YAML, else JSON. The body is the
 * document, with content-type and content-disposition, as AWS.
 */

function extensionsWanted(query: URLSearchParams): boolean {
  const values = query
    .getAll("extensions")
    .flatMap((v) => v.split(","))
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== "");
  return values.includes("apigateway") || values.includes("integrations");
}

function formatOf(accept: string | undefined): "json" | "yaml" {
  const value = (accept ?? "").toLowerCase();
  if (value.includes("yaml")) return "yaml";
  if (value === "" || value.includes("json") || value.includes("*/*")) return "json";
  throw badRequestException(`Unsupported Accept ${accept}: use application/json or application/yaml`);
}

export const exportOperations: Operation[] = [
  {
    name: "GetExport",
    service: "apigateway",
    method: "GET",
    path: "/restapis/{restapi_id}/stages/{stage_name}/exports/{export_type}",
    permission: "read",
    async handler({ db, params, query, headers }) {
      const type = params.export_type;
      if (type !== "oas30" && type !== "swagger")
        throw badRequestException(`Invalid export type '${type}': must be one of [oas30, swagger]`);
      const format = formatOf(headers.accept);
      const extensions = extensionsWanted(query);
      const exported = await exportStage(db, params.restapi_id, params.stage_name, { format, extensions });
      const body = type === "oas30" ? exported.body : renderDocument(toSwagger2(exported.document), format);
      const filename = type === "oas30" ? exported.filename : exported.filename.replace("-oas30", "-swagger");
      return {
        body: Buffer.from(body, "utf8"),
        headers: {
          "content-type": format === "yaml" ? "application/yaml" : "application/json",
          "content-disposition": `attachment; filename="${filename}"`,
        },
      };
    },
  },
];
