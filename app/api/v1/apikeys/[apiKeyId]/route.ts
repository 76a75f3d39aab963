import { prisma } from "@/lib/db";
import { ZUpdateApiKey } from "@/lib/schemas/api-keys";
import { apiRoute, json, noContent, parseBody } from "@/lib/server/api-route";
import { deleteApiKey, getApiKey, updateApiKey } from "@/lib/services/api-keys";

type Params = { apiKeyId: string };

/** `?includeValue=true` adds the value (admins and owners; others 403). */
export const GET = apiRoute<Params>("read", async (req, principal, { apiKeyId }) => {
  const includeValue = new URL(req.url).searchParams.get("includeValue") === "true";
  return json(await getApiKey(prisma(), apiKeyId, { includeValue, principal }));
});

export const PATCH = apiRoute<Params>("edit", async (req, _p, { apiKeyId }) => json(await updateApiKey(prisma(), apiKeyId, await parseBody(req, ZUpdateApiKey))));

export const DELETE = apiRoute<Params>("edit", async (_req, _p, { apiKeyId }) => {
  await deleteApiKey(prisma(), apiKeyId);
  return noContent();
});
