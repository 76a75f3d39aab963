import { prisma } from "@/lib/db";
import { ZUpdateAuthorizer } from "@/lib/schemas/authorizers";
import { apiRoute, json, noContent, parseBody } from "@/lib/server/api-route";
import { deleteAuthorizer, getAuthorizer, updateAuthorizer } from "@/lib/services/authorizers";

type Params = { restApiId: string; authorizerId: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId, authorizerId }) => json(await getAuthorizer(prisma(), restApiId, authorizerId)));

export const PATCH = apiRoute<Params>("edit", async (req, _p, { restApiId, authorizerId }) =>
  json(await updateAuthorizer(prisma(), restApiId, authorizerId, await parseBody(req, ZUpdateAuthorizer))),
);

/** 409 while a method uses it. */
export const DELETE = apiRoute<Params>("edit", async (_req, _p, { restApiId, authorizerId }) => {
  await deleteAuthorizer(prisma(), restApiId, authorizerId);
  return noContent();
});
