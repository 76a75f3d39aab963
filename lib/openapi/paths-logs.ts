import * as l from "../schemas/logs";
import type { RouteDoc } from "./paths";

const str = (description: string) => ({ description, schema: { type: "string" } });
const FILTERS: RouteDoc["query"] = {
  from: { description: "Entries at or after this time (ISO 8601)", schema: { type: "string", format: "date-time" } },
  to: { description: "Entries at or before this time (ISO 8601)", schema: { type: "string", format: "date-time" } },
  restApiId: str("Only this REST API"),
  stage: str("Only this stage"),
  status: str("A status (404) or a class (4xx, 5xx)"),
  method: str("HTTP method"),
  path: str("Part of the request path"),
  apiKeyId: str("Only requests with this API key id"),
  requestId: str("Only this request id"),
  text: str("Part of the entry's line, path or error message (case-insensitive)"),
};

/**
 * Access and execution logs (lib/schemas/logs.ts, registered in document.ts).
 * "test" permission: logs can hold request data.
 */
export const LOG_ROUTES: RouteDoc[] = [
  {
    method: "get",
    path: "/logs",
    summary: "Access log entries, newest first, filtered; nextCursor pages to older ones",
    permission: "test",
    query: { ...FILTERS, cursor: str("nextCursor of the previous page"), limit: { description: "1–500 (default 100)", schema: { type: "integer", minimum: 1, maximum: 500 } } },
    status: 200,
    response: l.ZAccessLogListOut,
  },
  {
    method: "get",
    path: "/logs/requests/{requestId}",
    summary: "One request: its access entry, execution log lines (steps with durations) and function log lines; 404 when none exist",
    permission: "test",
    status: 200,
    response: l.ZRequestLogsOut,
  },
  {
    method: "get",
    path: "/logs/stream",
    summary:
      "Live tail (text/event-stream): an `access` event per new access log entry matching the filters (data: the entry as in GET /logs; id: its id, resumable with Last-Event-ID or ?after=)",
    permission: "test",
    query: { ...FILTERS, after: str("Start after this entry id (default: new entries only)") },
    status: 200,
  },
];
