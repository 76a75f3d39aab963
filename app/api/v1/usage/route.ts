import { prisma } from "@/lib/db";
import { loadSettings } from "@/lib/config";
import { apiRoute, json, parseQuery } from "@/lib/server/api-route";
import { ZUsageQuery } from "@/lib/schemas/metrics";
import { usageCsv, usageReport } from "@/lib/services/metrics-dashboard";

/** Requests and data out per API, stage and key for a month, priced with the GATEHOUSE_PRICE_* table; `format=csv` downloads it. */
export const GET = apiRoute("read", async (req) => {
  const { month, restApiId, format } = parseQuery(req, ZUsageQuery);
  const settings = loadSettings();
  const report = await usageReport(
    prisma(),
    { perMillionRequests: settings.GATEHOUSE_PRICE_PER_MILLION_REQUESTS, perGbOut: settings.GATEHOUSE_PRICE_PER_GB_OUT, cachePerHour: settings.GATEHOUSE_PRICE_CACHE_PER_HOUR },
    month,
    restApiId,
  );
  if (format === "csv") {
    return new Response(usageCsv(report), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="gatehouse-usage-${report.month}.csv"` },
    });
  }
  return json(report);
});
