import { prisma } from "@/lib/db";
import { apiRoute, json } from "@/lib/server/api-route";
import { listFunctionPermissions } from "@/lib/services/function-permissions";

type Params = { functionName: string };

/** The function's resource-based policy statements (Lambda AddPermission), every qualifier, oldest first. */
export const GET = apiRoute<Params>("read", async (_req, _p, { functionName }) => json({ items: await listFunctionPermissions(prisma(), functionName) }));
