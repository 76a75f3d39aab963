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
 */

export const SNAPSHOT_FORMAT_VERSION = 2;

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
});
export type TDeployedIntegrationResponse = z.infer<typeof ZDeployedIntegrationResponse>;

export const ZPassthroughBehavior = z.enum(["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"]);

export const ZDeployedIntegration = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("AWS_PROXY"),
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
    httpMethod: z.string(),
    uri: z.string(),
    timeoutMs: z.number().int(),
    /** `integration.request.{header|querystring|path}.x` → source expression (format 2). */
    requestParameters: ZStringMap.default({}),
  }),
  z.object({
    type: z.literal("HTTP"),
    httpMethod: z.string(),
    uri: z.string(),
    timeoutMs: z.number().int(),
    requestParameters: ZStringMap,
    passthroughBehavior: ZPassthroughBehavior,
    responses: z.array(ZDeployedIntegrationResponse),
  }),
  z.object({
    type: z.literal("MOCK"),
    requestTemplates: ZStringMap,
    responses: z.array(ZDeployedIntegrationResponse),
    timeoutMs: z.number().int(),
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
  /** `method.request.{querystring|header|path}.x` → required (format 2). */
  requestParameters: z.record(z.string(), z.boolean()).default({}),
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

export const ZDeploymentSnapshot = z.object({
  formatVersion: z.union([z.literal(1), z.literal(2)]),
  restApiId: z.string(),
  apiName: z.string(),
  binaryMediaTypes: z.array(z.string()),
  resources: z.array(ZDeployedResource),
});
export type TDeploymentSnapshot = z.infer<typeof ZDeploymentSnapshot>;

/** NOTIFY channel the console signals on after a deploy or a function change. */
export const DEPLOY_CHANNEL = "gatehouse_deploy";

export const ZDeployNotice = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("stage"), restApiId: z.string(), stageName: z.string() }),
  z.object({ kind: z.literal("function"), name: z.string() }),
  z.object({ kind: z.literal("remote-function"), arn: z.string() }),
]);
export type TDeployNotice = z.infer<typeof ZDeployNotice>;
