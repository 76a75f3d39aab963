import { prisma } from "@/lib/db";
import { ZAccessLogQuery } from "@/lib/schemas/logs";
import { apiRoute, json, parseQuery } from "@/lib/server/api-route";
import { listAccessLogs } from "@/lib/services/logs";

export const dynamic = "force-dynamic";

/** Access log entries, newest first, filtered (from, to, restApiId, stage, status, method, path, apiKeyId, requestId, text), cursor-paged. */
export const GET = apiRoute("test", async (req) => json(await listAccessLogs(prisma(), parseQuery(req, ZAccessLogQuery))));
