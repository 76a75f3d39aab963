import { prisma } from "@/lib/db";
import { ZCreateAccessKey } from "@/lib/schemas/access-keys";
import { apiRoute, created, json, parseBody } from "@/lib/server/api-route";
import { createAccessKey, listAccessKeys } from "@/lib/services/access-keys";

/** Admins and owners see every key; other users their own. */
export const GET = apiRoute("self", async (_req, principal) => json({ items: await listAccessKeys(prisma(), principal) }));

/** Issues a SigV4 key pair; the secret is in this answer only. */
export const POST = apiRoute("self", async (req, principal) => created(await createAccessKey(prisma(), principal, await parseBody(req, ZCreateAccessKey))));
