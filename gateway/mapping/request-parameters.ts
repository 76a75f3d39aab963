import { parseIntegrationRequestTarget, parseRequestSource, type MappingSource } from "../../lib/mapping-expressions";
import { parseQuery } from "../../lib/lambda/proxy-event-v1";
import { GatewayError } from "../errors";
import type { RequestContext } from "../pipeline/context";
import { bodyAsJson, contextVariables, valueAt } from "./context-variables";

/** What an integration's `requestParameters` produce for one request. */
export interface MappedRequest {
  headers: Array<[string, string]>;
  query: Array<[string, string]>;
  path: Record<string, string>;
}

/**
 * Values of one mapping source. Header and query names match case-sensitively,
 * as on AWS (reference §3 Quirks); single-value sources take the last value.
 */
function valuesOf(source: MappingSource, ctx: RequestContext, vars: () => Record<string, unknown>): string[] {
  const one = (v: string | undefined) => (v === undefined || v === "" ? [] : [v]);
  switch (source.kind) {
    case "static":
      return one(source.value);
    case "stageVariable":
      return one(ctx.deployment?.variables[source.name]);
    case "context":
      return one(valueAt(vars(), source.path));
    case "requestBody": {
      if (source.path.length === 0) return one(ctx.request.body?.toString("utf8"));
      const json = bodyAsJson(ctx.request.body);
      if (json === undefined) throw new GatewayError("DEFAULT_4XX", { message: "Invalid JSON in request body" });
      return one(valueAt(json, source.path));
    }
    case "request": {
      if (source.location === "path") return one(ctx.route?.pathParameters[source.name]);
      if (source.location === "querystring" || source.location === "multivaluequerystring") {
        const values = parseQuery(ctx.request.rawQuery)
          .filter(([n]) => n === source.name)
          .map(([, v]) => v);
        return source.location === "querystring" ? one(values.at(-1)) : values;
      }
      const values = ctx.request.headerPairs.filter(([n]) => n === source.name).map(([, v]) => v);
      return source.location === "header" ? one(values.at(-1)) : one(values.length ? values.join(",") : undefined);
    }
    default:
      return [];
  }
}

/** Evaluates `integration.request.{header|querystring|path}.x` mappings (HTTP and HTTP_PROXY). */
export function mapRequestParameters(requestParameters: Record<string, string>, ctx: RequestContext): MappedRequest {
  const mapped: MappedRequest = { headers: [], query: [], path: {} };
  let vars: Record<string, unknown> | undefined;
  const lazyVars = () => (vars ??= contextVariables(ctx));
  for (const [key, expr] of Object.entries(requestParameters)) {
    const target = parseIntegrationRequestTarget(key);
    const source = parseRequestSource(expr);
    if (!target || !source) continue; // rejected at deploy; never in a compiled snapshot
    const values = valuesOf(source, ctx, lazyVars);
    if (values.length === 0) continue;
    if (target.location === "querystring") for (const v of values) mapped.query.push([target.name, v]);
    else if (target.location === "header") mapped.headers.push([target.name, values.join(",")]);
    else mapped.path[target.name] = values.join(",");
  }
  return mapped;
}
