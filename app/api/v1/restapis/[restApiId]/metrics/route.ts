import { z } from "zod";
import { prisma } from "@/lib/db";
import { apiRoute, json, parseQuery } from "@/lib/server/api-route";
import { requestSeries } from "@/lib/services/metrics";
import { requireApi } from "@/lib/services/restapis";

const ZQuery = z.object({ minutes: z.coerce.number().int().min(5).max(1440).default(60) });

/** Requests per minute by status class over the last `minutes` (default 60). */
export const GET = apiRoute<{ restApiId: string }>("read", async (req, _p, { restApiId }) => {
  const { minutes } = parseQuery(req, ZQuery);
  await requireApi(prisma(), restApiId);
  return json(await requestSeries(prisma(), restApiId, minutes));
});
