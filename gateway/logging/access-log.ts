import { GatewayError } from "../errors";
import { formatRequestTime } from "../../lib/lambda/proxy-event-v1";
import { contextVariables } from "../mapping/context-variables";
import type { RequestContext } from "../pipeline/context";

/**
 * Access log entries in a stage's format (AWS accessLogSettings.format): CLF,
 * JSON, or a custom template in which `$context.x` (also `${context.x}`) is
 * replaced by the variable's value, `-` when it has none, as AWS prints them.
 */

/** AWS's REST CLF format (reference §8). */
export const CLF_FORMAT =
  '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.extendedRequestId';

/** AWS's REST JSON format: the same fields with these keys. */
export const JSON_FORMAT =
  '{ "requestId":"$context.requestId", "extendedRequestId":"$context.extendedRequestId", "ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod", "resourcePath":"$context.resourcePath", "status":"$context.status", "protocol":"$context.protocol", "responseLength":"$context.responseLength" }';

/** What one request's entry is built from: the request context and its answer. */
export interface AccessLogInput {
  ctx: RequestContext;
  status: number;
  responseLength: number;
  /** Milliseconds from receipt to the last byte handed to the socket. */
  responseLatency: number;
}

type Part = string | string[];

/** A template split once into literal text and variable paths (cached per format text). */
interface Compiled {
  parts: Part[];
  /** For each variable part, its direct getter when it has one. */
  getters: Array<((i: AccessLogInput) => unknown) | undefined>;
  json: boolean;
}
const compiled = new Map<string, Compiled>();

const VARIABLE = /\$(?:\{context((?:\.[A-Za-z0-9_-]+)+)\}|context((?:\.[A-Za-z0-9_-]+)+))/g;

export function templateOf(format: string): string {
  if (format === "CLF") return CLF_FORMAT;
  if (format === "JSON") return JSON_FORMAT;
  return format;
}

function compile(format: string): Compiled {
  let found = compiled.get(format);
  if (found) return found;
  const template = templateOf(format);
  const parts: Part[] = [];
  let at = 0;
  for (const match of template.matchAll(VARIABLE)) {
    let path = (match[1] ?? match[2]).slice(1);
    let literalAfter = "";
    // `$context.status.` at the end of a sentence: the trailing dot is text.
    while (path.endsWith(".")) {
      path = path.slice(0, -1);
      literalAfter += ".";
    }
    parts.push(template.slice(at, match.index));
    parts.push(path.split("."));
    if (literalAfter) parts.push(literalAfter);
    at = match.index + match[0].length;
  }
  parts.push(template.slice(at));
  // An entry is one line: line breaks in the template's text become spaces once, here; values are handled as they are put in.
  const kept = parts.map((p) => (typeof p === "string" ? oneLine(p) : p)).filter((p) => p !== "");
  found = { parts: kept, getters: kept.map((p) => (typeof p === "string" ? undefined : GETTERS[p.join(".")])), json: template.trimStart().startsWith("{") };
  if (compiled.size > 500) compiled.clear();
  compiled.set(format, found);
  return found;
}

const oneLine = (text: string) => (/[\r\n]/.test(text) ? text.replace(/[\r\n]+/g, " ") : text);

/** Escapes a value for a JSON string (JSON templates put variables inside quotes); line breaks become \n, so the entry stays one line. */
function jsonEscape(value: string): string {
  return /["\\\u0000-\u001f]/.test(value) ? JSON.stringify(value).slice(1, -1) : value;
}

/** The access-log `$context`: the request's variables plus the access-log-only ones. */
export function accessLogVariables(input: AccessLogInput): Record<string, unknown> {
  const { ctx } = input;
  const base = ctx.restApiId ? contextVariables(ctx) : {};
  const failure = ctx.failure instanceof GatewayError ? ctx.failure : undefined;
  const integration = ctx.integration;
  const authorizerRun = ctx.authorizerRun;
  const authorizer = (base.authorizer as Record<string, unknown> | undefined) ?? {};
  return {
    ...base,
    status: input.status,
    responseLength: input.responseLength,
    responseLatency: input.responseLatency,
    integrationLatency: integration?.latencyMs,
    integrationStatus: integration?.status,
    integrationErrorMessage: integration?.error,
    integration: { latency: integration?.latencyMs, status: integration?.status, error: integration?.error },
    error: failure
      ? {
          message: failure.nullMessage ? null : failure.message,
          messageString: JSON.stringify(failure.nullMessage ? null : failure.message),
          responseType: failure.type,
          validationErrorString: failure.validationErrorString,
        }
      : ctx.failure
        ? { message: "Internal server error", messageString: '"Internal server error"', responseType: "DEFAULT_5XX" }
        : undefined,
    authorizer: {
      ...authorizer,
      latency: authorizerRun?.latencyMs,
      status: authorizerRun?.status,
      error: authorizerRun?.error,
    },
  };
}

function lookup(root: unknown, path: string[]): string | undefined {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined || value === null || value === "") return undefined;
  return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** One entry in `format` ("CLF", "JSON" or a custom template): variables substituted, `-` for missing ones, one line. */
export function formatAccessLog(format: string, variables: Record<string, unknown>): string {
  const values = compile(format).parts.flatMap((part) => (typeof part === "string" ? [] : [lookup(variables, part) ?? null]));
  return renderAccessEntry(format, values);
}

const failureOf = (i: AccessLogInput) => (i.ctx.failure instanceof GatewayError ? i.ctx.failure : undefined);
const header = (i: AccessLogInput, name: string) => i.ctx.request.headerPairs.find(([n]) => n.toLowerCase() === name)?.[1];

/** The variables formats use most, read straight from the request (no `$context` object built per entry). */
const GETTERS: Record<string, (i: AccessLogInput) => unknown> = {
  requestId: (i) => i.ctx.requestId,
  extendedRequestId: (i) => i.ctx.extendedRequestId,
  httpMethod: (i) => i.ctx.request.httpMethod,
  resourcePath: (i) => i.ctx.route?.resource.path,
  resourceId: (i) => i.ctx.route?.resource.id,
  path: (i) => i.ctx.request.stagePath,
  protocol: (i) => `HTTP/${i.ctx.raw.httpVersion}`,
  requestTime: (i) => formatRequestTime(i.ctx.receivedAt),
  requestTimeEpoch: (i) => i.ctx.receivedAt,
  stage: (i) => i.ctx.stageName,
  apiId: (i) => i.ctx.restApiId,
  accountId: (i) => i.ctx.accountId,
  domainName: (i) => i.ctx.request.domainName,
  deploymentId: (i) => i.ctx.deployment?.deploymentId,
  "identity.sourceIp": (i) => i.ctx.request.sourceIp,
  "identity.userAgent": (i) => header(i, "user-agent"),
  "identity.caller": (i) => i.ctx.identity?.caller,
  "identity.user": (i) => i.ctx.identity?.user,
  "identity.userArn": (i) => i.ctx.identity?.userArn,
  "identity.apiKeyId": (i) => i.ctx.identity?.apiKeyId,
  status: (i) => i.status,
  responseLength: (i) => i.responseLength,
  responseLatency: (i) => i.responseLatency,
  integrationLatency: (i) => i.ctx.integration?.latencyMs,
  "integration.latency": (i) => i.ctx.integration?.latencyMs,
  integrationStatus: (i) => i.ctx.integration?.status,
  "integration.status": (i) => i.ctx.integration?.status,
  "integration.error": (i) => i.ctx.integration?.error,
  integrationErrorMessage: (i) => i.ctx.integration?.error,
  "error.message": (i) => {
    const f = failureOf(i);
    return f ? (f.nullMessage ? undefined : f.message) : i.ctx.failure ? "Internal server error" : undefined;
  },
  "error.responseType": (i) => failureOf(i)?.type ?? (i.ctx.failure ? "DEFAULT_5XX" : undefined),
  "authorizer.error": (i) => i.ctx.authorizerRun?.error,
  "authorizer.latency": (i) => i.ctx.authorizerRun?.latencyMs,
  "authorizer.status": (i) => i.ctx.authorizerRun?.status,
  "authorizer.principalId": (i) => i.ctx.authorizer?.principalId,
};

function text(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
}

/**
 * The values of a format's variables for one request, in template order (null:
 * none): the common variables read directly, any other through the full
 * access-log `$context`. Cheap, so it runs on the request path; the entry is
 * assembled from them later (renderAccessEntry), off it.
 */
export function accessEntryValues(format: string, input: AccessLogInput): Array<string | null> {
  const { parts, getters } = compile(format);
  let variables: Record<string, unknown> | undefined;
  const values: Array<string | null> = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part === "string") continue;
    const getter = getters[i];
    let value: string | undefined;
    if (getter) value = text(getter(input));
    else {
      variables ??= accessLogVariables(input);
      value = lookup(variables, part);
    }
    values.push(value ?? null);
  }
  return values;
}

/** An entry in `format` from its variables' values (accessEntryValues), read from `values` at `from`: `-` for missing ones, one line. */
export function renderAccessEntry(format: string, values: ReadonlyArray<string | number | null>, from = 0): string {
  const { parts, json } = compile(format);
  let out = "";
  let at = from;
  for (const part of parts) {
    if (typeof part === "string") {
      out += part;
      continue;
    }
    const value = values[at++];
    out += value === null || value === undefined ? "-" : json ? jsonEscape(String(value)) : oneLine(String(value));
  }
  return out;
}

/** One request's entry in `format`. */
export function formatAccessEntry(format: string, input: AccessLogInput): string {
  return renderAccessEntry(format, accessEntryValues(format, input));
}
