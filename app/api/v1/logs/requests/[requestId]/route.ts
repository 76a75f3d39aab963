import { prisma } from "@/lib/db";
import { apiRoute, json } from "@/lib/server/api-route";
import { requestLogs } from "@/lib/services/logs";

export const dynamic = "force-dynamic";

type Params = { requestId: string };

/** One request's access entry, execution log lines and function log lines. */
export const GET = apiRoute<Params>("test", async (_req, _p, { requestId }) => json(await requestLogs(prisma(), requestId)));
