import { prisma } from "@/lib/db";
import { apiRoute, noContent } from "@/lib/server/api-route";
import { flushStageCache } from "@/lib/services/stage-cache";

type Params = { restApiId: string; stageName: string };

/** Flush the stage cache (AWS FlushStageCache): every gateway instance drops the stage's cached responses. */
export const DELETE = apiRoute<Params>("edit", async (_req, _p, { restApiId, stageName }) => {
  await flushStageCache(prisma(), restApiId, stageName);
  return noContent();
});
