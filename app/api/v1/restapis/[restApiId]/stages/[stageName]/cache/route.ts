import { prisma } from "@/lib/db";
import { apiRoute, json } from "@/lib/server/api-route";
import { stageCacheStats } from "@/lib/services/stage-cache";

type Params = { restApiId: string; stageName: string };

/** The stage cache's backend, entries, size, hits, misses and hit ratio, from the gateway. */
export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId, stageName }) => json(await stageCacheStats(prisma(), restApiId, stageName)));
