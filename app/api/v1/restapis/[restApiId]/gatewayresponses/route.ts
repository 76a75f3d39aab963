import { prisma } from "@/lib/db";
import { apiRoute, json } from "@/lib/server/api-route";
import { listGatewayResponses } from "@/lib/services/gateway-responses";

type Params = { restApiId: string };

/** Every gateway response type: the API's customizations and AWS's defaults for the rest. */
export const GET = apiRoute<Params>("read", async (_req, _p, { restApiId }) => json({ items: await listGatewayResponses(prisma(), restApiId) }));
