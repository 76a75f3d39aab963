import { prisma } from "@/lib/db";
import { ZUpdateUser } from "@/lib/schemas/management";
import { apiRoute, json, noContent, parseBody } from "@/lib/server/api-route";
import { deleteUser, getUser, updateUser } from "@/lib/services/users";

type Params = { userId: string };

export const GET = apiRoute<Params>("admin", async (_req, _p, { userId }) => json(await getUser(prisma(), userId)));

/** Name, role, disabled. The last enabled admin cannot be demoted or disabled. */
export const PATCH = apiRoute<Params>("admin", async (req, _p, { userId }) => json(await updateUser(prisma(), userId, await parseBody(req, ZUpdateUser))));

/** The last enabled admin cannot be deleted. */
export const DELETE = apiRoute<Params>("admin", async (_req, _p, { userId }) => {
  await deleteUser(prisma(), userId);
  return noContent();
});
