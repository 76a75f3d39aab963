import { z } from "zod";

/**
 * The logs part of the management API (`/api/v1/logs`): access log entries
 * with filters and cursor pagination, one request's joined logs, and a live
 * tail over server-sent events. Logs can hold request data (paths, bodies with
 * data tracing), so reading them needs the "test" permission: admins, owners
 * and testers, not viewers.
 */

const isoTime = (field: string) => z.iso.datetime({ message: `${field} is an ISO 8601 date-time`, offset: true });

/** Filters shared by the list and the live tail. */
export const ZAccessLogFilters = z.object({
  from: isoTime("from").optional(),
  to: isoTime("to").optional(),
  restApiId: z.string().max(64).optional(),
  stage: z.string().max(128).optional(),
  /** One status (`404`) or a class (`4xx`, `5XX`). */
  status: z
    .string()
    .regex(/^([1-5]\d\d|[1-5][xX][xX])$/, "status is a code (404) or a class (4xx)")
    .optional(),
  method: z
    .string()
    .regex(/^[A-Za-z]{1,16}$/, "method is an HTTP verb")
    .transform((v) => v.toUpperCase())
    .optional(),
  /** Part of the request path. */
  path: z.string().max(2048).optional(),
  apiKeyId: z.string().max(128).optional(),
  requestId: z.string().max(128).optional(),
  /** Part of the entry's line, path or error message (case-insensitive). */
  text: z.string().max(512).optional(),
});

export const ZAccessLogQuery = ZAccessLogFilters.extend({
  /** The `nextCursor` of the previous page. */
  cursor: z.string().regex(/^\d{1,19}$/, "cursor is the nextCursor of a previous page").optional(),
  limit: z.coerce.number().int().min(1, "limit is 1–500").max(500, "limit is 1–500").default(100),
});

export const ZLogStreamQuery = ZAccessLogFilters.extend({
  /** Start after this entry id (default: entries written from now on). */
  after: z.string().regex(/^\d{1,19}$/, "after is an entry id").optional(),
});

export const ZAccessLogEntry = z.object({
  id: z.string(),
  time: z.string(),
  requestId: z.string(),
  restApiId: z.string(),
  stage: z.string(),
  httpMethod: z.string(),
  resourcePath: z.string(),
  path: z.string(),
  status: z.number().int(),
  latencyMs: z.number().int(),
  integrationLatencyMs: z.number().int().nullable(),
  responseLength: z.number().int(),
  sourceIp: z.string(),
  userAgent: z.string().nullable(),
  apiKeyId: z.string().nullable(),
  errorMessage: z.string().nullable(),
  /** The entry in the stage's access log format. */
  line: z.string(),
});
export type TAccessLogEntry = z.infer<typeof ZAccessLogEntry>;

export const ZAccessLogListOut = z.object({
  items: z.array(ZAccessLogEntry),
  /** Pass as `cursor` for older entries; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type TAccessLogList = z.infer<typeof ZAccessLogListOut>;

export const ZExecutionLogLine = z.object({
  id: z.string(),
  time: z.string(),
  level: z.enum(["ERROR", "INFO"]),
  step: z.string(),
  durationMs: z.number().nullable(),
  message: z.string(),
});
export type TExecutionLogLine = z.infer<typeof ZExecutionLogLine>;

export const ZRequestFunctionLogLine = z.object({
  time: z.string(),
  functionName: z.string(),
  qualifier: z.string(),
  level: z.string(),
  message: z.string(),
});

export const ZRequestLogsOut = z.object({
  requestId: z.string(),
  access: ZAccessLogEntry.nullable(),
  execution: z.array(ZExecutionLogLine),
  functionLogs: z.array(ZRequestFunctionLogLine),
});
export type TRequestLogs = z.infer<typeof ZRequestLogsOut>;
