import { prisma } from "@/lib/db";
import { ZCreateFunction } from "@/lib/schemas/functions";
import { apiRoute, created, json, parseBody } from "@/lib/server/api-route";
import { createFunction, listFunctions } from "@/lib/services/functions";

/** GET: every function. POST: a new function (default: a "hello" handler); 400 with file:line:column on syntax or type errors. */
export const GET = apiRoute("read", async () => json({ items: await listFunctions(prisma()) }));

export const POST = apiRoute("edit", async (req) => created(await createFunction(prisma(), await parseBody(req, ZCreateFunction))));
