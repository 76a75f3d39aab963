import { prisma } from "@/lib/db";
import { ZCreateAuthorizer } from "@/lib/schemas/authorizers";
import { apiRoute, created, json, parseBody } from "@/lib/server/api-route";
import { createAuthorizer, listAuthorizers } from "@/lib/services/authorizers";

type Params = { restApiId: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId }) => json({ items: await listAuthorizers(prisma(), restApiId) }));

export const POST = apiRoute<Params>("edit", async (req, _p, { restApiId }) => created(await createAuthorizer(prisma(), restApiId, await parseBody(req, ZCreateAuthorizer))));
