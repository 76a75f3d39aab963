import { prisma } from "@/lib/db";
import { apiRoute, json } from "@/lib/server/api-route";
import { modelTemplate } from "@/lib/services/models";

type Params = { restApiId: string; modelName: string };

/** A mapping template generated from the model's schema: `{ value }`. */
export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId, modelName }) => json(await modelTemplate(prisma(), restApiId, modelName)));
