import { z } from "zod";
import { prisma } from "@/lib/db";
import { ZCreateToken } from "@/lib/schemas/management";
import { apiRoute, created, json, parseBody, parseQuery } from "@/lib/server/api-route";
import { createToken, listTokens } from "@/lib/services/tokens";

const ZQuery = z.object({ all: z.enum(["true", "false"]).default("false") });

/** Your own tokens; `?all=true` (admins) every user's. */
export const GET = apiRoute("self", async (req, principal) =>
  json({ items: await listTokens(prisma(), principal, parseQuery(req, ZQuery).all === "true") }),
);

/** `{ token, secret }`: the secret (gh_…) is shown this once; the token carries your role. */
export const POST = apiRoute("self", async (req, principal) => created(await createToken(prisma(), principal, await parseBody(req, ZCreateToken))));
