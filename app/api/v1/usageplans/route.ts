import { prisma } from "@/lib/db";
import { ZCreateUsagePlan } from "@/lib/schemas/api-keys";
import { apiRoute, created, json, parseBody } from "@/lib/server/api-route";
import { createUsagePlan, listUsagePlans } from "@/lib/services/usage-plans";

/** `?keyId=` lists the plans a key is in (AWS: GetUsagePlans keyId). */
export const GET = apiRoute("read", async (req) => {
  const keyId = new URL(req.url).searchParams.get("keyId") ?? undefined;
  return json({ items: await listUsagePlans(prisma(), { keyId }) });
});

/** 400 naming `apiStages.N.stageName` when a stage does not exist. */
export const POST = apiRoute("edit", async (req) => created(await createUsagePlan(prisma(), await parseBody(req, ZCreateUsagePlan))));
