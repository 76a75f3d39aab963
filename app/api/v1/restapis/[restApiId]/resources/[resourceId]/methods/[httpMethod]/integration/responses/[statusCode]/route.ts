import { prisma } from "@/lib/db";
import { ZPutIntegrationResponse } from "@/lib/schemas/management";
import { apiRoute, created, json, methodAddress, noContent, parseBody, statusCodeParam } from "@/lib/server/api-route";
import { deleteIntegrationResponse, getIntegrationResponse, putIntegrationResponse } from "@/lib/services/integration-responses";

type Params = { restApiId: string; resourceId: string; httpMethod: string; statusCode: string };

export const GET = apiRoute<Params>("read", async (_req, _p, params) =>
  json(await getIntegrationResponse(prisma(), methodAddress(params), statusCodeParam(params.statusCode))),
);

/** Creates (201) or replaces (200) the integration response for the status code. */
export const PUT = apiRoute<Params>("edit", async (req, _p, params) => {
  const at = methodAddress(params);
  const statusCode = statusCodeParam(params.statusCode);
  const { response, created: isNew } = await putIntegrationResponse(prisma(), at, statusCode, await parseBody(req, ZPutIntegrationResponse));
  return isNew ? created(response) : json(response);
});

export const DELETE = apiRoute<Params>("edit", async (_req, _p, params) => {
  await deleteIntegrationResponse(prisma(), methodAddress(params), statusCodeParam(params.statusCode));
  return noContent();
});
