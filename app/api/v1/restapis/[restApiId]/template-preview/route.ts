import { prisma } from "@/lib/db";
import { ZTemplatePreview } from "@/lib/schemas/management";
import { apiRoute, json, parseBody } from "@/lib/server/api-route";
import { previewTemplate } from "@/lib/services/template-preview";

type Params = { restApiId: string };

/** Renders a mapping template against a sample request; 400 with `template` and the line and column on a syntax error. */
export const POST = apiRoute<Params>("test", async (req, _p, { restApiId }) => json(await previewTemplate(prisma(), restApiId, await parseBody(req, ZTemplatePreview))));
