import { prisma } from "@/lib/db";
import { ZCreateDeployment } from "@/lib/schemas/management";
import { apiRoute, created, json, parseBody } from "@/lib/server/api-route";
import { createDeployment, listDeployments } from "@/lib/services/deployments";
import { actorName } from "@/lib/services/permissions";

type Params = { restApiId: string };

/** Newest first, each with the stages serving it. */
export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId }) => json({ items: await listDeployments(prisma(), restApiId) }));

/** Deploys to a stage (or, with canarySettings, to an existing stage's canary); 400 deploy-invalid lists every problem. */
export const POST = apiRoute<Params>("edit", async (req, principal, { restApiId }) =>
  created(await createDeployment(prisma(), restApiId, await parseBody(req, ZCreateDeployment), actorName(principal))),
);
