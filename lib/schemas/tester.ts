import { z } from "zod";

/** The request tester (issue 11): test a method's working copy, send to a stage, history and collections. */

const ZPairs = z.record(z.string(), z.string());

/** AWS TestInvokeMethod-like input: a path (with query) or path parameters plus query. */
export const ZTestMethod = z.object({
  /** `/pets/7?x=1`; when absent the resource path is filled with pathParameters and `query` is appended. */
  pathWithQueryString: z.string().max(8192).optional(),
  pathParameters: ZPairs.default({}),
  query: ZPairs.default({}),
  headers: ZPairs.default({}),
  body: z.string().max(10 * 1024 * 1024).nullable().default(null),
  stageVariables: ZPairs.default({}),
});

/** Send a real request through the gateway to a deployed stage. */
export const ZSendToStage = z.object({
  restApiId: z.string().min(1),
  stageName: z.string().min(1),
  httpMethod: z.string().min(1),
  /** Resource of the method (for history and collections); optional. */
  resourceId: z.string().nullable().default(null),
  /** Below the stage, path parameters filled in: `/pets/7`. */
  path: z.string().default("/"),
  query: ZPairs.default({}),
  headers: ZPairs.default({}),
  body: z.string().max(10 * 1024 * 1024).nullable().default(null),
  /** API key id or name: its value is inserted as `x-api-key` by the server (never returned). */
  apiKey: z.string().nullable().default(null),
  /** Sent as `Authorization: Bearer …`; stored only as a hint. */
  bearerToken: z.string().max(16_384).nullable().default(null),
});

export const ZTestLogLine = z.object({
  step: z.string(),
  durationMs: z.number().nullable(),
  level: z.enum(["ERROR", "INFO"]),
  message: z.string(),
});

export const ZTestResult = z.object({
  status: z.number(),
  /** Milliseconds from the gateway's start of the request to its end. */
  latency: z.number(),
  headers: z.array(z.tuple([z.string(), z.string()])),
  /** The body as text ("text") or base64 ("base64": not UTF-8 / binary). */
  body: z.string(),
  bodyEncoding: z.enum(["text", "base64"]),
  /** Full size of the body in bytes. */
  bodySize: z.number(),
  /** The body above was cut (bodySize tells the full size). */
  truncated: z.boolean(),
  log: z.array(ZTestLogLine),
  timedOut: z.boolean(),
  requestId: z.string().nullable(),
  /** Send-to-stage: the split, when the stage's access log holds the request. */
  timing: z
    .object({ totalMs: z.number(), integrationMs: z.number().nullable(), gatewayMs: z.number().nullable(), note: z.string().nullable() })
    .nullable(),
  historyId: z.string().nullable(),
});
export type TTestResult = z.infer<typeof ZTestResult>;

/** A request as history and collections keep it. */
export const ZSavedRequest = z.object({
  path: z.string().default("/"),
  pathParameters: ZPairs.default({}),
  query: ZPairs.default({}),
  headers: ZPairs.default({}),
  body: z.string().nullable().default(null),
  stageVariables: ZPairs.default({}),
  apiKey: z.string().nullable().default(null),
  /** First characters of the bearer token only. */
  bearerTokenHint: z.string().nullable().default(null),
});
export type TSavedRequest = z.infer<typeof ZSavedRequest>;

export const ZTestMode = z.enum(["method", "stage"]);

export const ZHistoryEntry = z.object({
  id: z.string(),
  mode: ZTestMode,
  restApiId: z.string(),
  resourceId: z.string().nullable(),
  httpMethod: z.string(),
  stageName: z.string().nullable(),
  request: ZSavedRequest,
  response: z.object({ status: z.number(), latency: z.number(), bodySize: z.number(), timedOut: z.boolean() }).nullable(),
  createdAt: z.string(),
});
export type THistoryEntry = z.infer<typeof ZHistoryEntry>;

export const ZCreateCollection = z.object({
  name: z.string().trim().min(1).max(128),
  description: z.string().max(2048).default(""),
});
export const ZUpdateCollection = z.object({
  name: z.string().trim().min(1).max(128).optional(),
  description: z.string().max(2048).optional(),
  version: z.number().int(),
});

export const ZCollectionItemInput = z.object({
  name: z.string().trim().min(1).max(256),
  mode: ZTestMode,
  restApiId: z.string().min(1),
  resourceId: z.string().nullable().default(null),
  httpMethod: z.string().min(1),
  stageName: z.string().nullable().default(null),
  request: ZSavedRequest,
});

export const ZCollectionItem = ZCollectionItemInput.extend({
  id: z.string(),
  position: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type TCollectionItem = z.infer<typeof ZCollectionItem>;

export const ZCollection = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  createdBy: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  items: z.array(ZCollectionItem),
});
export type TCollection = z.infer<typeof ZCollection>;

export const ZCollectionList = z.array(ZCollection);
export const ZHistoryList = z.array(ZHistoryEntry);

/** A curl command line for a saved request (the API key as `$API_KEY` unless the caller may reveal keys). */
export const ZCurlOut = z.object({ curl: z.string() });
export const ZCurlRequest = z.object({ restApiId: z.string(), stageName: z.string().nullable().default(null), httpMethod: z.string(), request: ZSavedRequest });
