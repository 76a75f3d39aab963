import { prisma } from "@/lib/db";
import { ZPromoteCanary } from "@/lib/schemas/management";
import { apiRoute, json, parseBody } from "@/lib/server/api-route";
import { actorName } from "@/lib/services/permissions";
import { promoteCanary } from "@/lib/services/stages";

type Params = { restApiId: string; stageName: string };

/** The canary's deployment and variable overrides become the stage's; the canary is removed. */
export const POST = apiRoute<Params>("edit", async (req, principal, { restApiId, stageName }) => {
  const { version } = await parseBody(req, ZPromoteCanary);
  return json(await promoteCanary(prisma(), restApiId, stageName, version, actorName(principal)));
});
