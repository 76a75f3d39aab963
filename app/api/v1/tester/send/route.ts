import { prisma } from "@/lib/db";
import { ZSendToStage } from "@/lib/schemas/tester";
import { apiRoute, json, parseBody } from "@/lib/server/api-route";
import { sendToStage } from "@/lib/services/tester";

/** A real request through the gateway to a deployed stage; an API key chosen by id or name is inserted server-side. */
export const POST = apiRoute("test", async (req, principal) => json(await sendToStage(prisma(), principal, await parseBody(req, ZSendToStage))));
