import { prisma } from "@/lib/db";
import { ZCreateUser } from "@/lib/schemas/management";
import { apiRoute, created, json, parseBody } from "@/lib/server/api-route";
import { createUser, listUsers } from "@/lib/services/users";

export const GET = apiRoute("admin", async () => json({ items: await listUsers(prisma()) }));

/** `{ user, password? }`: a generated password is returned this once when none was given. */
export const POST = apiRoute("admin", async (req) => created(await createUser(prisma(), await parseBody(req, ZCreateUser))));
