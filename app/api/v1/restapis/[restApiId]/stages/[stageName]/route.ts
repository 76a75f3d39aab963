import { prisma } from "@/lib/db";
import { ZUpdateStage } from "@/lib/schemas/management";
import { apiRoute, json, noContent, parseBody } from "@/lib/server/api-route";
import { actorName } from "@/lib/services/permissions";
import { deleteStage, getStage, updateStage } from "@/lib/services/stages";

type Params = { restApiId: string; stageName: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId, stageName }) => json(await getStage(prisma(), restApiId, stageName)));

/** Edits the stage; `deploymentId` of an older deployment rolls back; `canarySettings: null` removes the canary. */
export const PATCH = apiRoute<Params>("edit", async (req, principal, { restApiId, stageName }) =>
  json(await updateStage(prisma(), restApiId, stageName, await parseBody(req, ZUpdateStage), actorName(principal))),
);

/** The gateway stops serving the stage; its deployments stay. */
export const DELETE = apiRoute<Params>("edit", async (_req, _p, { restApiId, stageName }) => {
  await deleteStage(prisma(), restApiId, stageName);
  return noContent();
});
