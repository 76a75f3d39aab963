import { prisma } from "@/lib/db";
import { ZEnableCors } from "@/lib/schemas/cors";
import { apiRoute, json, parseBody } from "@/lib/server/api-route";
import { enableCors } from "@/lib/services/enable-cors";

type Params = { restApiId: string; resourceId: string };

/** Enable CORS on the resource (OPTIONS MOCK method, Allow-Origin on the other methods, DEFAULT_4XX/5XX headers); deploy afterwards. */
export const POST = apiRoute<Params>("edit", async (req, _p, { restApiId, resourceId }) =>
  json(await enableCors(prisma(), restApiId, resourceId, await parseBody(req, ZEnableCors))),
);
