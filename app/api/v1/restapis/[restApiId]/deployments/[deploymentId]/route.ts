import { prisma } from "@/lib/db";
import { apiRoute, json, noContent } from "@/lib/server/api-route";
import { deleteDeployment, getDeployment } from "@/lib/services/deployments";

type Params = { restApiId: string; deploymentId: string };

/** The deployment with its snapshot. */
export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId, deploymentId }) =>
  json(await getDeployment(prisma(), restApiId, deploymentId)),
);

/** Refused (400, naming the stages) while a stage or a stage's canary uses it. */
export const DELETE = apiRoute<Params>("edit", async (_req, _p, { restApiId, deploymentId }) => {
  await deleteDeployment(prisma(), restApiId, deploymentId);
  return noContent();
});
