import { prisma } from "@/lib/db";
import { apiRoute, json, noContent } from "@/lib/server/api-route";
import { actorName } from "@/lib/services/permissions";
import { deleteStage, getStage, updateStage } from "@/lib/services/stages";
import { parseStageUpdate } from "@/lib/services/stage-patch";

type Params = { restApiId: string; stageName: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId, stageName }) => json(await getStage(prisma(), restApiId, stageName)));

/**
 * Edits the stage; `deploymentId` of an older deployment rolls back; `canarySettings: null` removes the canary.
 * AWS's `{patchOperations: [{op: "replace", path: "/*\/*\/throttling/rateLimit", value: "5"}]}` works too.
 */
export const PATCH = apiRoute<Params>("edit", async (req, principal, { restApiId, stageName }) =>
  json(await updateStage(prisma(), restApiId, stageName, await parseStageUpdate(prisma(), restApiId, stageName, req), actorName(principal))),
);

/** The gateway stops serving the stage; its deployments stay. */
export const DELETE = apiRoute<Params>("edit", async (_req, _p, { restApiId, stageName }) => {
  await deleteStage(prisma(), restApiId, stageName);
  return noContent();
});
