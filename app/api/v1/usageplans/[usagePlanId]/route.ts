import { prisma } from "@/lib/db";
import { ZUpdateUsagePlan } from "@/lib/schemas/api-keys";
import { apiRoute, json, noContent, parseBody } from "@/lib/server/api-route";
import { deleteUsagePlan, getUsagePlan, updateUsagePlan } from "@/lib/services/usage-plans";

type Params = { usagePlanId: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { usagePlanId }) => json(await getUsagePlan(prisma(), usagePlanId)));

export const PATCH = apiRoute<Params>("edit", async (req, _p, { usagePlanId }) => json(await updateUsagePlan(prisma(), usagePlanId, await parseBody(req, ZUpdateUsagePlan))));

export const DELETE = apiRoute<Params>("edit", async (_req, _p, { usagePlanId }) => {
  await deleteUsagePlan(prisma(), usagePlanId);
  return noContent();
});
