import { prisma } from "@/lib/db";
import { ZUpdateFunction } from "@/lib/schemas/functions";
import { apiRoute, json, noContent, parseBody } from "@/lib/server/api-route";
import { deleteFunction, getFunction, updateFunction } from "@/lib/services/functions";

type Params = { functionName: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { functionName }) => json(await getFunction(prisma(), functionName)));

/** Saves $LATEST (code, settings, environment); nothing is saved when the code has problems. */
export const PATCH = apiRoute<Params>("edit", async (req, _p, { functionName }) =>
  json(await updateFunction(prisma(), functionName, await parseBody(req, ZUpdateFunction))),
);

/** Deletes the function and its versions, unless a method's integration or a deployed stage uses it. */
export const DELETE = apiRoute<Params>("edit", async (_req, _p, { functionName }) => {
  await deleteFunction(prisma(), functionName);
  return noContent();
});
