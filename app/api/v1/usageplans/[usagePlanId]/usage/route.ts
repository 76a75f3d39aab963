import { prisma } from "@/lib/db";
import { ZUsageQuery } from "@/lib/schemas/api-keys";
import { apiRoute, json, parseQuery } from "@/lib/server/api-route";
import { getUsage } from "@/lib/services/usage";

type Params = { usagePlanId: string };

/** AWS GetUsage: `?startDate=YYYY-MM-DD&endDate=YYYY-MM-DD[&keyId=]` → `{items: {keyId: [[used, remaining], …per day]}}`. */
export const GET = apiRoute<Params>("read", async (req, _p, { usagePlanId }) => json(await getUsage(prisma(), usagePlanId, parseQuery(req, ZUsageQuery))));
