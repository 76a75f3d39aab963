import { prisma } from "@/lib/db";
import { ZTestMethod } from "@/lib/schemas/tester";
import { apiRoute, json, methodAddress, parseBody } from "@/lib/server/api-route";
import { testMethod } from "@/lib/services/tester";

type Params = { restApiId: string; resourceId: string; httpMethod: string };

/** AWS TestInvokeMethod: the working copy runs through the gateway's pipeline (authorization and API keys skipped). */
export const POST = apiRoute<Params>("test", async (req, principal, params) =>
  json(await testMethod(prisma(), principal, methodAddress(params), await parseBody(req, ZTestMethod))),
);
