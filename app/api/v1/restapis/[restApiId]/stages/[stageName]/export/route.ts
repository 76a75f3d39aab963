import { prisma } from "@/lib/db";
import { ZExportQuery } from "@/lib/schemas/openapi-io";
import { apiRoute, parseQuery } from "@/lib/server/api-route";
import { exportStage } from "@/lib/services/api-export";

type Params = { restApiId: string; stageName: string };

/** GET: the stage's deployment as OpenAPI 3.0 (Amazon GetExport; `format=json|yaml`, `extensions=true|false`). */
export const GET = apiRoute<Params>("read", async (req, _p, { restApiId, stageName }) => {
  const out = await exportStage(prisma(), restApiId, stageName, parseQuery(req, ZExportQuery));
  return new Response(out.body, { headers: { "content-type": out.contentType, "content-disposition": `attachment; filename="${out.filename}"` } });
});
