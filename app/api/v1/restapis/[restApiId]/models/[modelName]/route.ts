import { prisma } from "@/lib/db";
import { ZUpdateModel } from "@/lib/schemas/management";
import { apiRoute, json, noContent, parseBody } from "@/lib/server/api-route";
import { deleteModel, getModel, updateModel } from "@/lib/services/models";

type Params = { restApiId: string; modelName: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId, modelName }) => json(await getModel(prisma(), restApiId, modelName)));

export const PATCH = apiRoute<Params>("edit", async (req, _p, { restApiId, modelName }) =>
  json(await updateModel(prisma(), restApiId, modelName, await parseBody(req, ZUpdateModel))),
);

/** 409 while a method, method response or another model references it. */
export const DELETE = apiRoute<Params>("edit", async (_req, _p, { restApiId, modelName }) => {
  await deleteModel(prisma(), restApiId, modelName);
  return noContent();
});
