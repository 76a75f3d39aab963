import { z } from "zod";
import { ZMethodVerb } from "../snapshot";
import type { VtlOverrides } from "../vtl/types";

/**
 * The management API's contract (`/api/v1`): request bodies as zod schemas
 * (`Z…`), responses as types (`T…`). Route handlers parse with these; the
 * console sends and reads these; the OpenAPI document is generated from them.
 *
 * Shapes follow AWS's REST API control plane (camelCase, same field names),
 * except: collections are `{ items: [...] }`, updates are partial JSON bodies
 * (not JSON-Patch) and every editable object carries `version` for optimistic
 * concurrency — send back the version you read; a stale one answers 409.
 *
 * Errors: `{ message, code, problems?: [{ field, message }] }` with 400
 * (validation-failed / deploy-invalid), 401, 403, 404, 409 (conflict).
 */

// ---------- shared parts ----------
export const ZVersion = z.number().int().min(1);
const stringMap = z.record(z.string(), z.string());
const boolMap = z.record(z.string(), z.boolean());

type Undefaulted<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;
/**
 * Every field optional *without* its default: zod 4 applies `.default()`s even
 * inside `.partial()`, which would make a PATCH overwrite fields it did not send.
 */
function patchOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [key, ((field instanceof z.ZodDefault ? field.unwrap() : field) as z.ZodType).optional()]),
  );
  return z.object(shape as unknown as { [K in keyof S]: z.ZodOptional<Undefaulted<S[K]>> });
}

/** `{name}` is a whole segment; `{name+}` greedy (last, no children); else letters, digits and -._~:@!$&'()*+,;= */
export const ZPathPart = z
  .string()
  .min(1, "Path part is required")
  .max(128)
  .refine(
    (p) => /^\{[A-Za-z0-9._-]+\+?\}$/.test(p) || /^[A-Za-z0-9\-._~:@!$&'()*+,;=]+$/.test(p),
    "Use letters, digits and -._~:@!$&'()*+,;= or a whole {param} / {proxy+} segment",
  );

export const ZStageName = z
  .string()
  .min(1, "Stage name is required")
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, "Stage names use letters, digits, - and _");

/** Stage variable names and values as AWS accepts them. */
export const ZStageVariables = z.record(
  z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "Variable names are 1–64 letters, digits or _"),
  z.string().max(512).regex(/^[A-Za-z0-9\-._~:/?#&=,]*$/, "Variable values use letters, digits and -._~:/?#&=,"),
);

export const ZIntegrationType = z.enum(["HTTP", "HTTP_PROXY", "MOCK", "AWS_PROXY", "AWS"]);
/** JWT: a JWT authorizer of the API (COGNITO_USER_POOLS also takes one); CUSTOM: a TOKEN / REQUEST function authorizer. */
export const ZAuthorizationType = z.enum(["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS", "JWT"]);
export const ZStatusCode = z.string().regex(/^[1-5]\d\d$/, "A status code is three digits, 100–599");

// ---------- REST APIs ----------
export const ZCreateRestApi = z.object({
  name: z.string().trim().min(1, "Name is required").max(128),
  description: z.string().max(1024).default(""),
  binaryMediaTypes: z.array(z.string()).default([]),
  apiKeySource: z.enum(["HEADER", "AUTHORIZER"]).default("HEADER"),
  /** Copy resources, methods and integrations of this API. */
  cloneFrom: z.string().optional(),
});
export const ZUpdateRestApi = z.object({
  version: ZVersion,
  name: z.string().trim().min(1, "Name is required").max(128).optional(),
  description: z.string().max(1024).optional(),
  binaryMediaTypes: z.array(z.string()).optional(),
  apiKeySource: z.enum(["HEADER", "AUTHORIZER"]).optional(),
});
export interface TRestApi {
  id: string;
  name: string;
  description: string;
  binaryMediaTypes: string[];
  apiKeySource: "HEADER" | "AUTHORIZER";
  rootResourceId: string;
  createdDate: string;
  version: number;
}

// ---------- resources ----------
export const ZCreateResource = z.object({ pathPart: ZPathPart });
export const ZUpdateResource = z.object({ version: ZVersion, pathPart: ZPathPart });
export interface TResource {
  id: string;
  parentId: string | null;
  pathPart: string;
  path: string;
  /** Verb → the method (with its integration), as AWS's `resourceMethods`. */
  resourceMethods: Record<string, TMethod>;
  version: number;
}

// ---------- methods ----------
export const ZPutMethod = z.object({
  authorizationType: ZAuthorizationType.default("NONE"),
  authorizerId: z.string().nullable().optional(),
  /** JWT / COGNITO_USER_POOLS: the token must carry one of these scopes (`scope` or `scp`). */
  authorizationScopes: z.array(z.string().trim().min(1).max(256)).max(50).default([]),
  apiKeyRequired: z.boolean().default(false),
  operationName: z.string().max(128).nullable().optional(),
  /** e.g. {"method.request.querystring.q": true} — true means required. */
  requestParameters: boolMap.default({}),
  requestModels: stringMap.default({}),
  requestValidatorId: z.string().nullable().optional(),
});
export const ZUpdateMethod = patchOf(ZPutMethod).extend({ version: ZVersion });
export interface TMethod {
  httpMethod: z.infer<typeof ZMethodVerb>;
  authorizationType: z.infer<typeof ZAuthorizationType>;
  authorizerId: string | null;
  authorizationScopes: string[];
  apiKeyRequired: boolean;
  operationName: string | null;
  requestParameters: Record<string, boolean>;
  requestModels: Record<string, string>;
  requestValidatorId: string | null;
  methodIntegration: TIntegration | null;
  methodResponses: Record<string, TMethodResponse>;
  version: number;
}

// ---------- integrations ----------
export const ZPutIntegration = z.object({
  type: ZIntegrationType,
  /** Verb used to call the backend; required except for MOCK. For functions it is POST. */
  httpMethod: z.union([ZMethodVerb, z.literal("ANY")]).optional(),
  /** http(s) URL for HTTP/HTTP_PROXY (may use {param} and ${stageVariables.x}); function invocation ARN for AWS/AWS_PROXY. */
  uri: z.string().default(""),
  timeoutInMillis: z.number().int().min(50, "Timeout is 50–29000 ms").max(29000, "Timeout is 50–29000 ms").default(29000),
  /** e.g. {"integration.request.header.x": "method.request.querystring.y"} or a static "'value'". */
  requestParameters: stringMap.default({}),
  requestTemplates: stringMap.default({}),
  passthroughBehavior: z.enum(["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"]).default("WHEN_NO_MATCH"),
  contentHandling: z.enum(["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"]).nullable().optional(),
  cacheKeyParameters: z.array(z.string()).default([]),
});
export const ZUpdateIntegration = patchOf(ZPutIntegration).extend({ version: ZVersion });
export interface TIntegration {
  type: z.infer<typeof ZIntegrationType>;
  httpMethod: string;
  uri: string;
  timeoutInMillis: number;
  requestParameters: Record<string, string>;
  requestTemplates: Record<string, string>;
  passthroughBehavior: "WHEN_NO_MATCH" | "WHEN_NO_TEMPLATES" | "NEVER";
  contentHandling: "CONVERT_TO_BINARY" | "CONVERT_TO_TEXT" | null;
  cacheKeyParameters: string[];
  integrationResponses: Record<string, TIntegrationResponse>;
  version: number;
}

export const ZPutIntegrationResponse = z.object({
  selectionPattern: z.string().nullable().optional(),
  /** e.g. {"method.response.header.X": "'static'"} */
  responseParameters: stringMap.default({}),
  /** content type → template; static text until mapping templates arrive. */
  responseTemplates: stringMap.default({}),
  contentHandling: z.enum(["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"]).nullable().optional(),
});
export interface TIntegrationResponse {
  statusCode: string;
  selectionPattern: string | null;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
  contentHandling: string | null;
  version: number;
}

export const ZPutMethodResponse = z.object({
  responseParameters: boolMap.default({}),
  responseModels: stringMap.default({}),
});
export interface TMethodResponse {
  statusCode: string;
  responseParameters: Record<string, boolean>;
  responseModels: Record<string, string>;
  version: number;
}

// ---------- models ----------
/** Model names: letters and digits, as AWS. */
export const ZModelName = z.string().min(1, "Name is required").max(128).regex(/^[A-Za-z0-9]+$/, "Model names use letters and digits only");
export const ZCreateModel = z.object({
  name: ZModelName,
  description: z.string().max(1024).default(""),
  contentType: z.string().trim().min(1, "Content type is required").max(256).default("application/json"),
  /** A JSON Schema (draft-04) as text; other models are referenced as https://apigateway.amazonaws.com/restapis/{restApiId}/models/{name}. */
  schema: z.string().min(1, "Schema is required").max(400 * 1024),
});
/** `version` (optional here): when sent, a stale one answers 409. */
export const ZUpdateModel = z.object({
  version: ZVersion.optional(),
  description: z.string().max(1024).optional(),
  contentType: z.string().trim().min(1, "Content type is required").max(256).optional(),
  schema: z.string().min(1, "Schema is required").max(400 * 1024).optional(),
});
export interface TModel {
  id: string;
  name: string;
  description: string;
  contentType: string;
  schema: string;
  version: number;
}
// GET /restapis/{id}/models → { items: TModel[] } by name; GET …/models/{name}/default_template → { value: string }.

// ---------- request validators ----------
export const ZCreateRequestValidator = z.object({
  name: z.string().trim().min(1, "Name is required").max(128),
  validateRequestBody: z.boolean().default(false),
  validateRequestParameters: z.boolean().default(false),
});
/** `version` (optional here): when sent, a stale one answers 409. */
export const ZUpdateRequestValidator = patchOf(ZCreateRequestValidator).extend({ version: ZVersion.optional() });
export interface TRequestValidator {
  id: string;
  name: string;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
  version: number;
}

// ---------- gateway responses ----------
export const ZPutGatewayResponse = z.object({
  statusCode: ZStatusCode.optional(),
  /** `gatewayresponse.header.X` → `'static'` | `method.request.{header|querystring|path}.Y` | `stageVariables.Y` | `context.Y`. */
  responseParameters: stringMap.default({}),
  /** content type → body template. */
  responseTemplates: stringMap.default({}),
});
export interface TGatewayResponse {
  responseType: string;
  /** null: the type's default status (DEFAULT_4XX / DEFAULT_5XX have none). */
  statusCode: string | null;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
  /** True when the API has not customized this type. */
  defaultResponse: boolean;
  /** null for a default (not stored) response. */
  version: number | null;
}
// GET /restapis/{id}/gatewayresponses → { items: TGatewayResponse[] }, one per type.

// ---------- mapping template preview ----------
export const ZTemplatePreview = z.object({
  template: z.string().max(1024 * 1024),
  kind: z.enum(["request", "response"]).default("request"),
  body: z.string().default(""),
  headers: stringMap.default({}),
  query: stringMap.default({}),
  pathParameters: stringMap.default({}),
  stageVariables: stringMap.default({}),
  httpMethod: z.string().min(1).default("POST"),
  resourcePath: z.string().min(1).default("/"),
});
export interface TTemplatePreview {
  /** null when rendering failed at run time. */
  output: string | null;
  error: string | null;
  /** What the template set through `$context.requestOverride` / `$context.responseOverride`. */
  overrides: VtlOverrides | null;
}

// ---------- deployments and stages ----------
export const ZCanarySettings = z.object({
  deploymentId: z.string().optional(),
  percentTraffic: z.number().min(0, "0–100").max(100, "0–100"),
  stageVariableOverrides: ZStageVariables.default({}),
});

export const ZCreateDeployment = z.object({
  stageName: ZStageName,
  stageDescription: z.string().max(1024).optional(),
  description: z.string().max(1024).default(""),
  /** Variables for a stage created by this deployment. */
  variables: ZStageVariables.optional(),
  /** Deploy as the canary of an existing stage instead of replacing its deployment. */
  canarySettings: ZCanarySettings.omit({ deploymentId: true }).optional(),
});
export interface TDeployment {
  id: string;
  description: string;
  createdDate: string;
  createdBy: string;
  /** Stages whose deployment (or canary) this is. */
  stages: string[];
}
export interface TDeploymentWithSnapshot extends TDeployment {
  snapshot: unknown;
}

export const ZMethodSetting = z.object({
  metricsEnabled: z.boolean().default(false),
  loggingLevel: z.enum(["OFF", "ERROR", "INFO"]).default("OFF"),
  dataTraceEnabled: z.boolean().default(false),
  throttlingBurstLimit: z
    .number({ message: "must be a whole number of requests between 0 and the account burst limit" })
    .int("must be a whole number of requests between 0 and the account burst limit")
    .min(0, "must be between 0 and the account burst limit")
    .optional(),
  throttlingRateLimit: z
    .number({ message: "must be a number of requests per second between 0 and the account rate limit" })
    .min(0, "must be between 0 and the account rate limit")
    .optional(),
  /** Response cache for this method (GET methods are cached when the stage's cache is on and no setting says otherwise). */
  cachingEnabled: z.boolean().default(false),
  cacheTtlInSeconds: z
    .number({ message: "must be a whole number of seconds from 0 to 3600" })
    .int("must be a whole number of seconds from 0 to 3600")
    .min(0, "must be 0–3600 seconds (0 turns caching off)")
    .max(3600, "must be 0–3600 seconds (0 turns caching off)")
    .default(300),
  /** Whether `Cache-Control: max-age=0` needs an authenticated caller (default true, as on AWS). */
  requireAuthorizationForCacheControl: z.boolean().optional(),
  /** What an unauthorized `Cache-Control: max-age=0` does (default SUCCEED_WITH_RESPONSE_HEADER, as on AWS). */
  unauthorizedCacheControlHeaderStrategy: z
    .enum(["FAIL_WITH_403", "SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER"], {
      message: "must be FAIL_WITH_403, SUCCEED_WITH_RESPONSE_HEADER or SUCCEED_WITHOUT_RESPONSE_HEADER",
    })
    .optional(),
  /** Accepted for AWS compatibility; cached data is held in memory or Redis as is. */
  cacheDataEncrypted: z.boolean().optional(),
});
/** Keys are "*\/*" or "{resourcePath with every / as ~1}/{VERB}" as on AWS ("~1items/GET"; "items/GET" without the leading ~1 is read too). */
export const ZMethodSettings = z.record(z.string().regex(/^(\*|[^\s]+)\/(\*|[A-Z]+)$/, "Key is */* or resource/VERB"), ZMethodSetting);

/** AWS's cache cluster sizes (GB). */
export const CACHE_CLUSTER_SIZES = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"] as const;
export const ZCacheClusterSize = z.enum(CACHE_CLUSTER_SIZES, { message: `must be one of ${CACHE_CLUSTER_SIZES.join(", ")} (GB)` });

export const ZCreateStage = z.object({
  stageName: ZStageName,
  deploymentId: z.string().min(1),
  description: z.string().max(1024).default(""),
  variables: ZStageVariables.default({}),
});
/** AWS accessLogSettings.format: "CLF", "JSON", or a one-line custom template of `$context` variables with `$context.requestId` (or extendedRequestId). */
export const ZAccessLogFormat = z
  .string()
  .trim()
  .min(1, "format is CLF, JSON or a $context template")
  .max(4096, "format is at most 4096 characters")
  .refine((f) => !/[\r\n]/.test(f), "format must be a single line")
  .refine((f) => f === "CLF" || f === "JSON" || /\$\{?context\.(requestId|extendedRequestId)\b/.test(f), "format must contain $context.requestId or $context.extendedRequestId");

export const ZUpdateStage = z.object({
  version: ZVersion,
  /** Point at another deployment: this is how a rollback is done. */
  deploymentId: z.string().min(1).optional(),
  description: z.string().max(1024).optional(),
  variables: ZStageVariables.optional(),
  methodSettings: ZMethodSettings.optional(),
  /** The stage's response cache (AWS's cache cluster) on or off. */
  cacheClusterEnabled: z.boolean().optional(),
  /** Cache capacity in GB, one of AWS's sizes; it must also fit in GATEHOUSE_CACHE_MAX_MEMORY_MB (checked by the service). */
  cacheClusterSize: ZCacheClusterSize.optional(),
  /** null removes the canary. */
  canarySettings: ZCanarySettings.nullable().optional(),
  /** Access logging: `{format}` turns it on (CLF, JSON or a custom template), null turns it off. */
  accessLogSettings: z.object({ format: ZAccessLogFormat }).nullable().optional(),
  /**
   * AWS UpdateStage form, instead of the fields above (then `version` may be left out): e.g.
   * `{"op":"replace","path":"/~1items/GET/throttling/rateLimit","value":"5"}`, `/*\/*\/caching/ttlInSeconds`,
   * `/cacheClusterEnabled`, `/variables/name`, `{"op":"remove","path":"/~1items/GET"}` (lib/services/stage-patch.ts).
   */
  patchOperations: z
    .array(
      z.object({
        op: z.enum(["replace", "add", "remove"]),
        path: z.string().min(1),
        value: z.union([z.string(), z.number(), z.boolean()]).nullable().optional(),
      }),
    )
    .optional(),
});
export interface TStage {
  stageName: string;
  deploymentId: string;
  description: string;
  variables: Record<string, string>;
  methodSettings: Record<string, z.infer<typeof ZMethodSetting>>;
  canarySettings: { deploymentId: string; percentTraffic: number; stageVariableOverrides: Record<string, string> } | null;
  cacheClusterEnabled: boolean;
  cacheClusterSize: string;
  /** AVAILABLE when the cache is enabled, else NOT_AVAILABLE (AWS's other states are transitions Gatehouse does not have). */
  cacheClusterStatus: "AVAILABLE" | "NOT_AVAILABLE";
  /** null: access logging off. */
  accessLogSettings: { format: string } | null;
  invokeUrl: string;
  createdDate: string;
  lastUpdatedDate: string;
  version: number;
}
// POST /restapis/{id}/stages/{stage}/canary/promote → TStage (canary's deployment and overrides become the stage's).
/** Optional body of the promote call: send the stage version you read to refuse a promote over a newer edit. */
export const ZPromoteCanary = z.object({ version: ZVersion.optional() });

/** One entry of a stage's history: a deployment the stage pointed at, and when and why. */
export interface TStageDeployment extends TDeployment {
  /** When the stage started serving this deployment. */
  activatedDate: string;
  /** Who pointed the stage at it (email or token name). */
  activatedBy: string;
  /** deploy (POST deployments), create (POST stages), rollback (PATCH to an older deployment), update (PATCH to a newer one), promote (canary promoted). */
  reason: "deploy" | "create" | "rollback" | "update" | "promote";
  /** True for the entry the stage serves now (the newest). */
  current: boolean;
}
// GET /restapis/{id}/stages/{stage}/deployments → { items: TStageDeployment[] }, newest first.

// ---------- users and tokens ----------
export const ZRole = z.enum(["admin", "owner", "tester", "viewer"]);
export const ZCreateUser = z.object({
  email: z.email("Enter an email address").transform((e) => e.toLowerCase()),
  name: z.string().max(128).default(""),
  role: ZRole,
  /** Omitted: a password is generated and returned once. */
  password: z.string().min(8, "At least 8 characters").optional(),
});
export const ZUpdateUser = z.object({
  version: ZVersion,
  name: z.string().max(128).optional(),
  role: ZRole.optional(),
  disabled: z.boolean().optional(),
});
export interface TUser {
  id: string;
  email: string;
  name: string;
  role: z.infer<typeof ZRole>;
  disabled: boolean;
  createdDate: string;
  version: number;
}
// POST /users → { user: TUser, password?: string }; POST /users/{id}/password → { password: string } (reset).

export const ZCreateToken = z.object({
  name: z.string().trim().min(1, "Name is required").max(128),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export interface TToken {
  id: string;
  name: string;
  prefix: string;
  role: z.infer<typeof ZRole>;
  createdDate: string;
  lastUsedDate: string | null;
  expiresDate: string | null;
  revoked: boolean;
  /** The owner's email (null for the bootstrap token); shown in an admin's list of every token. */
  userEmail?: string | null;
  /** The token ensured from GATEHOUSE_BOOTSTRAP_TOKEN. */
  bootstrap?: boolean;
}
// GET /tokens → { items: TToken[] } (your own); admins may pass ?all=true for everyone's.
// POST /tokens → { token: TToken, secret: "gh_…" } (the secret is shown once).

/** GET /api/v1/me */
export interface TMe {
  id: string | null;
  email: string | null;
  role: z.infer<typeof ZRole>;
  via: "session" | "token";
}

// ---------- stage cache ----------
// DELETE /restapis/{id}/stages/{stage}/cache/data → 202 (AWS FlushStageCache): every gateway drops the stage's entries.
// GET /restapis/{id}/stages/{stage}/cache → TStageCacheStats (from the gateway process the console reaches).
export interface TStageCacheStats {
  enabled: boolean;
  cacheClusterSize: string;
  /** Where entries are held: this gateway's memory, or Redis shared by all instances. */
  backend: "memory" | "redis";
  /** Entries and bytes held (memory backend; null with Redis). */
  entries: number | null;
  bytes: number | null;
  capacityBytes: number;
  /** Since the gateway process started. */
  hits: number;
  misses: number;
  /** hits / (hits + misses), null before any cached lookup. */
  hitRatio: number | null;
}
