import type { Prisma } from "../generated/prisma/client";
import { AppError, type FieldProblem } from "../errors";
import { functionArnOfInvocationUri, parseFunctionInvocationUri } from "../arn";
import {
  parseIntegrationRequestTarget,
  parseMethodResponseTarget,
  parseRequestSource,
  parseResponseSource,
  pathParamsInUri,
  pathParamsOfResource,
  STAGE_VARIABLE_IN_URI,
  PATH_PARAM_IN_URI,
  stageVariablesInUri,
  UNMAPPABLE_REQUEST_HEADERS,
  type MappingSource,
} from "../mapping-expressions";
import {
  SNAPSHOT_FORMAT_VERSION,
  ZContentHandling,
  ZDeploymentSnapshot,
  ZMethodVerb,
  ZPassthroughBehavior,
  type TDeployedIntegration,
  type TDeployedIntegrationResponse,
  type TDeployedMethod,
  type TDeploymentSnapshot,
} from "../snapshot";
import { parseTemplate } from "../vtl";
import { compileModels } from "./compile-models";
import { compileGatewayResponses } from "./gateway-responses";
import { authorizationTypesFor } from "./authorizer-rules";
import { deployedAuthorizer } from "./compile-authorizers";
import { templateProblemMessage } from "./template-preview";

type Tx = Prisma.TransactionClient;

export interface CompileOptions {
  /** Variables of the stage being deployed to; when given, every `stageVariables.x` used must be among them. */
  stageVariables?: Record<string, string>;
  /**
   * Compile only this method (the request tester, like AWS's TestInvokeMethod, runs one method even while
   * others cannot be deployed); authorizers that fail to compile are left out instead of refusing.
   */
  onlyMethod?: { resourceId: string; httpMethod: string };
}

const apiQuery = (restApiId: string) =>
  ({
    where: { id: restApiId },
    include: {
      models: { orderBy: { name: "asc" } },
      requestValidators: true,
      authorizers: { orderBy: { name: "asc" } },
      gatewayResponses: { orderBy: { responseType: "asc" } },
      resources: {
        orderBy: { path: "asc" },
        include: {
          methods: {
            orderBy: { httpMethod: "asc" },
            include: {
              integration: { include: { responses: { orderBy: { statusCode: "asc" } } } },
              methodResponses: { orderBy: { statusCode: "asc" } },
            },
          },
        },
      },
    },
  }) satisfies Prisma.RestApiFindUniqueArgs;

type ApiRow = NonNullable<Prisma.RestApiGetPayload<ReturnType<typeof apiQuery>>>;
type ResourceRow = ApiRow["resources"][number];
type MethodRow = ResourceRow["methods"][number];
type IntegrationRow = NonNullable<MethodRow["integration"]>;

/** Collects problems for one method; `field` names where, e.g. `GET /pets/{id} integration.uri`. */
class Checker {
  readonly problems: FieldProblem[] = [];
  constructor(private readonly stageVariables: Record<string, string> | undefined) {}

  add(field: string, message: string) {
    this.problems.push({ field, message });
  }

  /** The entries of a JSON map, reporting values that are not of the expected type. */
  entries<T extends "string" | "boolean">(field: string, json: unknown, type: T): Array<[string, T extends "string" ? string : boolean]> {
    if (json === null || json === undefined) return [];
    if (typeof json !== "object" || Array.isArray(json)) {
      this.add(field, "Must be an object");
      return [];
    }
    const out: Array<[string, T extends "string" ? string : boolean]> = [];
    for (const [key, value] of Object.entries(json)) {
      if (typeof value === type) out.push([key, value as T extends "string" ? string : boolean]);
      else if (!(type === "string" && value === null)) this.add(`${field}["${key}"]`, `Must be a ${type}`);
    }
    return out;
  }

  stageVariable(field: string, name: string) {
    if (this.stageVariables && !(name in this.stageVariables)) {
      this.add(field, `Uses stage variable "${name}", which the stage does not define`);
    }
  }

  /** The non-empty templates of a JSON map, each parse-checked (`field["content/type"]`, with the line and column). */
  templates(field: string, json: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [contentType, template] of this.entries(field, json, "string")) {
      if (!template) continue;
      const problem = parseTemplate(template);
      if (problem) this.add(`${field}["${contentType}"]`, templateProblemMessage(problem));
      out[contentType] = template;
    }
    return out;
  }

  contentHandling(field: string, value: string | null): "CONVERT_TO_BINARY" | "CONVERT_TO_TEXT" | null {
    if (value === null || value === "") return null;
    const parsed = ZContentHandling.safeParse(value);
    if (!parsed.success) this.add(field, "Must be CONVERT_TO_BINARY or CONVERT_TO_TEXT");
    return parsed.data ?? null;
  }

  /** Checks a mapping source: path parameters must exist on the resource, stage variables on the stage. */
  source(field: string, source: MappingSource, resourceParams: string[]) {
    if (source.kind === "request" && source.location === "path" && !resourceParams.includes(source.name)) {
      this.add(field, `"${source.name}" is not a path parameter of this resource`);
    }
    if (source.kind === "stageVariable") this.stageVariable(field, source.name);
  }
}

function checkHttpUri(c: Checker, field: string, uri: string, allowedParams: string[]) {
  if (!/^https?:\/\//i.test(uri)) {
    c.add(field, "Must be an absolute http:// or https:// URL");
  } else {
    try {
      const probe = new URL(uri.replace(STAGE_VARIABLE_IN_URI, "stagevar").replace(PATH_PARAM_IN_URI, "param"));
      if (!probe.hostname) throw new Error("no host");
    } catch {
      c.add(field, "Is not a valid URL");
    }
  }
  for (const name of pathParamsInUri(uri)) {
    if (!allowedParams.includes(name)) {
      c.add(field, `Uses {${name}}, which is neither a path parameter of this resource nor mapped by integration.request.path.${name}`);
    }
  }
  for (const name of stageVariablesInUri(uri)) c.stageVariable(field, name);
}

function compileRequestParameters(c: Checker, field: string, json: unknown, resourceParams: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, expr] of c.entries(`${field}.requestParameters`, json, "string")) {
    const at = `${field}.requestParameters["${key}"]`;
    const target = parseIntegrationRequestTarget(key);
    const source = parseRequestSource(expr);
    if (!target) c.add(at, "Keys are integration.request.{header|querystring|path}.<name>");
    else if (target.location === "header" && UNMAPPABLE_REQUEST_HEADERS.has(target.name.toLowerCase())) {
      c.add(at, `The ${target.name} header cannot be mapped`);
    }
    if (!source) c.add(at, `"${expr}" is not a valid mapping expression`);
    else c.source(at, source, resourceParams);
    out[key] = expr;
  }
  return out;
}

function compileResponses(c: Checker, field: string, rows: IntegrationRow["responses"]) {
  return rows.map((r): TDeployedIntegrationResponse => {
    const at = `${field}.responses["${r.statusCode}"]`;
    if (r.selectionPattern) {
      try {
        new RegExp(`^(?:${r.selectionPattern})$`);
      } catch {
        c.add(`${at}.selectionPattern`, "Is not a valid regular expression");
      }
    }
    const responseParameters: Record<string, string> = {};
    for (const [key, expr] of c.entries(`${at}.responseParameters`, r.responseParameters, "string")) {
      if (!parseMethodResponseTarget(key)) c.add(`${at}.responseParameters["${key}"]`, "Keys are method.response.header.<name>");
      const source = parseResponseSource(expr);
      if (!source) c.add(`${at}.responseParameters["${key}"]`, `"${expr}" is not a valid mapping expression`);
      else c.source(`${at}.responseParameters["${key}"]`, source, []);
      responseParameters[key] = expr;
    }
    const responseTemplates = c.templates(`${at}.responseTemplates`, r.responseTemplates);
    const contentHandling = c.contentHandling(`${at}.contentHandling`, r.contentHandling);
    return { statusCode: r.statusCode, selectionPattern: r.selectionPattern || null, responseTemplates, responseParameters, contentHandling };
  });
}

/**
 * The RemoteFunction an invocation URI names: its function ARN exactly as stored, or
 * (for a qualified ARN) the unqualified one stored, which then gets the qualifier at call time.
 */
export function remoteArnFor(remotes: ReadonlySet<string>, uri: string): string | null {
  const arn = functionArnOfInvocationUri(uri);
  if (!arn) return null;
  if (remotes.has(arn)) return arn;
  const parsed = parseFunctionInvocationUri(uri);
  if (parsed?.qualifier) {
    const unqualified = arn.slice(0, -(parsed.qualifier.length + 1));
    if (remotes.has(unqualified)) return unqualified;
  }
  return null;
}

/** Request templates, passthrough behavior and content handling (HTTP, MOCK, AWS). */
function compileRequestMapping(c: Checker, field: string, integration: IntegrationRow) {
  const requestTemplates = c.templates(`${field}.requestTemplates`, integration.requestTemplates);
  const passthrough = ZPassthroughBehavior.safeParse(integration.passthroughBehavior);
  if (!passthrough.success) c.add(`${field}.passthroughBehavior`, "Must be WHEN_NO_MATCH, WHEN_NO_TEMPLATES or NEVER");
  return {
    requestTemplates,
    passthroughBehavior: passthrough.data ?? "WHEN_NO_MATCH",
    contentHandling: c.contentHandling(`${field}.contentHandling`, integration.contentHandling),
  };
}

/** The function an AWS / AWS_PROXY integration invokes (null, with a problem, unless the URI is an invocation ARN). */
function functionTarget(c: Checker, field: string, integration: IntegrationRow, remotes: ReadonlySet<string>) {
  const parsed = parseFunctionInvocationUri(integration.uri);
  if (!parsed) {
    c.add(`${field}.uri`, "Not a function invocation ARN");
    return null;
  }
  const remoteFunctionArn = remoteArnFor(remotes, integration.uri);
  return {
    uri: integration.uri,
    functionName: parsed.functionName,
    qualifier: parsed.qualifier,
    timeoutMs: integration.timeoutMs,
    ...(remoteFunctionArn ? { remoteFunctionArn } : {}),
  };
}

function compileIntegration(c: Checker, where: string, resource: ResourceRow, integration: IntegrationRow, remotes: ReadonlySet<string>): TDeployedIntegration | null {
  const field = `${where} integration`;
  const resourceParams = pathParamsOfResource(resource.path);
  if (integration.timeoutMs < 50 || integration.timeoutMs > 29_000) c.add(`${field}.timeoutInMillis`, "Must be 50–29000 ms");
  switch (integration.type) {
    case "AWS_PROXY": {
      const target = functionTarget(c, field, integration, remotes);
      return target && { type: "AWS_PROXY", ...target };
    }
    case "AWS": {
      const target = functionTarget(c, field, integration, remotes);
      const mapping = compileRequestMapping(c, field, integration);
      const responses = compileResponses(c, field, integration.responses);
      return target && { type: "AWS", ...target, ...mapping, responses };
    }
    case "HTTP":
    case "HTTP_PROXY": {
      if (!ZMethodVerb.safeParse(integration.httpMethod).success) c.add(`${field}.httpMethod`, `"${integration.httpMethod}" is not an HTTP method or ANY`);
      const requestParameters = compileRequestParameters(c, field, integration.requestParameters, resourceParams);
      const mappedPath = Object.keys(requestParameters).flatMap((k) => parseIntegrationRequestTarget(k)?.location === "path" ? [parseIntegrationRequestTarget(k)!.name] : []);
      checkHttpUri(c, `${field}.uri`, integration.uri, [...resourceParams, ...mappedPath]);
      const base = { httpMethod: integration.httpMethod, uri: integration.uri, timeoutMs: integration.timeoutMs, requestParameters };
      if (integration.type === "HTTP_PROXY") return { type: "HTTP_PROXY", ...base };
      const mapping = compileRequestMapping(c, field, integration);
      const responses = compileResponses(c, field, integration.responses);
      return { type: "HTTP", ...base, ...mapping, responses };
    }
    case "MOCK":
      return {
        type: "MOCK",
        timeoutMs: integration.timeoutMs,
        ...compileRequestMapping(c, field, integration),
        responses: compileResponses(c, field, integration.responses),
      };
    default:
      c.add(`${field}.type`, `Unknown integration type ${integration.type}`);
      return null;
  }
}

/** What compileMethod needs of the rest of the API. */
interface ApiContext {
  remotes: ReadonlySet<string>;
  modelNames: ReadonlySet<string>;
  validators: ReadonlyMap<string, { name: string; validateRequestBody: boolean; validateRequestParameters: boolean }>;
  /** Authorizer id → its type (TOKEN | REQUEST | JWT) and name. */
  authorizers: ReadonlyMap<string, { type: string; name: string }>;
}

/** CUSTOM needs a TOKEN / REQUEST authorizer of this API, JWT / COGNITO_USER_POOLS a JWT one; other types none. */
function checkMethodAuthorization(c: Checker, where: string, method: MethodRow, api: ApiContext) {
  const type = method.authorizationType;
  if (!["NONE", "AWS_IAM", "CUSTOM", "JWT", "COGNITO_USER_POOLS"].includes(type)) {
    c.add(`${where} authorizationType`, `Unknown authorization type ${type}`);
    return;
  }
  const needsAuthorizer = type === "CUSTOM" || type === "JWT" || type === "COGNITO_USER_POOLS";
  if (!needsAuthorizer) return;
  const authorizer = method.authorizerId ? api.authorizers.get(method.authorizerId) : undefined;
  if (!method.authorizerId) c.add(`${where} authorizerId`, `Authorization type ${type} needs an authorizer`);
  else if (!authorizer) c.add(`${where} authorizerId`, `Authorizer ${method.authorizerId} does not exist in this API`);
  else if (!authorizationTypesFor(authorizer.type).includes(type)) {
    c.add(`${where} authorizerId`, `Authorizer ${authorizer.name} (${authorizer.type}) cannot be used with authorization type ${type}`);
  }
  if (method.authorizationScopes.length > 0 && authorizer && authorizer.type !== "JWT") {
    c.add(`${where} authorizationScopes`, "Scopes apply to JWT authorizers only");
  }
}

function compileMethod(c: Checker, resource: ResourceRow, method: MethodRow, api: ApiContext): TDeployedMethod | null {
  const where = `${method.httpMethod} ${resource.path}`;
  const verb = ZMethodVerb.safeParse(method.httpMethod);
  if (!verb.success) c.add(where, `"${method.httpMethod}" is not an HTTP method or ANY`);
  const resourceParams = pathParamsOfResource(resource.path);
  const requestParameters = Object.fromEntries(c.entries(`${where} requestParameters`, method.requestParameters, "boolean"));
  for (const key of Object.keys(requestParameters)) {
    const m = /^method\.request\.(querystring|header|path|multivaluequerystring|multivalueheader)\.[^.\s]+$/.exec(key);
    if (!m) c.add(`${where} requestParameters["${key}"]`, "Keys are method.request.{querystring|header|path}.<name>");
    else if (m[1] === "path" && !resourceParams.includes(key.slice("method.request.path.".length))) {
      c.add(`${where} requestParameters["${key}"]`, "Not a path parameter of this resource");
    }
  }
  const requestModels = Object.fromEntries(c.entries(`${where} requestModels`, method.requestModels, "string"));
  for (const [contentType, name] of Object.entries(requestModels)) {
    if (!api.modelNames.has(name)) c.add(`${where} requestModels["${contentType}"]`, `Model '${name}' does not exist in this API`);
  }
  let requestValidator: TDeployedMethod["requestValidator"] = null;
  if (method.requestValidatorId) {
    const validator = api.validators.get(method.requestValidatorId);
    if (!validator) c.add(`${where} requestValidatorId`, `Request validator ${method.requestValidatorId} does not exist in this API`);
    else requestValidator = { name: validator.name, validateRequestBody: validator.validateRequestBody, validateRequestParameters: validator.validateRequestParameters };
  }
  checkMethodAuthorization(c, where, method, api);
  if (!method.integration) {
    c.add(where, "No integration defined for method");
    return null;
  }
  const integration = compileIntegration(c, where, resource, method.integration, api.remotes);
  // The response cache keys on these; as on AWS they must be declared request parameters of the method.
  const cacheKeyParameters = method.integration.cacheKeyParameters;
  for (const p of cacheKeyParameters) {
    if (!/^method\.request\.(querystring|header|path)\.[^.\s]+$/.test(p)) c.add(`${where} integration.cacheKeyParameters`, `"${p}" is not method.request.{querystring|header|path}.<name>`);
    else if (!(p in requestParameters)) c.add(`${where} integration.cacheKeyParameters`, `"${p}" must also be declared in the method's request parameters`);
  }
  if (!integration || !verb.success) return null;
  return {
    httpMethod: verb.data,
    authorizationType: method.authorizationType,
    apiKeyRequired: method.apiKeyRequired,
    authorizerId: method.authorizerId ?? null,
    authorizationScopes: method.authorizationScopes,
    requestParameters,
    requestModels,
    requestValidator,
    methodResponses: method.methodResponses.map((r) => ({
      statusCode: r.statusCode,
      responseParameters: Object.fromEntries(c.entries(`${where} responses["${r.statusCode}"].responseParameters`, r.responseParameters, "boolean")),
    })),
    integration: { ...integration, cacheKeyParameters },
  };
}

/**
 * Compiles the API's edit tables into a snapshot, validating everything and
 * listing every problem found (AppError "deploy-invalid") rather than the first.
 */
export async function compileSnapshot(tx: Tx, restApiId: string, options: CompileOptions = {}): Promise<TDeploymentSnapshot> {
  const api = await tx.restApi.findUnique(apiQuery(restApiId));
  if (!api) throw new AppError("not-found", `REST API ${restApiId} does not exist.`);
  const c = new Checker(options.stageVariables);
  const remotes = new Set((await tx.remoteFunction.findMany({ select: { functionArn: true } })).map((r) => r.functionArn));
  const context: ApiContext = {
    remotes,
    modelNames: new Set(api.models.map((m) => m.name)),
    validators: new Map(api.requestValidators.map((v) => [v.id, v])),
    authorizers: new Map(api.authorizers.map((a) => [a.id, { type: a.type, name: a.name }])),
  };
  const authorizers: TDeploymentSnapshot["authorizers"] = {};
  const only = options.onlyMethod;
  for (const row of api.authorizers) {
    const compiled = deployedAuthorizer(row, remotes);
    if (!only) for (const problem of compiled.problems) c.add(problem.field, problem.message);
    if (compiled.authorizer) authorizers[row.id] = compiled.authorizer;
  }
  const resources = api.resources.map((resource) => {
    const methods: Record<string, TDeployedMethod> = {};
    for (const method of resource.methods) {
      if (only && (resource.id !== only.resourceId || method.httpMethod !== only.httpMethod)) continue;
      const compiled = compileMethod(c, resource, method, context);
      if (compiled) methods[compiled.httpMethod] = compiled;
    }
    return { id: resource.id, path: resource.path, methods };
  });
  const models = compileModels(api.id, api.models);
  for (const problem of models.problems) c.add(problem.field, problem.message);
  const gatewayResponses = compileGatewayResponses(api.gatewayResponses);
  for (const problem of gatewayResponses.problems) c.add(problem.field, problem.message);
  if (c.problems.length > 0) throw new AppError("deploy-invalid", "The API cannot be deployed", c.problems);
  return ZDeploymentSnapshot.parse({
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    restApiId: api.id,
    apiName: api.name,
    binaryMediaTypes: api.binaryMediaTypes,
    resources,
    models: models.models,
    gatewayResponses: gatewayResponses.gatewayResponses,
    apiKeySource: api.apiKeySource === "AUTHORIZER" ? "AUTHORIZER" : "HEADER",
    authorizers,
  });
}

