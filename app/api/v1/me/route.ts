import type { TMe } from "@/lib/schemas/management";
import { apiRoute, json } from "@/lib/server/api-route";

/** Who you are to the API: your user and role, and whether you came by session or token. */
export const GET = apiRoute("self", async (_req, principal) => {
  const me: TMe = { id: principal.userId, email: principal.email, role: principal.role, via: principal.via };
  return json(me);
});
