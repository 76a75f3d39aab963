import { prisma } from "@/lib/db";
import { ZUpdateUsage } from "@/lib/schemas/api-keys";
import { apiRoute, json, parseBody } from "@/lib/server/api-route";
import { getKeyUsage, updateUsage } from "@/lib/services/usage";

type Params = { usagePlanId: string; keyId: string };

/** The key's quota in the current period: used, limit (with adjustments), remaining. */
export const GET = apiRoute<Params>("read", async (_req, _p, { usagePlanId, keyId }) => json(await getKeyUsage(prisma(), usagePlanId, keyId)));

/** AWS UpdateUsage: `{"remaining": n}`, `{"extendBy": n}` or `{"reset": true}` for the current quota period (admins). */
export const PATCH = apiRoute<Params>("admin", async (req, _p, { usagePlanId, keyId }) =>
  json(await updateUsage(prisma(), usagePlanId, keyId, await parseBody(req, ZUpdateUsage))),
);
