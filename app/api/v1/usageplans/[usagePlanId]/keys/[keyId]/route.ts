import { prisma } from "@/lib/db";
import { apiRoute, json, noContent } from "@/lib/server/api-route";
import { getUsagePlanKey, removeUsagePlanKey } from "@/lib/services/usage-plans";

type Params = { usagePlanId: string; keyId: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { usagePlanId, keyId }) => json(await getUsagePlanKey(prisma(), usagePlanId, keyId)));

export const DELETE = apiRoute<Params>("edit", async (_req, _p, { usagePlanId, keyId }) => {
  await removeUsagePlanKey(prisma(), usagePlanId, keyId);
  return noContent();
});
