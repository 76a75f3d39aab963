import { prisma } from "@/lib/db";
import { readImportBody } from "@/lib/openapi-io/request";
import { apiRoute, json } from "@/lib/server/api-route";
import { validateImport } from "@/lib/services/api-import";

/** POST: checks an import document without writing: `{valid, name, problems, warnings, summary}`. */
export const POST = apiRoute("edit", async (req) => json(await validateImport(prisma(), await readImportBody(req))));
