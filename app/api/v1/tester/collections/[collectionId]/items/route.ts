import { prisma } from "@/lib/db";
import { ZCollectionItemInput } from "@/lib/schemas/tester";
import { apiRoute, created, parseBody } from "@/lib/server/api-route";
import { addItem } from "@/lib/services/tester-collections";

type Params = { collectionId: string };

/** Saves a request into the collection (appended). */
export const POST = apiRoute<Params>("test", async (req, principal, { collectionId }) =>
  created(await addItem(prisma(), collectionId, await parseBody(req, ZCollectionItemInput), principal)),
);
