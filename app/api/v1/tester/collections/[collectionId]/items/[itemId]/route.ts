import { prisma } from "@/lib/db";
import { apiRoute, noContent } from "@/lib/server/api-route";
import { deleteItem } from "@/lib/services/tester-collections";

type Params = { collectionId: string; itemId: string };

export const DELETE = apiRoute<Params>("test", async (_req, _p, { collectionId, itemId }) => {
  await deleteItem(prisma(), collectionId, itemId);
  return noContent();
});
