import { prisma } from "@/lib/db";
import { ZPutIntegration, ZUpdateIntegration } from "@/lib/schemas/management";
import { apiRoute, created, json, methodAddress, noContent, parseBody } from "@/lib/server/api-route";
import { deleteIntegration, getIntegration, putIntegration, updateIntegration } from "@/lib/services/integrations";

type Params = { restApiId: string; resourceId: string; httpMethod: string };

export const GET = apiRoute<Params>("read", async (_req, _p, params) => json(await getIntegration(prisma(), methodAddress(params))));

/** Creates (201) or replaces (200) the method's integration. */
export const PUT = apiRoute<Params>("edit", async (req, _p, params) => {
  const at = methodAddress(params);
  const { integration, created: isNew } = await putIntegration(prisma(), at, await parseBody(req, ZPutIntegration));
  return isNew ? created(integration) : json(integration);
});

export const PATCH = apiRoute<Params>("edit", async (req, _p, params) => {
  const at = methodAddress(params);
  return json(await updateIntegration(prisma(), at, await parseBody(req, ZUpdateIntegration)));
});

export const DELETE = apiRoute<Params>("edit", async (_req, _p, params) => {
  await deleteIntegration(prisma(), methodAddress(params));
  return noContent();
});
