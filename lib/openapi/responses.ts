import { z } from "zod";
import {
  ZAuthorizationType,
  ZIntegrationType,
  ZMethodSetting,
  ZRole,
  type TDeployment,
  type TDeploymentWithSnapshot,
  type TGatewayResponse,
  type TModel,
  type TRequestValidator,
  type TTemplatePreview,
  type TIntegration,
  type TIntegrationResponse,
  type TMe,
  type TMethod,
  type TMethodResponse,
  type TResource,
  type TRestApi,
  type TStage,
  type TStageDeployment,
  type TToken,
  type TUser,
} from "../schemas/management";
import { ZMethodVerb } from "../snapshot";
import type { TFunction, TFunctionLog, TFunctionSummary, TFunctionVersion, TInvokeResult } from "../schemas/functions";
import type { RequestSeries } from "../services/metrics";
import type { TRemoteFunction } from "../schemas/remote-functions";

/**
 * The management API's responses as zod schemas, for the OpenAPI document
 * only. lib/schemas/management.ts declares them as TypeScript types; the
 * checks at the bottom fail to compile if the two ever differ.
 */

const stringMap = z.record(z.string(), z.string());
const boolMap = z.record(z.string(), z.boolean());
const date = z.string().describe("ISO 8601 date-time");

export const ZError = z.object({
  message: z.string(),
  code: z.enum(["bad-request", "validation-failed", "unauthorized", "forbidden", "not-found", "conflict", "deploy-invalid", "internal", "bad-gateway"]),
  problems: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

export const ZRestApiOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  binaryMediaTypes: z.array(z.string()),
  apiKeySource: z.enum(["HEADER", "AUTHORIZER"]),
  rootResourceId: z.string(),
  createdDate: date,
  version: z.number().int(),
});

export const ZMethodResponseOut = z.object({
  statusCode: z.string(),
  responseParameters: boolMap,
  responseModels: stringMap,
  version: z.number().int(),
});

export const ZIntegrationResponseOut = z.object({
  statusCode: z.string(),
  selectionPattern: z.string().nullable(),
  responseParameters: stringMap,
  responseTemplates: stringMap,
  contentHandling: z.string().nullable(),
  version: z.number().int(),
});

export const ZIntegrationOut = z.object({
  type: ZIntegrationType,
  httpMethod: z.string(),
  uri: z.string(),
  timeoutInMillis: z.number().int(),
  requestParameters: stringMap,
  requestTemplates: stringMap,
  passthroughBehavior: z.enum(["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"]),
  contentHandling: z.enum(["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"]).nullable(),
  cacheKeyParameters: z.array(z.string()),
  integrationResponses: z.record(z.string(), ZIntegrationResponseOut),
  version: z.number().int(),
});

export const ZMethodOut = z.object({
  httpMethod: ZMethodVerb,
  authorizationType: ZAuthorizationType,
  authorizerId: z.string().nullable(),
  authorizationScopes: z.array(z.string()),
  apiKeyRequired: z.boolean(),
  operationName: z.string().nullable(),
  requestParameters: boolMap,
  requestModels: stringMap,
  requestValidatorId: z.string().nullable(),
  methodIntegration: ZIntegrationOut.nullable(),
  methodResponses: z.record(z.string(), ZMethodResponseOut),
  version: z.number().int(),
});

export const ZResourceOut = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  pathPart: z.string(),
  path: z.string(),
  resourceMethods: z.record(z.string(), ZMethodOut),
  version: z.number().int(),
});

export const ZDeploymentOut = z.object({
  id: z.string(),
  description: z.string(),
  createdDate: date,
  createdBy: z.string(),
  stages: z.array(z.string()).describe("Stages whose deployment (or canary) this is"),
});

export const ZDeploymentWithSnapshotOut = ZDeploymentOut.extend({ snapshot: z.unknown().describe("The compiled snapshot the gateway serves") });

export const ZStageDeploymentOut = ZDeploymentOut.extend({
  activatedDate: date,
  activatedBy: z.string(),
  reason: z.enum(["deploy", "create", "rollback", "update", "promote"]),
  current: z.boolean(),
});

export const ZStageOut = z.object({
  stageName: z.string(),
  deploymentId: z.string(),
  description: z.string(),
  variables: stringMap,
  methodSettings: z.record(z.string(), ZMethodSetting),
  canarySettings: z.object({ deploymentId: z.string(), percentTraffic: z.number(), stageVariableOverrides: stringMap }).nullable(),
  cacheClusterEnabled: z.boolean(),
  cacheClusterSize: z.string().describe("GB, one of AWS's sizes 0.5 … 237"),
  cacheClusterStatus: z.enum(["AVAILABLE", "NOT_AVAILABLE"]),
  accessLogSettings: z.object({ format: z.string() }).nullable().describe("null: access logging off"),
  invokeUrl: z.string(),
  createdDate: date,
  lastUpdatedDate: date,
  version: z.number().int(),
});

/** A stage's response cache as the gateway the console reaches sees it. */
export const ZStageCacheStatsOut = z.object({
  enabled: z.boolean(),
  cacheClusterSize: z.string(),
  backend: z.enum(["memory", "redis"]),
  entries: z.number().int().nullable().describe("Entries held (memory backend; null with Redis)"),
  bytes: z.number().int().nullable().describe("Bytes held (memory backend; null with Redis)"),
  capacityBytes: z.number().int(),
  hits: z.number().int().describe("Since the gateway process started"),
  misses: z.number().int(),
  hitRatio: z.number().nullable(),
});

export const ZUserOut = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
  disabled: z.boolean(),
  createdDate: date,
  version: z.number().int(),
});

export const ZTokenOut = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: ZRole,
  createdDate: date,
  lastUsedDate: date.nullable(),
  expiresDate: date.nullable(),
  revoked: z.boolean(),
  userEmail: z.string().nullable().optional(),
  bootstrap: z.boolean().optional(),
});

export const ZMeOut = z.object({ id: z.string().nullable(), email: z.string().nullable(), role: ZRole, via: z.enum(["session", "token"]) });

export const ZCreatedUserOut = z.object({ user: ZUserOut, password: z.string().optional().describe("Generated password, shown this once") });
export const ZCreatedTokenOut = z.object({ token: ZTokenOut, secret: z.string().describe("gh_…, shown this once") });
export const ZPasswordOut = z.object({ password: z.string().describe("The new generated password, shown this once") });

export const ZRequestSeriesOut = z.object({
  from: date,
  to: date,
  total: z.number().int(),
  points: z.array(z.object({ minute: date, "2xx": z.number().int(), "4xx": z.number().int(), "5xx": z.number().int() })),
});

// ---------- functions ----------
const ZEnvironmentOut = z.record(z.string(), z.object({ value: z.string().describe("The value, or ••••••• for a secret"), secret: z.boolean() }));
export const ZFunctionSummaryOut = z.object({
  name: z.string(),
  description: z.string(),
  runtime: z.enum(["nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x"]),
  language: z.enum(["javascript", "typescript"]),
  handler: z.string(),
  lastModified: date,
  publishedVersions: z.number().int(),
  version: z.number().int(),
});
export const ZFunctionOut = ZFunctionSummaryOut.extend({
  files: stringMap,
  environment: ZEnvironmentOut,
  timeoutSeconds: z.number().int(),
  memoryMb: z.number().int(),
  reservedConcurrency: z.number().int().nullable(),
  codeSize: z.number().int(),
  createdDate: date,
});
export const ZFunctionVersionOut = z.object({
  functionName: z.string(),
  number: z.number().int(),
  description: z.string(),
  handler: z.string(),
  files: stringMap,
  environment: ZEnvironmentOut,
  timeoutSeconds: z.number().int(),
  memoryMb: z.number().int(),
  codeSize: z.number().int(),
  createdDate: date,
});
export const ZInvokeResultOut = z.object({
  ok: z.boolean(),
  payload: z.unknown(),
  errorMessage: z.string().optional(),
  logs: z.array(z.object({ time: z.string(), level: z.string(), message: z.string() })),
  durationMs: z.number(),
  billedDurationMs: z.number(),
  peakMemoryMb: z.number(),
  requestId: z.string(),
});
export const ZFunctionLogOut = z.object({ time: date, level: z.string(), message: z.string(), requestId: z.string(), qualifier: z.string() });
export const ZFunctionPermissionOut = z.object({
  statementId: z.string(),
  action: z.string(),
  principal: z.string(),
  sourceArn: z.string().nullable(),
  sourceAccount: z.string().nullable(),
  qualifier: z.string().describe('"" for the unqualified function, else a version number'),
  createdBy: z.string(),
  createdDate: date,
});

// ---------- models, validators, gateway responses, template preview ----------
export const ZModelOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  contentType: z.string(),
  schema: z.string().describe("JSON Schema (draft-04) as text"),
  version: z.number().int(),
});
export const ZModelTemplateOut = z.object({ value: z.string().describe("A mapping template generated from the model's schema") });
export const ZRequestValidatorOut = z.object({
  id: z.string(),
  name: z.string(),
  validateRequestBody: z.boolean(),
  validateRequestParameters: z.boolean(),
  version: z.number().int(),
});
export const ZGatewayResponseOut = z.object({
  responseType: z.string(),
  statusCode: z.string().nullable().describe("null: the type's default status (DEFAULT_4XX / DEFAULT_5XX have none)"),
  responseParameters: stringMap,
  responseTemplates: stringMap,
  defaultResponse: z.boolean().describe("True while the API has not customized this type"),
  version: z.number().int().nullable().describe("null for a default (not customized) response"),
});
const ZVtlOverridesOut = z.object({
  request: z.object({ header: stringMap, querystring: stringMap, path: stringMap }),
  response: z.object({ status: z.number().int().optional(), header: stringMap }),
});
export const ZTemplatePreviewOut = z.object({
  output: z.string().nullable().describe("The rendered template; null when rendering failed"),
  error: z.string().nullable().describe("The runtime error, if rendering failed"),
  overrides: ZVtlOverridesOut.nullable().describe("What the template set through $context.requestOverride / responseOverride"),
});

const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
export const ZRestApiListOut = itemsOf(ZRestApiOut);
export const ZResourceListOut = itemsOf(ZResourceOut);
export const ZDeploymentListOut = itemsOf(ZDeploymentOut);
export const ZStageListOut = itemsOf(ZStageOut);
export const ZStageDeploymentListOut = itemsOf(ZStageDeploymentOut);
export const ZUserListOut = itemsOf(ZUserOut);
export const ZTokenListOut = itemsOf(ZTokenOut);
export const ZFunctionListOut = itemsOf(ZFunctionSummaryOut);
export const ZFunctionVersionListOut = itemsOf(ZFunctionVersionOut);
export const ZFunctionLogListOut = itemsOf(ZFunctionLogOut);
export const ZFunctionPermissionListOut = itemsOf(ZFunctionPermissionOut);
export const ZModelListOut = itemsOf(ZModelOut);
export const ZRequestValidatorListOut = itemsOf(ZRequestValidatorOut);
export const ZGatewayResponseListOut = itemsOf(ZGatewayResponseOut);

export const ZRemoteFunctionOut = z.object({
  id: z.string(),
  functionArn: z.string(),
  endpoint: z.string(),
  region: z.string(),
  accessKeyId: z.string(),
  hasSecret: z.literal(true).describe("The secret access key is stored (encrypted) and never returned"),
  hasSessionToken: z.boolean(),
  description: z.string(),
  version: z.number().int(),
  createdAt: date,
  updatedAt: date,
});
export const ZRemoteFunctionListOut = itemsOf(ZRemoteFunctionOut);

// ---------- compile-time checks: these schemas and the contract's types are the same shapes ----------
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Out<S extends z.ZodType> = z.output<S>;
const checks: [
  Same<Out<typeof ZRestApiOut>, TRestApi>,
  Same<Out<typeof ZMethodResponseOut>, TMethodResponse>,
  Same<Out<typeof ZIntegrationResponseOut>, TIntegrationResponse>,
  Same<Out<typeof ZIntegrationOut>, TIntegration>,
  Same<Out<typeof ZMethodOut>, TMethod>,
  Same<Out<typeof ZResourceOut>, TResource>,
  Same<Out<typeof ZDeploymentOut>, TDeployment>,
  Same<Out<typeof ZStageDeploymentOut>, TStageDeployment>,
  Same<Out<typeof ZStageOut>, TStage>,
  Same<Out<typeof ZUserOut>, TUser>,
  Same<Out<typeof ZTokenOut>, TToken>,
  Same<Out<typeof ZMeOut>, TMe>,
  Same<Out<typeof ZRequestSeriesOut>, RequestSeries>,
  Same<Out<typeof ZDeploymentWithSnapshotOut>, TDeploymentWithSnapshot>,
  Same<Out<typeof ZFunctionSummaryOut>, TFunctionSummary>,
  Same<Out<typeof ZFunctionOut>, TFunction>,
  Same<Out<typeof ZFunctionVersionOut>, TFunctionVersion>,
  Same<Out<typeof ZInvokeResultOut>, TInvokeResult>,
  Same<Out<typeof ZFunctionLogOut>, TFunctionLog>,
  Same<Out<typeof ZRemoteFunctionOut>, TRemoteFunction>,
  Same<Out<typeof ZModelOut>, TModel>,
  Same<Out<typeof ZRequestValidatorOut>, TRequestValidator>,
  Same<Out<typeof ZGatewayResponseOut>, TGatewayResponse>,
  Same<Out<typeof ZTemplatePreviewOut>, TTemplatePreview>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
void checks;
