import { z } from "zod";

/**
 * The deployed snapshot: everything the gateway needs to serve one deployment
 * of a REST API, compiled at deploy time and never edited afterwards. The
 * console writes it (lib/services/deploy.ts); the gateway reads it.
 *
 * Format history (the gateway reads every format; deployments are immutable):
 * - 1: AWS_PROXY, HTTP_PROXY (no parameter mappings), MOCK.
 * - 2: adds HTTP, integration `requestParameters` on HTTP/HTTP_PROXY, method
 *   `requestParameters` and `methodResponses`. Fields new in 2 are optional
 *   with defaults, so a format-1 snapshot parses as a format-2 one without them;
 *   `methodResponses` stays undefined there, which turns off the method-response
 *   check that format-1 deployments never had.
 * - 3: mapping templates (VTL) on HTTP, MOCK and the new AWS (custom function)
 *   integration, content handling, method request validators and models, and
 *   the API's customized gateway responses. All new fields default, so older
 *   snapshots parse unchanged (templates there were static text, which VTL
 *   renders as itself unless it holds `$` or `#`; format-2 MOCK templates are
 *   therefore rendered only from format 3 on, see gateway/integrations/mock.ts).
 * - 4: access control: the API's authorizers and API key source, method
 *   `authorizerId` and `authorizationScopes`.
 */

export const SNAPSHOT_FORMAT_VERSION = 4;

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export const ZHttpMethod = z.enum(HTTP_METHODS);
export const ZMethodVerb = z.enum([...HTTP_METHODS, "ANY"]);
export type TMethodVerb = z.infer<typeof ZMethodVerb>;

const ZStringMap = z.record(z.string(), z.string());

export const ZDeployedIntegrationResponse = z.object({
  statusCode: z.string(),
  selectionPattern: z.string().nullable(),
  responseTemplates: ZStringMap,
  /** `method.response.header.X` → `integration.response.header.Y` | `'static'` | … */
  responseParameters: ZStringMap,
  /** Format 3. */
  contentHandling: z.enum(["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"]).nullable().default(null),
});
export type TDeployedIntegrationResponse = z.infer<typeof ZDeployedIntegrationResponse>;

export const ZPassthroughBehavior = z.enum(["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"]);
export const ZContentHandling = z.enum(["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"]);
/** Format 3: request templates by content type, passthrough and content handling (HTTP, MOCK, AWS). */
const requestMapping = {
  requestTemplates: ZStringMap.default({}),
  passthroughBehavior: ZPassthroughBehavior.default("WHEN_NO_MATCH"),
  contentHandling: ZContentHandling.nullable().default(null),
};

/** The integration's `cacheKeyParameters` (`method.request.{querystring|header|path}.x`): what the response cache keys on (absent: none). */
const cacheKeyParameters = z.array(z.string()).optional();

export const ZDeployedIntegration = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("AWS_PROXY"),
    cacheKeyParameters,
    uri: z.string(),
    functionName: z.string(),
    qualifier: z.string().optional(),
    timeoutMs: z.number().int(),
    /**
     * Set when the URI's function ARN names a RemoteFunction (the stored ARN, with or
     * without qualifier): the gateway calls its Invoke API. No credentials here.
     */
    remoteFunctionArn: z.string().optional(),
  }),
  z.object({
    type: z.literal("HTTP_PROXY"),
    cacheKeyParameters,
    httpMethod: z.string(),
    uri: z.string(),
    timeoutMs: z.number().int(),
    /** `integration.request.{header|querystring|path}.x` → source expression (format 2). */
    requestParameters: ZStringMap.default({}),
  }),
  z.object({
    type: z.literal("HTTP"),
    cacheKeyParameters,
    httpMethod: z.string(),
    uri: z.string(),
    timeoutMs: z.number().int(),
    requestParameters: ZStringMap,
    ...requestMapping,
    responses: z.array(ZDeployedIntegrationResponse),
  }),
  z.object({
    type: z.literal("MOCK"),
    cacheKeyParameters,
    ...requestMapping,
    responses: z.array(ZDeployedIntegrationResponse),
    timeoutMs: z.number().int(),
  }),
  /**
   * Format 3. Custom function integration: the request template's output is the
   * event; the result (or the error's errorMessage) selects an integration response.
   */
  z.object({
    type: z.literal("AWS"),
    cacheKeyParameters,
    uri: z.string(),
    functionName: z.string(),
    qualifier: z.string().optional(),
    remoteFunctionArn: z.string().optional(),
    timeoutMs: z.number().int(),
    ...requestMapping,
    responses: z.array(ZDeployedIntegrationResponse),
  }),
]);
export type TDeployedIntegration = z.infer<typeof ZDeployedIntegration>;

export const ZDeployedMethodResponse = z.object({
  statusCode: z.string(),
  /** `method.response.header.X` → required. */
  responseParameters: z.record(z.string(), z.boolean()),
});
export type TDeployedMethodResponse = z.infer<typeof ZDeployedMethodResponse>;

export const ZDeployedMethod = z.object({
  httpMethod: ZMethodVerb,
  authorizationType: z.string(),
  apiKeyRequired: z.boolean(),
  /** Format 4: the authorizer (a key of the snapshot's `authorizers`) for CUSTOM / JWT methods. */
  authorizerId: z.string().nullable().default(null),
  /** Format 4: scopes a JWT must carry (any one of them), as AWS's authorizationScopes. */
  authorizationScopes: z.array(z.string()).default([]),
  /** `method.request.{querystring|header|path}.x` → required (format 2). */
  requestParameters: z.record(z.string(), z.boolean()).default({}),
  /** Format 3: content type → model name (a key of the snapshot's `models`). */
  requestModels: ZStringMap.default({}),
  /** Format 3: the method's request validator, if any. */
  requestValidator: z
    .object({ name: z.string(), validateRequestBody: z.boolean(), validateRequestParameters: z.boolean() })
    .nullable()
    .default(null),
  /** Absent in format 1, where no method-response check applies. */
  methodResponses: z.array(ZDeployedMethodResponse).optional(),
  integration: ZDeployedIntegration,
});
export type TDeployedMethod = z.infer<typeof ZDeployedMethod>;

export const ZDeployedResource = z.object({
  id: z.string(),
  path: z.string(),
  methods: z.record(z.string(), ZDeployedMethod),
});
export type TDeployedResource = z.infer<typeof ZDeployedResource>;

/** Format 3: a model as deployed; `schema` is the JSON Schema (draft-04) text, checked at deploy. */
export const ZDeployedModel = z.object({ contentType: z.string(), schema: z.string() });
export type TDeployedModel = z.infer<typeof ZDeployedModel>;

/** Format 3: an API's customized gateway response (types not listed answer with AWS's defaults). */
export const ZDeployedGatewayResponse = z.object({
  /** null: the type's default status. */
  statusCode: z.string().nullable(),
  /** `gatewayresponse.header.X` → `'static'` | `method.request.header.Y` | `method.request.querystring.Y` | `method.request.path.Y` | `stageVariables.Y` | `context.Y`. */
  responseParameters: ZStringMap,
  /** content type → body template (`$context.*` / `$stageVariables.*` substitution). */
  responseTemplates: ZStringMap,
});
export type TDeployedGatewayResponse = z.infer<typeof ZDeployedGatewayResponse>;

/** Format 4: a function authorizer (TOKEN / REQUEST) or a JWT authorizer, as deployed. */
const functionAuthorizerTarget = {
  name: z.string(),
  /** The function invocation URI and what it resolves to (as AWS_PROXY integrations). */
  uri: z.string(),
  functionName: z.string(),
  qualifier: z.string().optional(),
  remoteFunctionArn: z.string().optional(),
  /** 0: results are not cached. */
  resultTtlSeconds: z.number().int(),
};
export const ZDeployedAuthorizer = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("TOKEN"),
    ...functionAuthorizerTarget,
    /** e.g. `method.request.header.Authorization`. */
    identitySource: z.string(),
    identityValidationExpression: z.string().nullable(),
  }),
  z.object({
    type: z.literal("REQUEST"),
    ...functionAuthorizerTarget,
    /** e.g. [`method.request.header.X-User`, `method.request.querystring.token`, `stageVariables.x`, `context.y`]. */
    identitySources: z.array(z.string()),
  }),
  z.object({
    type: z.literal("JWT"),
    name: z.string(),
    issuer: z.string(),
    audiences: z.array(z.string()),
    jwksUri: z.string().nullable(),
    /** HS256 secret, still encrypted with the secret key (lib/secrets.ts); the gateway decrypts it. */
    jwtSecretEncrypted: z.string().nullable(),
    /** Where the token is, e.g. `method.request.header.Authorization` (a `Bearer ` prefix is accepted). */
    identitySource: z.string(),
  }),
]);
export type TDeployedAuthorizer = z.infer<typeof ZDeployedAuthorizer>;

export const ZDeploymentSnapshot = z.object({
  formatVersion: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  restApiId: z.string(),
  apiName: z.string(),
  binaryMediaTypes: z.array(z.string()),
  resources: z.array(ZDeployedResource),
  /** Format 3: model name → model. */
  models: z.record(z.string(), ZDeployedModel).default({}),
  /** Format 3: response type (e.g. `DEFAULT_4XX`) → customization. */
  gatewayResponses: z.record(z.string(), ZDeployedGatewayResponse).default({}),
  /** Format 4: where API keys come from: the `x-api-key` header or a function authorizer's usageIdentifierKey. */
  apiKeySource: z.enum(["HEADER", "AUTHORIZER"]).default("HEADER"),
  /** Format 4: authorizer id → authorizer. */
  authorizers: z.record(z.string(), ZDeployedAuthorizer).default({}),
});
export type TDeploymentSnapshot = z.infer<typeof ZDeploymentSnapshot>;

/** NOTIFY channel the console signals on after a deploy or a function change. */
export const DEPLOY_CHANNEL = "gatehouse_deploy";

export const ZDeployNotice = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("stage"), restApiId: z.string(), stageName: z.string() }),
  z.object({ kind: z.literal("function"), name: z.string() }),
  z.object({ kind: z.literal("remote-function"), arn: z.string() }),
  /** API keys, usage plans and SigV4 access keys are live configuration (not deployed): the gateway reloads the one named. */
  z.object({ kind: z.literal("access"), what: z.enum(["api-key", "usage-plan", "access-key"]), id: z.string() }),
  /** Account-level settings (throttle limits) changed: the gateway reloads them. */
  z.object({ kind: z.literal("account") }),
  /** Flush a stage's response cache (the console's "Flush stage cache"). */
  z.object({
    kind: z.literal("flush-cache"),
    restApiId: z.string(),
    stageName: z.string(),
    /** One id per flush: every gateway instance hears the notice, and Redis starts one new generation for it. */
    flushId: z.string().optional(),
  }),
]);
export type TDeployNotice = z.infer<typeof ZDeployNotice>;
