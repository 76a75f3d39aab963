import { prisma } from "@/lib/db";
import { ZCreateApiKey } from "@/lib/schemas/api-keys";
import { apiRoute, created, json, parseBody } from "@/lib/server/api-route";
import { createApiKey, listApiKeys } from "@/lib/services/api-keys";

/** Keys with their prefix only, never their values. */
export const GET = apiRoute("read", async () => json({ items: await listApiKeys(prisma()) }));

/** Generates a 40-character key (or imports `value`); the value is in this response only. */
export const POST = apiRoute("edit", async (req, principal) => created(await createApiKey(prisma(), await parseBody(req, ZCreateApiKey), principal)));
