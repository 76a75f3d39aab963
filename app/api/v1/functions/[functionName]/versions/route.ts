import { prisma } from "@/lib/db";
import { ZPublishFunction } from "@/lib/schemas/functions";
import { apiRoute, created, json, parseBody } from "@/lib/server/api-route";
import { listFunctionVersions, publishFunction } from "@/lib/services/functions";

type Params = { functionName: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { functionName }) => json({ items: await listFunctionVersions(prisma(), functionName) }));

/** Publishes $LATEST as the next immutable version. */
export const POST = apiRoute<Params>("edit", async (req, _p, { functionName }) =>
  created(await publishFunction(prisma(), functionName, await parseBody(req, ZPublishFunction))),
);
