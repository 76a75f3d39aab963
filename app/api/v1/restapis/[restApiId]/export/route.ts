import { prisma } from "@/lib/db";
import { ZExportQuery } from "@/lib/schemas/openapi-io";
import { apiRoute, parseQuery } from "@/lib/server/api-route";
import { exportWorkingCopy } from "@/lib/services/api-export";

type Params = { restApiId: string };

/** GET: the API's working copy as OpenAPI 3.0 (`format=json|yaml`, `extensions=true|false`). */
export const GET = apiRoute<Params>("read", async (req, _p, { restApiId }) => {
  const out = await exportWorkingCopy(prisma(), restApiId, parseQuery(req, ZExportQuery));
  return new Response(out.body, { headers: { "content-type": out.contentType, "content-disposition": `attachment; filename="${out.filename}"` } });
});
