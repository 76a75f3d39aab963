import { prisma } from "@/lib/db";
import { ZCreateRemoteFunction } from "@/lib/schemas/remote-functions";
import { apiRoute, created, json, parseBody } from "@/lib/server/api-route";
import { createRemoteFunction, listRemoteFunctions } from "@/lib/services/remote-functions";

export const GET = apiRoute("read", async () => json({ items: await listRemoteFunctions(prisma()) }));

/** Registers a function ARN → Invoke API endpoint and credentials (stored encrypted, never returned). */
export const POST = apiRoute("edit", async (req) => created(await createRemoteFunction(prisma(), await parseBody(req, ZCreateRemoteFunction))));
