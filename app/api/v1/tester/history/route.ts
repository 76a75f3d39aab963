import { prisma } from "@/lib/db";
import { apiRoute, json, noContent } from "@/lib/server/api-route";
import { clearHistory, listHistory } from "@/lib/services/tester";

/** The caller's last 100 tester requests, newest first. */
export const GET = apiRoute("test", async (_req, principal) => json(await listHistory(prisma(), principal)));

/** Clears the caller's history. */
export const DELETE = apiRoute("test", async (_req, principal) => {
  await clearHistory(prisma(), principal);
  return noContent();
});
