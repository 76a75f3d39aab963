import { stringify as toYaml } from "yaml";
import { MODEL_REF_PLACEHOLDER, type ApiDef, type DefAuthorizer, type DefMethod } from "./types";

/** An ApiDef → an OpenAPI 3.0.1 document, as Amazon API Gateway's export (`oas30`, optionally with extensions). */

type Obj = Record<string, unknown>;
const nonEmpty = (o: Record<string, unknown>) => Object.keys(o).length > 0;
const sortObj = <T>(o: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export interface ExportOptions {
  extensions: boolean;
  /** `servers[0].url`, e.g. the stage's invoke URL. */
  serverUrl?: string;
}

/** Model schema as stored → the schema under components/schemas (refs back to #/components/schemas/X). */
function exportSchema(schema: Obj): Obj {
  const text = JSON.stringify(schema, (k, v) => (typeof v === "string" && k === "$ref" && v.startsWith(MODEL_REF_PLACEHOLDER) ? `#/components/schemas/${v.slice(MODEL_REF_PLACEHOLDER.length)}` : v));
  const { $schema: _s, ...rest } = JSON.parse(text) as Obj;
  void _s;
  return rest;
}

function schemeName(a: DefAuthorizer) {
  return a.name;
}

function authorizerScheme(a: DefAuthorizer, extensions: boolean): Obj {
  const header = /^method\.request\.header\.(.+)$/.exec(a.identitySource)?.[1];
  const base: Obj = { type: "apiKey", name: a.type === "REQUEST" ? "Unused" : (header ?? "Authorization"), in: "header" };
  if (!extensions) return base;
  if (a.type === "JWT") {
    const jwtConfiguration: Obj = {};
    if (a.issuer) jwtConfiguration.issuer = a.issuer;
    if (a.audiences.length) jwtConfiguration.audience = a.audiences;
    if (a.jwksUri) jwtConfiguration.jwksUri = a.jwksUri;
    return {
      ...base,
      "x-amazon-apigateway-authtype": "cognito_user_pools",
      "x-amazon-apigateway-authorizer": {
        type: "cognito_user_pools",
        providerARNs: a.providerArns,
        identitySource: a.identitySource,
        authorizerResultTtlInSeconds: a.resultTtlSeconds,
        ...(nonEmpty(jwtConfiguration) ? { jwtConfiguration } : {}),
      },
    };
  }
  const authorizer: Obj = {
    type: a.type.toLowerCase(),
    authorizerUri: a.authorizerUri,
    identitySource: a.identitySource,
    authorizerResultTtlInSeconds: a.resultTtlSeconds,
  };
  if (a.identityValidationExpression) authorizer.identityValidationExpression = a.identityValidationExpression;
  return { ...base, "x-amazon-apigateway-authtype": "custom", "x-amazon-apigateway-authorizer": authorizer };
}

function operation(m: DefMethod, def: ApiDef, extensions: boolean): Obj {
  const op: Obj = {};
  if (m.operationName) op.operationId = m.operationName;
  if (m.summary) op.summary = m.summary;
  if (m.description) op.description = m.description;
  const parameters: Obj[] = [];
  for (const [key, required] of Object.entries(sortObj(m.requestParameters))) {
    const match = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(key);
    if (!match) continue;
    const where = match[1] === "querystring" ? "query" : match[1];
    parameters.push({ name: match[2], in: where, ...(where === "path" || required ? { required: true } : {}), schema: { type: "string" } });
  }
  if (parameters.length) op.parameters = parameters;
  if (nonEmpty(m.requestModels)) {
    op.requestBody = {
      content: Object.fromEntries(Object.entries(sortObj(m.requestModels)).map(([ct, model]) => [ct, { schema: { $ref: `#/components/schemas/${model}` } }])),
      required: true,
    };
  }
  const responses: Obj = {};
  for (const r of [...m.methodResponses].sort((a, b) => a.statusCode.localeCompare(b.statusCode))) {
    const resp: Obj = { description: `${r.statusCode} response` };
    const headers = Object.entries(sortObj(r.responseParameters))
      .map(([k, required]) => [/^method\.response\.header\.(.+)$/.exec(k)?.[1], required] as const)
      .filter((e): e is [string, boolean] => !!e[0]);
    if (headers.length) resp.headers = Object.fromEntries(headers.map(([h, required]) => [h, { ...(required ? { required: true } : {}), schema: { type: "string" } }]));
    if (nonEmpty(r.responseModels)) {
      resp.content = Object.fromEntries(Object.entries(sortObj(r.responseModels)).map(([ct, model]) => [ct, { schema: { $ref: `#/components/schemas/${model}` } }]));
    }
    responses[r.statusCode] = resp;
  }
  op.responses = responses;
  const security: Obj[] = [];
  if (m.authorizerName && (m.authorizationType === "CUSTOM" || m.authorizationType === "COGNITO_USER_POOLS" || m.authorizationType === "JWT")) {
    security.push({ [m.authorizerName]: m.authorizationScopes });
  }
  if (m.authorizationType === "AWS_IAM") security.push({ sigv4: [] });
  if (m.apiKeyRequired) security.push({ api_key: [] });
  if (security.length) op.security = security;
  if (!extensions) return op;
  if (m.validatorName) op["x-amazon-apigateway-request-validator"] = m.validatorName;
  const i = m.integration;
  if (i) {
    const x: Obj = { type: i.type.toLowerCase() };
    if (i.type !== "MOCK" || i.httpMethod !== "POST") x.httpMethod = i.httpMethod;
    if (i.uri) x.uri = i.uri;
    if (nonEmpty(i.requestParameters)) x.requestParameters = sortObj(i.requestParameters);
    if (nonEmpty(i.requestTemplates)) x.requestTemplates = sortObj(i.requestTemplates);
    x.passthroughBehavior = i.passthroughBehavior.toLowerCase();
    x.timeoutInMillis = i.timeoutMs;
    if (i.contentHandling) x.contentHandling = i.contentHandling;
    if (i.cacheKeyParameters.length) x.cacheKeyParameters = i.cacheKeyParameters;
    if (i.responses.length) {
      const responses: Obj = {};
      for (const r of [...i.responses].sort((a, b) => a.statusCode.localeCompare(b.statusCode))) {
        const out: Obj = { statusCode: r.statusCode };
        if (nonEmpty(r.responseParameters)) out.responseParameters = sortObj(r.responseParameters);
        if (nonEmpty(r.responseTemplates)) out.responseTemplates = sortObj(r.responseTemplates);
        if (r.contentHandling) out.contentHandling = r.contentHandling;
        responses[r.selectionPattern ?? "default"] = out;
      }
      x.responses = responses;
    }
    op["x-amazon-apigateway-integration"] = x;
  }
  return op;
}

export function toOpenApi(def: ApiDef, options: ExportOptions): Obj {
  const { extensions } = options;
  const doc: Obj = {
    openapi: "3.0.1",
    info: { title: def.name, ...(def.description ? { description: def.description } : {}), version: def.version || "1.0" },
  };
  if (options.serverUrl) doc.servers = [{ url: options.serverUrl }];
  const paths: Obj = {};
  for (const r of [...def.resources].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (r.methods.length === 0) continue;
    const item: Obj = {};
    for (const m of [...r.methods].sort((a, b) => a.httpMethod.localeCompare(b.httpMethod))) {
      if (m.httpMethod === "ANY" && !extensions) continue;
      item[m.httpMethod === "ANY" ? "x-amazon-apigateway-any-method" : m.httpMethod.toLowerCase()] = operation(m, def, extensions);
    }
    if (nonEmpty(item)) paths[r.path] = item;
  }
  doc.paths = paths;
  const schemas = Object.fromEntries([...def.models].sort((a, b) => (a.name < b.name ? -1 : 1)).map((m) => [m.name, exportSchema(m.schema)]));
  const usesKey = def.resources.some((r) => r.methods.some((m) => m.apiKeyRequired));
  const usesIam = def.resources.some((r) => r.methods.some((m) => m.authorizationType === "AWS_IAM"));
  const securitySchemes: Obj = {};
  if (usesKey) securitySchemes.api_key = { type: "apiKey", name: "x-api-key", in: "header" };
  if (usesIam) securitySchemes.sigv4 = { type: "apiKey", name: "Authorization", in: "header", ...(extensions ? { "x-amazon-apigateway-authtype": "awsSigv4" } : {}) };
  for (const a of [...def.authorizers].sort((x, y) => (x.name < y.name ? -1 : 1))) securitySchemes[schemeName(a)] = authorizerScheme(a, extensions);
  const components: Obj = {};
  if (nonEmpty(schemas)) components.schemas = schemas;
  if (nonEmpty(securitySchemes)) components.securitySchemes = securitySchemes;
  if (nonEmpty(components)) doc.components = components;
  if (extensions) {
    doc["x-amazon-apigateway-api-key-source"] = def.apiKeySource;
    if (def.binaryMediaTypes.length) doc["x-amazon-apigateway-binary-media-types"] = def.binaryMediaTypes;
    if (def.validators.length) {
      doc["x-amazon-apigateway-request-validators"] = Object.fromEntries(
        [...def.validators].sort((a, b) => (a.name < b.name ? -1 : 1)).map((v) => [v.name, { validateRequestBody: v.validateRequestBody, validateRequestParameters: v.validateRequestParameters }]),
      );
    }
    if (def.gatewayResponses.length) {
      doc["x-amazon-apigateway-gateway-responses"] = Object.fromEntries(
        [...def.gatewayResponses]
          .sort((a, b) => (a.responseType < b.responseType ? -1 : 1))
          .map((g) => [
            g.responseType,
            {
              ...(g.statusCode ? { statusCode: g.statusCode } : {}),
              ...(nonEmpty(g.responseParameters) ? { responseParameters: sortObj(g.responseParameters) } : {}),
              ...(nonEmpty(g.responseTemplates) ? { responseTemplates: sortObj(g.responseTemplates) } : {}),
            },
          ]),
      );
    }
  }
  return doc;
}

export function renderDocument(doc: Obj, format: "json" | "yaml"): string {
  return format === "yaml" ? toYaml(doc, { lineWidth: 0, aliasDuplicateObjects: false }) : JSON.stringify(doc, null, 2) + "\n";
}
