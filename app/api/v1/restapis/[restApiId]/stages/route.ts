import { prisma } from "@/lib/db";
import { ZCreateStage } from "@/lib/schemas/management";
import { apiRoute, created, json, parseBody } from "@/lib/server/api-route";
import { actorName } from "@/lib/services/permissions";
import { createStage, listStages } from "@/lib/services/stages";

type Params = { restApiId: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId }) => json({ items: await listStages(prisma(), restApiId) }));

/** A stage serving an existing deployment. */
export const POST = apiRoute<Params>("edit", async (req, principal, { restApiId }) =>
  created(await createStage(prisma(), restApiId, await parseBody(req, ZCreateStage), actorName(principal))),
);
