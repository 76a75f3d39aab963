import { prisma } from "@/lib/db";
import { ZUpdateRequestValidator } from "@/lib/schemas/management";
import { apiRoute, json, noContent, parseBody } from "@/lib/server/api-route";
import { deleteRequestValidator, getRequestValidator, updateRequestValidator } from "@/lib/services/request-validators";

type Params = { restApiId: string; validatorId: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId, validatorId }) => json(await getRequestValidator(prisma(), restApiId, validatorId)));

export const PATCH = apiRoute<Params>("edit", async (req, _p, { restApiId, validatorId }) =>
  json(await updateRequestValidator(prisma(), restApiId, validatorId, await parseBody(req, ZUpdateRequestValidator))),
);

/** 409 while a method uses it. */
export const DELETE = apiRoute<Params>("edit", async (_req, _p, { restApiId, validatorId }) => {
  await deleteRequestValidator(prisma(), restApiId, validatorId);
  return noContent();
});
