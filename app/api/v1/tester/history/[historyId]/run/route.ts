import { prisma } from "@/lib/db";
import { apiRoute, json } from "@/lib/server/api-route";
import { getHistoryEntry } from "@/lib/services/tester";
import { runSaved } from "@/lib/services/tester-collections";

type Params = { historyId: string };

/** Runs one of the caller's history entries again (a new history entry). */
export const POST = apiRoute<Params>("test", async (_req, principal, { historyId }) => {
  const { entry } = await getHistoryEntry(prisma(), principal, historyId);
  return json(await runSaved(prisma(), principal, entry));
});
