import { prisma } from "@/lib/db";
import { ZUpdateCollection } from "@/lib/schemas/tester";
import { apiRoute, json, noContent, parseBody } from "@/lib/server/api-route";
import { deleteCollection, getCollection, updateCollection } from "@/lib/services/tester-collections";

type Params = { collectionId: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { collectionId }) => json(await getCollection(prisma(), collectionId)));

export const PATCH = apiRoute<Params>("test", async (req, _p, { collectionId }) =>
  json(await updateCollection(prisma(), collectionId, await parseBody(req, ZUpdateCollection))),
);

export const DELETE = apiRoute<Params>("test", async (_req, _p, { collectionId }) => {
  await deleteCollection(prisma(), collectionId);
  return noContent();
});
