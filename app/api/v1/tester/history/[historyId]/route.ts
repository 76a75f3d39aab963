import { prisma } from "@/lib/db";
import { apiRoute, json, noContent } from "@/lib/server/api-route";
import { clearHistory, getHistoryEntry } from "@/lib/services/tester";

type Params = { historyId: string };

/** One of the caller's history entries with its stored response. */
export const GET = apiRoute<Params>("test", async (_req, principal, { historyId }) => json(await getHistoryEntry(prisma(), principal, historyId)));

export const DELETE = apiRoute<Params>("test", async (_req, principal, { historyId }) => {
  await clearHistory(prisma(), principal, historyId);
  return noContent();
});
