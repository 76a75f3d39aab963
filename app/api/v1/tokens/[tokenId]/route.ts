import { prisma } from "@/lib/db";
import { apiRoute, noContent } from "@/lib/server/api-route";
import { revokeToken } from "@/lib/services/tokens";

/** Revokes one of your tokens (admins: anyone's); it answers 401 from then on. */
export const DELETE = apiRoute<{ tokenId: string }>("self", async (_req, principal, { tokenId }) => {
  await revokeToken(prisma(), principal, tokenId);
  return noContent();
});
