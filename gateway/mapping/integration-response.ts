import { parseMethodResponseTarget, parseResponseSource } from "../../lib/mapping-expressions";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import type { TDeployedIntegrationResponse, TDeployedMethod } from "../../lib/snapshot";
import { GatewayError } from "../errors";
import type { RequestContext } from "../pipeline/context";
import { bodyAsJson, contextVariables, valueAt } from "./context-variables";
import { mapResponseBody } from "./response-template";

const patterns = new Map<string, RegExp | null>();

/** A selection pattern as AWS applies it: a regex that must match the whole value. */
function fullMatch(pattern: string, value: string): boolean {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`);
    } catch {
      re = null;
    }
    if (patterns.size > 1000) patterns.clear();
    patterns.set(pattern, re);
  }
  return re !== null && re.test(value);
}

/** The integration response whose selection pattern matches `value`, else the default one (no pattern). */
export function selectIntegrationResponse(
  responses: TDeployedIntegrationResponse[],
  value: string,
): TDeployedIntegrationResponse | undefined {
  return responses.find((r) => r.selectionPattern && fullMatch(r.selectionPattern, value)) ?? responses.find((r) => !r.selectionPattern);
}

/** What the integration answered, for `integration.response.*` mappings. */
export interface IntegrationOutput {
  headers: Array<[string, string]>;
  body: Buffer;
}

/**
 * Method response headers from `responseParameters`. Integration response
 * header names match case-insensitively; empty values are left out.
 */
export function mapResponseHeaders(
  responseParameters: Record<string, string>,
  output: IntegrationOutput,
  ctx: RequestContext,
): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  for (const [key, expr] of Object.entries(responseParameters)) {
    const target = parseMethodResponseTarget(key);
    const source = parseResponseSource(expr);
    if (!target || !source) continue;
    let value: string | undefined;
    if (source.kind === "static") value = source.value;
    else if (source.kind === "stageVariable") value = ctx.deployment?.variables[source.name];
    else if (source.kind === "context") value = valueAt(contextVariables(ctx), source.path);
    else if (source.kind === "response") {
      const values = output.headers.filter(([n]) => n.toLowerCase() === source.name.toLowerCase()).map(([, v]) => v);
      value = source.location === "header" ? values.at(-1) : values.join(",");
    } else if (source.kind === "responseBody") {
      if (source.path.length === 0) value = output.body.toString("utf8");
      else {
        const json = bodyAsJson(output.body);
        if (json === undefined) throw new GatewayError("API_CONFIGURATION_ERROR", { logMessage: "integration response body is not JSON" });
        value = valueAt(json, source.path);
      }
    }
    if (value) headers.push([target.header, value]);
  }
  return headers;
}

/**
 * The method response for an integration response: its status (which needs a
 * method response, else AWS answers 500), the body its template renders (or
 * the integration's, passed through), mapped headers, and what the template
 * set in `$context.responseOverride`. Content-Type is the template's content
 * type unless a header mapping sets it (application/json without a template).
 */
export function methodResponse(
  ctx: RequestContext,
  method: TDeployedMethod,
  chosen: TDeployedIntegrationResponse | undefined,
  output: IntegrationOutput,
): HttpResult {
  if (!chosen) {
    throw new GatewayError("API_CONFIGURATION_ERROR", {
      logMessage: "Execution failed due to configuration error: No match for output mapping and no default output mapping configured",
    });
  }
  if (method.methodResponses && !method.methodResponses.some((r) => r.statusCode === chosen.statusCode)) {
    throw new GatewayError("API_CONFIGURATION_ERROR", {
      logMessage: `Execution failed due to configuration error: Output mapping refers to an invalid method response: ${chosen.statusCode}`,
    });
  }
  ctx.trace?.info("integration response", `Integration response ${chosen.statusCode} chosen${chosen.selectionPattern ? ` (selection pattern ${chosen.selectionPattern})` : " (default)"}`);
  const mapped = mapResponseBody(ctx, chosen, output);
  const headers = mapResponseHeaders(chosen.responseParameters, output, ctx);
  for (const [name, value] of Object.entries(mapped.overrides?.response.header ?? {})) {
    const at = headers.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
    if (at >= 0) headers.splice(at, 1);
    headers.push([name, value]);
  }
  if (!headers.some(([n]) => n.toLowerCase() === "content-type")) headers.unshift(["Content-Type", mapped.contentType ?? "application/json"]);
  const status = mapped.overrides?.response.status ?? Number(chosen.statusCode);
  return { statusCode: status, headers, body: mapped.body };
}
