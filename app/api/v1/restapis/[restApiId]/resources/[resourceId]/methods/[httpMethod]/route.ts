import { prisma } from "@/lib/db";
import { ZPutMethod, ZUpdateMethod } from "@/lib/schemas/management";
import { apiRoute, created, json, methodAddress, noContent, parseBody } from "@/lib/server/api-route";
import { deleteMethod, getMethod, putMethod, updateMethod } from "@/lib/services/methods";

type Params = { restApiId: string; resourceId: string; httpMethod: string };

export const GET = apiRoute<Params>("read", async (_req, _p, params) => json(await getMethod(prisma(), methodAddress(params))));

/** Creates the method; a second method of the same verb answers 400 naming httpMethod. */
export const PUT = apiRoute<Params>("edit", async (req, _p, params) => {
  const at = methodAddress(params);
  return created(await putMethod(prisma(), at, await parseBody(req, ZPutMethod)));
});

export const PATCH = apiRoute<Params>("edit", async (req, _p, params) => {
  const at = methodAddress(params);
  return json(await updateMethod(prisma(), at, await parseBody(req, ZUpdateMethod)));
});

/** Deletes the method with its integration and responses. */
export const DELETE = apiRoute<Params>("edit", async (_req, _p, params) => {
  await deleteMethod(prisma(), methodAddress(params));
  return noContent();
});
