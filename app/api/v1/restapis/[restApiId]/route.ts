import { prisma } from "@/lib/db";
import { ZUpdateRestApi } from "@/lib/schemas/management";
import { apiRoute, json, noContent, parseBody } from "@/lib/server/api-route";
import { deleteRestApi, getRestApi, updateRestApi } from "@/lib/services/restapis";

type Params = { restApiId: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId }) => json(await getRestApi(prisma(), restApiId)));

export const PATCH = apiRoute<Params>("edit", async (req, _p, { restApiId }) =>
  json(await updateRestApi(prisma(), restApiId, await parseBody(req, ZUpdateRestApi))),
);

/** Deletes the API with its resources, deployments and stages (no longer served). */
export const DELETE = apiRoute<Params>("edit", async (_req, _p, { restApiId }) => {
  await deleteRestApi(prisma(), restApiId);
  return noContent();
});
