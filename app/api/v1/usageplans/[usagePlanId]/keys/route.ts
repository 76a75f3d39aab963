import { prisma } from "@/lib/db";
import { ZAddUsagePlanKey } from "@/lib/schemas/api-keys";
import { apiRoute, created, json, parseBody } from "@/lib/server/api-route";
import { addUsagePlanKey, listUsagePlanKeys } from "@/lib/services/usage-plans";

type Params = { usagePlanId: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { usagePlanId }) => json({ items: await listUsagePlanKeys(prisma(), usagePlanId) }));

/** Adds `{keyId}`; 409 when the key is in another plan sharing one of this plan's API stages. */
export const POST = apiRoute<Params>("edit", async (req, _p, { usagePlanId }) =>
  created(await addUsagePlanKey(prisma(), usagePlanId, await parseBody(req, ZAddUsagePlanKey))),
);
