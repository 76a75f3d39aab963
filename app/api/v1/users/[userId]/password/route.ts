import { prisma } from "@/lib/db";
import { apiRoute, json } from "@/lib/server/api-route";
import { resetPassword } from "@/lib/services/users";

/** Resets the password to a generated one, returned this once: `{ password }`. */
export const POST = apiRoute<{ userId: string }>("admin", async (_req, _p, { userId }) => json(await resetPassword(prisma(), userId)));
