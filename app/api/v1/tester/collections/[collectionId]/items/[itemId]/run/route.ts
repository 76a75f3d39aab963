import { prisma } from "@/lib/db";
import { apiRoute, json } from "@/lib/server/api-route";
import { runItem } from "@/lib/services/tester-collections";

type Params = { collectionId: string; itemId: string };

/** Runs a saved request again as the caller. */
export const POST = apiRoute<Params>("test", async (_req, principal, { collectionId, itemId }) => json(await runItem(prisma(), collectionId, itemId, principal)));
