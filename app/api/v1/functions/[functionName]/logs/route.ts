import { prisma } from "@/lib/db";
import { ZFunctionLogsQuery } from "@/lib/schemas/functions";
import { apiRoute, json, parseQuery } from "@/lib/server/api-route";
import { listFunctionLogs } from "@/lib/services/functions-logs";

type Params = { functionName: string };

/** The function's log lines, newest first (?requestId=, ?since=, ?limit=). */
export const GET = apiRoute<Params>("read", async (req, _p, { functionName }) =>
  json({ items: await listFunctionLogs(prisma(), functionName, parseQuery(req, ZFunctionLogsQuery)) }),
);
