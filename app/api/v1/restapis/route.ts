import { prisma } from "@/lib/db";
import { ZCreateRestApi } from "@/lib/schemas/management";
import { apiRoute, created, json, parseBody } from "@/lib/server/api-route";
import { createRestApi, listRestApis } from "@/lib/services/restapis";

/** GET: every REST API. POST: a new API with its root resource, or a deep copy with `cloneFrom`. */
export const GET = apiRoute("read", async () => json({ items: await listRestApis(prisma()) }));

export const POST = apiRoute("edit", async (req) => created(await createRestApi(prisma(), await parseBody(req, ZCreateRestApi))));
