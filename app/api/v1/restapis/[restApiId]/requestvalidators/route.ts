import { prisma } from "@/lib/db";
import { ZCreateRequestValidator } from "@/lib/schemas/management";
import { apiRoute, created, json, parseBody } from "@/lib/server/api-route";
import { createRequestValidator, listRequestValidators } from "@/lib/services/request-validators";

type Params = { restApiId: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId }) => json({ items: await listRequestValidators(prisma(), restApiId) }));

export const POST = apiRoute<Params>("edit", async (req, _p, { restApiId }) =>
  created(await createRequestValidator(prisma(), restApiId, await parseBody(req, ZCreateRequestValidator))),
);
