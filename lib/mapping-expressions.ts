/**
 * The small expression language of AWS parameter mappings, shared by deploy
 * validation (lib/services/compile-snapshot.ts) and the gateway
 * (gateway/mapping/). No VTL here: only the `requestParameters` /
 * `responseParameters` forms.
 *
 * Request:  `integration.request.{header|querystring|path}.x` ←
 *           `method.request.{path|querystring|multivaluequerystring|header|multivalueheader}.y`,
 *           `method.request.body[.a.b]`, `'static'`, `stageVariables.v`, `context.a.b`.
 * Response: `method.response.header.X` ←
 *           `integration.response.{header|multivalueheader}.Y`, `integration.response.body[.a.b]`,
 *           `'static'`, `stageVariables.v`, `context.a.b`.
 */

export type RequestLocation = "path" | "querystring" | "multivaluequerystring" | "header" | "multivalueheader";
export type IntegrationRequestLocation = "header" | "querystring" | "path";

export type MappingSource =
  | { kind: "static"; value: string }
  | { kind: "stageVariable"; name: string }
  | { kind: "context"; path: string[] }
  | { kind: "request"; location: RequestLocation; name: string }
  | { kind: "requestBody"; path: string[] }
  | { kind: "response"; location: "header" | "multivalueheader"; name: string }
  | { kind: "responseBody"; path: string[] };

const NAME = "([^.\\s]+)";
const STAGE_VARIABLE_NAME = /^[A-Za-z0-9_]{1,64}$/;
const TARGET_REQUEST = new RegExp(`^integration\\.request\\.(header|querystring|path)\\.${NAME}$`);
const TARGET_RESPONSE = /^method\.response\.header\.([^\s]+)$/;
const FROM_REQUEST = new RegExp(`^method\\.request\\.(path|querystring|multivaluequerystring|header|multivalueheader)\\.${NAME}$`);
const FROM_RESPONSE = new RegExp(`^integration\\.response\\.(header|multivalueheader)\\.${NAME}$`);
const BODY_PATH = /^body((?:\.[A-Za-z0-9_$-]+(?:\[\d+\])*)*)$/;

export function parseIntegrationRequestTarget(key: string): { location: IntegrationRequestLocation; name: string } | null {
  const m = TARGET_REQUEST.exec(key);
  return m ? { location: m[1] as IntegrationRequestLocation, name: m[2] } : null;
}

export function parseMethodResponseTarget(key: string): { header: string } | null {
  const m = TARGET_RESPONSE.exec(key);
  return m ? { header: m[1] } : null;
}

/** `.a.b[0]` → ["a", "b", "0"] */
function bodyPath(tail: string): string[] {
  return tail
    .split(/[.[\]]/)
    .filter(Boolean);
}

function parseCommon(expr: string): MappingSource | null {
  if (expr.length >= 2 && expr.startsWith("'") && expr.endsWith("'")) return { kind: "static", value: expr.slice(1, -1) };
  if (expr.startsWith("stageVariables.")) {
    const name = expr.slice("stageVariables.".length);
    return STAGE_VARIABLE_NAME.test(name) ? { kind: "stageVariable", name } : null;
  }
  if (expr.startsWith("context.")) {
    const path = expr.slice("context.".length).split(".");
    return path.every((p) => /^[A-Za-z0-9_]+$/.test(p)) ? { kind: "context", path } : null;
  }
  return null;
}

/** A source for an integration request parameter, or null when the expression is not one. */
export function parseRequestSource(expr: string): MappingSource | null {
  const common = parseCommon(expr);
  if (common) return common;
  const m = FROM_REQUEST.exec(expr);
  if (m) return { kind: "request", location: m[1] as RequestLocation, name: m[2] };
  if (expr.startsWith("method.request.")) {
    const body = BODY_PATH.exec(expr.slice("method.request.".length));
    if (body) return { kind: "requestBody", path: bodyPath(body[1]) };
  }
  return null;
}

/** A source for a method response header, or null when the expression is not one. */
export function parseResponseSource(expr: string): MappingSource | null {
  const common = parseCommon(expr);
  if (common) return common;
  const m = FROM_RESPONSE.exec(expr);
  if (m) return { kind: "response", location: m[1] as "header" | "multivalueheader", name: m[2] };
  if (expr.startsWith("integration.response.")) {
    const body = BODY_PATH.exec(expr.slice("integration.response.".length));
    if (body) return { kind: "responseBody", path: bodyPath(body[1]) };
  }
  return null;
}

/** `${stageVariables.name}` in integration URIs. */
export const STAGE_VARIABLE_IN_URI = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g;
/** `{name}` / `{name+}` path placeholders in integration URIs (not the `${…}` form). */
export const PATH_PARAM_IN_URI = /(?<!\$)\{([A-Za-z0-9._-]+)\+?\}/g;

export function stageVariablesInUri(uri: string): string[] {
  return [...uri.matchAll(STAGE_VARIABLE_IN_URI)].map((m) => m[1]);
}

export function pathParamsInUri(uri: string): string[] {
  return [...uri.matchAll(PATH_PARAM_IN_URI)].map((m) => m[1]);
}

/** Path parameter names a resource path declares: `/a/{id}/{proxy+}` → ["id", "proxy"]. */
export function pathParamsOfResource(path: string): string[] {
  return [...path.matchAll(/\{([^{}+]+)\+?\}/g)].map((m) => m[1]);
}

/** Headers an integration request mapping may not set (AWS fails such requests with a 500). */
export const UNMAPPABLE_REQUEST_HEADERS = new Set(["content-length", "transfer-encoding", "x-amzn-trace-id", "x-amzn-apigateway-api-id"]);
