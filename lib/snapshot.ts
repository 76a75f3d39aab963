import { z } from "zod";

/**
 * The deployed snapshot: everything the gateway needs to serve one deployment
 * of a REST API, compiled at deploy time and never edited afterwards. The
 * console writes it (lib/services/deploy.ts); the gateway reads it.
 */

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export const ZHttpMethod = z.enum(HTTP_METHODS);
export const ZMethodVerb = z.enum([...HTTP_METHODS, "ANY"]);
export type TMethodVerb = z.infer<typeof ZMethodVerb>;

export const ZDeployedIntegrationResponse = z.object({
  statusCode: z.string(),
  selectionPattern: z.string().nullable(),
  responseTemplates: z.record(z.string(), z.string()),
  responseParameters: z.record(z.string(), z.string()),
});

export const ZDeployedIntegration = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("AWS_PROXY"),
    uri: z.string(),
    functionName: z.string(),
    qualifier: z.string().optional(),
    timeoutMs: z.number().int(),
  }),
  z.object({
    type: z.literal("HTTP_PROXY"),
    httpMethod: z.string(),
    uri: z.string(),
    timeoutMs: z.number().int(),
  }),
  z.object({
    type: z.literal("MOCK"),
    requestTemplates: z.record(z.string(), z.string()),
    responses: z.array(ZDeployedIntegrationResponse),
    timeoutMs: z.number().int(),
  }),
]);
export type TDeployedIntegration = z.infer<typeof ZDeployedIntegration>;

export const ZDeployedMethod = z.object({
  httpMethod: ZMethodVerb,
  authorizationType: z.string(),
  apiKeyRequired: z.boolean(),
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
  formatVersion: z.literal(1),
  restApiId: z.string(),
  apiName: z.string(),
  binaryMediaTypes: z.array(z.string()),
  resources: z.array(ZDeployedResource),
});
export type TDeploymentSnapshot = z.infer<typeof ZDeploymentSnapshot>;

/** What the gateway holds per stage: the stage's own settings plus its deployment. */
export interface DeployedStage {
  restApiId: string;
  stageName: string;
  deploymentId: string;
  variables: Record<string, string>;
  snapshot: TDeploymentSnapshot;
}

/** NOTIFY channel the console signals on after a deploy or a function change. */
export const DEPLOY_CHANNEL = "gatehouse_deploy";

export const ZDeployNotice = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("stage"), restApiId: z.string(), stageName: z.string() }),
  z.object({ kind: z.literal("function"), name: z.string() }),
]);
export type TDeployNotice = z.infer<typeof ZDeployNotice>;
