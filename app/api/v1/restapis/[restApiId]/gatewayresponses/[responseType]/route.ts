import { prisma } from "@/lib/db";
import { ZPutGatewayResponse } from "@/lib/schemas/management";
import { apiRoute, created, json, noContent, parseBody } from "@/lib/server/api-route";
import { deleteGatewayResponse, getGatewayResponse, putGatewayResponse } from "@/lib/services/gateway-responses";

type Params = { restApiId: string; responseType: string };

export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId, responseType }) => json(await getGatewayResponse(prisma(), restApiId, responseType)));

/** Customizes the type: 201 when it was the default, 200 when replacing a customization. */
export const PUT = apiRoute<Params>("edit", async (req, _p, { restApiId, responseType }) => {
  const { response, created: isNew } = await putGatewayResponse(prisma(), restApiId, responseType, await parseBody(req, ZPutGatewayResponse));
  return isNew ? created(response) : json(response);
});

/** Back to the default. */
export const DELETE = apiRoute<Params>("edit", async (_req, _p, { restApiId, responseType }) => {
  await deleteGatewayResponse(prisma(), restApiId, responseType);
  return noContent();
});
