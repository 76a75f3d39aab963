import { prisma } from "@/lib/db";
import { ZCreateResource, ZUpdateResource } from "@/lib/schemas/management";
import { apiRoute, created, json, noContent, parseBody } from "@/lib/server/api-route";
import { createResource, deleteResource, getResource, updateResource } from "@/lib/services/resources";

type Params = { restApiId: string; resourceId: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId, resourceId }) =>
  json(await getResource(prisma(), restApiId, resourceId)),
);

/** POST /resources/{parentId}: a child resource of {resourceId}. */
export const POST = apiRoute<Params>("edit", async (req, _p, { restApiId, resourceId }) =>
  created(await createResource(prisma(), restApiId, resourceId, await parseBody(req, ZCreateResource))),
);

/** Renames the path part; the paths below follow. */
export const PATCH = apiRoute<Params>("edit", async (req, _p, { restApiId, resourceId }) =>
  json(await updateResource(prisma(), restApiId, resourceId, await parseBody(req, ZUpdateResource))),
);

/** Deletes the resource and everything below it (not the root). */
export const DELETE = apiRoute<Params>("edit", async (_req, _p, { restApiId, resourceId }) => {
  await deleteResource(prisma(), restApiId, resourceId);
  return noContent();
});
