/**
 * The API definition both directions go through: the importer turns an OpenAPI/Swagger document into
 * one (normalize.ts) and writes it (write.ts); the exporter reads one from the working copy or a
 * deployment snapshot (read.ts) and renders it (to-openapi.ts). Names, not ids, link its parts.
 */

export interface DefModel {
  name: string;
  contentType: string;
  description: string;
  /** JSON Schema (draft-04) with `$ref`s to other models as `MODEL_REF_PREFIX + name`. */
  schema: Record<string, unknown>;
}

/** Placeholder for `https://apigateway.amazonaws.com/restapis/{id}/models/` until the API id is known. */
export const MODEL_REF_PLACEHOLDER = "gatehouse-model:";
export const modelUrlPrefix = (restApiId: string) => `https://apigateway.amazonaws.com/restapis/${restApiId}/models/`;

export interface DefValidator {
  name: string;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
}

export interface DefAuthorizer {
  name: string;
  type: "TOKEN" | "REQUEST" | "JWT";
  authorizerUri: string;
  identitySource: string;
  identityValidationExpression: string | null;
  resultTtlSeconds: number;
  issuer: string | null;
  audiences: string[];
  jwksUri: string | null;
  /** Cognito user pool ARNs the JWT authorizer came from (export only echoes them). */
  providerArns: string[];
}

export interface DefGatewayResponse {
  responseType: string;
  statusCode: string | null;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
}

export interface DefIntegrationResponse {
  statusCode: string;
  selectionPattern: string | null;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
  contentHandling: string | null;
}

export interface DefIntegration {
  type: "HTTP" | "HTTP_PROXY" | "MOCK" | "AWS_PROXY" | "AWS";
  httpMethod: string;
  uri: string;
  timeoutMs: number;
  requestParameters: Record<string, string>;
  requestTemplates: Record<string, string>;
  passthroughBehavior: string;
  contentHandling: string | null;
  cacheKeyParameters: string[];
  responses: DefIntegrationResponse[];
}

export interface DefMethodResponse {
  statusCode: string;
  responseParameters: Record<string, boolean>;
  /** content type → model name */
  responseModels: Record<string, string>;
}

export interface DefMethod {
  httpMethod: string;
  authorizationType: string;
  /** Name of an authorizer in the definition. */
  authorizerName: string | null;
  authorizationScopes: string[];
  apiKeyRequired: boolean;
  operationName: string | null;
  /** The OpenAPI operation's `summary` and `description` ("" or absent: none). */
  summary?: string;
  description?: string;
  requestParameters: Record<string, boolean>;
  /** content type → model name */
  requestModels: Record<string, string>;
  validatorName: string | null;
  methodResponses: DefMethodResponse[];
  integration: DefIntegration | null;
}

export interface DefResource {
  path: string;
  methods: DefMethod[];
}

export interface ApiDef {
  name: string;
  description: string;
  version: string;
  binaryMediaTypes: string[];
  apiKeySource: "HEADER" | "AUTHORIZER";
  models: DefModel[];
  validators: DefValidator[];
  authorizers: DefAuthorizer[];
  gatewayResponses: DefGatewayResponse[];
  resources: DefResource[];
}

export interface ImportProblem {
  /** JSON pointer into the document, e.g. `/paths/~1pets/get/x-amazon-apigateway-integration/uri`. */
  field: string;
  message: string;
}

export interface ImportWarning {
  pointer: string;
  message: string;
}

export interface ImportSummary {
  resources: number;
  methods: number;
  models: number;
  requestValidators: number;
  authorizers: number;
  gatewayResponses: number;
  integrations: Record<string, number>;
}

export function summarize(def: ApiDef): ImportSummary {
  const integrations: Record<string, number> = {};
  let methods = 0;
  for (const r of def.resources) {
    for (const m of r.methods) {
      methods++;
      const t = m.integration?.type ?? "NONE";
      integrations[t] = (integrations[t] ?? 0) + 1;
    }
  }
  return {
    resources: new Set(def.resources.flatMap((r) => prefixes(r.path))).size,
    methods,
    models: def.models.length,
    requestValidators: def.validators.length,
    authorizers: def.authorizers.length,
    gatewayResponses: def.gatewayResponses.length,
    integrations,
  };
}

/** "/a/b" → ["/", "/a", "/a/b"]. */
export function prefixes(path: string): string[] {
  const parts = path.split("/").filter(Boolean);
  const out = ["/"];
  for (let i = 1; i <= parts.length; i++) out.push("/" + parts.slice(0, i).join("/"));
  return out;
}

/** One JSON-pointer segment (RFC 6901). */
export const esc = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
export const ptr = (...segments: Array<string | number>) => segments.map((s) => "/" + esc(String(s))).join("");
