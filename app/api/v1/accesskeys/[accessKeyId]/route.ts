import { prisma } from "@/lib/db";
import { ZUpdateAccessKey } from "@/lib/schemas/access-keys";
import { apiRoute, json, noContent, parseBody } from "@/lib/server/api-route";
import { deleteAccessKey, getAccessKey, updateAccessKey } from "@/lib/services/access-keys";

type Params = { accessKeyId: string };

export const GET = apiRoute<Params>("self", async (_req, principal, { accessKeyId }) => json(await getAccessKey(prisma(), principal, accessKeyId)));

/** Renames, enables/disables or restricts the key (the gateway follows within a second); 409 on a stale version. */
export const PATCH = apiRoute<Params>("self", async (req, principal, { accessKeyId }) =>
  json(await updateAccessKey(prisma(), principal, accessKeyId, await parseBody(req, ZUpdateAccessKey))),
);

export const DELETE = apiRoute<Params>("self", async (_req, principal, { accessKeyId }) => {
  await deleteAccessKey(prisma(), principal, accessKeyId);
  return noContent();
});
