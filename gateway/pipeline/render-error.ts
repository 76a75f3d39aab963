import { classFallback, GATEWAY_RESPONSE_DEFAULTS } from "../../lib/gateway-responses";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import type { TDeployedGatewayResponse } from "../../lib/snapshot";
import { GatewayError } from "../errors";
import { contextVariables, valueAt } from "../mapping/context-variables";
import { templateKeyFor } from "../mapping/response-template";
import { requestParams } from "../mapping/vtl-input";
import type { RequestContext } from "./context";

/** The customization that answers this error: its type's own, else its class's (DEFAULT_4XX / DEFAULT_5XX). */
function customization(err: GatewayError, ctx: RequestContext | undefined): TDeployedGatewayResponse | undefined {
  const custom = ctx?.deployment?.snapshot.gatewayResponses;
  if (!custom || !GATEWAY_RESPONSE_DEFAULTS[err.type].customizable) return undefined;
  return custom[err.type] ?? custom[classFallback(err.status)];
}

/** `$context.error.*` and the rest of `$context` for gateway response templates and header mappings. */
function errorContext(err: GatewayError, ctx: RequestContext | undefined): Record<string, unknown> {
  const base = ctx?.restApiId ? contextVariables(ctx) : {};
  return {
    ...base,
    error: {
      message: err.message,
      messageString: JSON.stringify(err.nullMessage ? null : err.message),
      responseType: err.type,
      validationErrorString: err.validationErrorString ?? "",
    },
  };
}

/** A header value: `'static'`, `method.request.{header|querystring|path}.x`, `stageVariables.x` or `context.x`. */
function headerValue(expr: string, err: GatewayError, ctx: RequestContext | undefined): string | undefined {
  const quoted = /^'(.*)'$/s.exec(expr);
  if (quoted) return quoted[1];
  if (!ctx) return undefined;
  const request = /^method\.request\.(header|querystring|path)\.(.+)$/.exec(expr);
  if (request) {
    const params = requestParams(ctx);
    if (request[1] === "header") {
      const wanted = request[2].toLowerCase();
      return Object.entries(params.header).find(([n]) => n.toLowerCase() === wanted)?.[1];
    }
    return params[request[1] as "querystring" | "path"][request[2]];
  }
  const stage = /^stageVariables\.(.+)$/.exec(expr);
  if (stage) return ctx.deployment?.variables[stage[1]];
  const context = /^context\.(.+)$/.exec(expr);
  if (context) return valueAt(errorContext(err, ctx), context[1].split("."));
  return undefined;
}

/**
 * A gateway response body template: AWS substitutes `$context.x`,
 * `$stageVariables.x` (also `${…}` and `$!…` forms) rather than running VTL.
 * Unknown variables render empty.
 */
function substitute(template: string, err: GatewayError, ctx: RequestContext | undefined): string {
  const context = errorContext(err, ctx);
  const stageVariables = ctx?.deployment?.variables ?? {};
  // Two forms: `${context.x}` (braced) and `$context.x` — a `}` right after the bare form is the template's own
  // (e.g. AWS's default `{"message":$context.error.messageString}`), not part of the reference.
  return template.replace(/\$!?(?:\{(context|stageVariables)((?:\.[A-Za-z0-9_-]+)+)\}|(context|stageVariables)((?:\.[A-Za-z0-9_-]+)+))/g, (_whole, bracedRoot, bracedPath, bareRoot, barePath) => {
    const root = (bracedRoot ?? bareRoot) as string;
    const keys = ((bracedPath ?? barePath) as string).slice(1).split(".");
    return (root === "context" ? valueAt(context, keys) : valueAt(stageVariables, keys)) ?? "";
  });
}

/**
 * AWS's answer for a failed request: the gateway response for its type, as
 * the API customized it (status, headers, body template) or by default
 * (`{"message": "…"}`), always with `x-amzn-ErrorType`. Unknown errors are a 500.
 */
export function renderError(err: unknown, ctx?: RequestContext): { result: HttpResult; logMessage: string } {
  const gatewayError =
    err instanceof GatewayError
      ? err
      : new GatewayError("DEFAULT_5XX", { status: 500, logMessage: `unexpected: ${(err as Error)?.stack ?? String(err)}` });
  const custom = customization(gatewayError, ctx);
  const status = custom?.statusCode ? Number(custom.statusCode) : gatewayError.status;
  const headers: Array<[string, string]> = [];
  let body = JSON.stringify({ message: gatewayError.nullMessage ? null : gatewayError.message });
  let contentType = "application/json";
  if (custom) {
    for (const [key, expr] of Object.entries(custom.responseParameters)) {
      const name = /^gatewayresponse\.header\.(.+)$/.exec(key)?.[1];
      const value = name ? headerValue(expr, gatewayError, ctx) : undefined;
      if (name && value !== undefined && value !== "") headers.push([name, value]);
    }
    const key = templateKeyFor(custom.responseTemplates, ctx?.request.headerPairs.find(([n]) => n.toLowerCase() === "accept")?.[1]);
    if (key !== undefined) {
      contentType = key;
      body = substitute(custom.responseTemplates[key], gatewayError, ctx);
    }
  }
  if (!headers.some(([n]) => n.toLowerCase() === "content-type")) headers.unshift(["Content-Type", contentType]);
  headers.push(["x-amzn-ErrorType", gatewayError.errorType]);
  return { result: { statusCode: status, headers, body: Buffer.from(body) }, logMessage: gatewayError.logMessage ?? gatewayError.message };
}
