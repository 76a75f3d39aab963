import { prisma } from "@/lib/db";
import { ZTestAuthorizer } from "@/lib/schemas/authorizers";
import { apiRoute, json, parseBody } from "@/lib/server/api-route";
import { testAuthorizer } from "@/lib/services/authorizers";

type Params = { restApiId: string; authorizerId: string };

/** "Test authorizer" (AWS TestInvokeAuthorizer): runs the saved authorizer on the gateway against a sample request. */
export const POST = apiRoute<Params>("test", async (req, _p, { restApiId, authorizerId }) =>
  json(await testAuthorizer(prisma(), restApiId, authorizerId, await parseBody(req, ZTestAuthorizer))),
);
