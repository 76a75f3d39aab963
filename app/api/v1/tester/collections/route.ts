import { prisma } from "@/lib/db";
import { ZCreateCollection } from "@/lib/schemas/tester";
import { apiRoute, created, json, parseBody } from "@/lib/server/api-route";
import { createCollection, listCollections } from "@/lib/services/tester-collections";

export const GET = apiRoute("read", async () => json(await listCollections(prisma())));

export const POST = apiRoute("test", async (req, principal) => created(await createCollection(prisma(), await parseBody(req, ZCreateCollection), principal)));
