import { prisma } from "@/lib/db";
import { ZInvokeFunction } from "@/lib/schemas/functions";
import { apiRoute, json, parseBody } from "@/lib/server/api-route";
import { invokeFunction } from "@/lib/services/functions-invoke";

type Params = { functionName: string };

/** Test invoke through the gateway's runtime; 502 when the gateway is unreachable. */
export const POST = apiRoute<Params>("test", async (req, _p, { functionName }) =>
  json(await invokeFunction(prisma(), functionName, await parseBody(req, ZInvokeFunction))),
);
