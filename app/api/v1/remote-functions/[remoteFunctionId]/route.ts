import { prisma } from "@/lib/db";
import { ZUpdateRemoteFunction } from "@/lib/schemas/remote-functions";
import { apiRoute, json, noContent, parseBody } from "@/lib/server/api-route";
import { deleteRemoteFunction, getRemoteFunction, updateRemoteFunction } from "@/lib/services/remote-functions";

type Params = { remoteFunctionId: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { remoteFunctionId }) => json(await getRemoteFunction(prisma(), remoteFunctionId)));

/** Changes the endpoint, region or credentials (rotation reaches the gateway without a redeploy); 409 on a stale version. */
export const PATCH = apiRoute<Params>("edit", async (req, _p, { remoteFunctionId }) =>
  json(await updateRemoteFunction(prisma(), remoteFunctionId, await parseBody(req, ZUpdateRemoteFunction))),
);

export const DELETE = apiRoute<Params>("edit", async (_req, _p, { remoteFunctionId }) => {
  await deleteRemoteFunction(prisma(), remoteFunctionId);
  return noContent();
});
