import { prisma } from "@/lib/db";
import { apiRoute, json } from "@/lib/server/api-route";
import { listStageDeployments } from "@/lib/services/stages";

type Params = { restApiId: string; stageName: string };

/** The stage's history: every deployment it has pointed at (deploys, rollbacks, promotions), newest first. */
export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId, stageName }) =>
  json({ items: await listStageDeployments(prisma(), restApiId, stageName) }),
);
