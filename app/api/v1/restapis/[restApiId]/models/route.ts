import { prisma } from "@/lib/db";
import { ZCreateModel } from "@/lib/schemas/management";
import { apiRoute, created, json, parseBody } from "@/lib/server/api-route";
import { createModel, listModels } from "@/lib/services/models";

type Params = { restApiId: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId }) => json({ items: await listModels(prisma(), restApiId) }));

/** A model: a draft-04 JSON Schema (400 naming `schema` when it is not valid JSON or not a valid schema; 409 for a taken name). */
export const POST = apiRoute<Params>("edit", async (req, _p, { restApiId }) => created(await createModel(prisma(), restApiId, await parseBody(req, ZCreateModel))));
