import { prisma } from "@/lib/db";
import { apiRoute, json, parseQuery } from "@/lib/server/api-route";
import { ZMetricsQuery } from "@/lib/schemas/metrics";
import { metricsDashboard } from "@/lib/services/metrics-dashboard";

/** Dashboard metrics: the account (no restApiId), one API, or one API's stage, over 1 h / 24 h / 7 d / custom. */
export const GET = apiRoute("read", async (req) => {
  const query = parseQuery(req, ZMetricsQuery);
  return json(await metricsDashboard(prisma(), query));
});
