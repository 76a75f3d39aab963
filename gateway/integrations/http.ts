import type { Agent } from "undici";
import type { TDeployedIntegration } from "../../lib/snapshot";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import { methodResponse, selectIntegrationResponse } from "../mapping/integration-response";
import { mapRequestParameters } from "../mapping/request-parameters";
import { mapRequestBody } from "../mapping/request-template";
import type { RequestContext } from "../pipeline/context";
import { appendQuery } from "./http-proxy";
import { tracedUpstream } from "../logging/integration-trace";
import { withTraceHeaders } from "../metrics/traceparent";
import { callUpstream, endpointUrl, expandUri, hasHeader, NO_BODY_METHODS, setHeader } from "./upstream";

type HttpIntegration = Extract<TDeployedIntegration, { type: "HTTP" }>;

/**
 * HTTP (non-proxy): only what `requestParameters` map reaches the backend
 * (headers, query, path), plus AWS's defaults (`Accept: application/json`,
 * `User-Agent: AmazonAPIGateway_{apiId}`, the client's Content-Type on methods
 * with a body). The body is the request template's output (chosen by
 * Content-Type, with the passthrough behaviour; 415 when refused), and the
 * template's `$context.requestOverride` sets headers, query and path values.
 * The backend's status selects the integration response (selectionPattern,
 * else the default one), whose template renders the answer over the backend's
 * body; the backend's headers reach the client only where mapped.
 */
export function httpIntegration(agent: Agent) {
  return async (ctx: RequestContext, integration: HttpIntegration): Promise<HttpResult> => {
    const route = ctx.route!;
    const body = mapRequestBody(ctx, integration);
    const override = body.overrides?.request;
    const mapped = mapRequestParameters(integration.requestParameters, ctx);
    const params = { ...route.pathParameters, ...mapped.path, ...override?.path };
    const url = endpointUrl(expandUri(integration.uri, params, ctx.deployment!.variables));
    const query = mapped.query.filter(([name]) => !override || !Object.hasOwn(override.querystring, name));
    appendQuery(url, "", [...query, ...Object.entries(override?.querystring ?? {})]);

    const headers: Array<[string, string]> = [];
    for (const [name, value] of mapped.headers) setHeader(headers, name, value);
    for (const [name, value] of Object.entries(override?.header ?? {})) setHeader(headers, name, value);
    if (!hasHeader(headers, "accept")) headers.push(["Accept", "application/json"]);
    if (!hasHeader(headers, "user-agent")) headers.push(["User-Agent", `AmazonAPIGateway_${ctx.restApiId}`]);
    const contentType = body.contentType ?? ctx.request.headerPairs.find(([n]) => n.toLowerCase() === "content-type")?.[1];
    const method = integration.httpMethod === "ANY" ? ctx.request.httpMethod : integration.httpMethod;
    if (contentType && !NO_BODY_METHODS.has(method) && !hasHeader(headers, "content-type")) {
      headers.push(["Content-Type", contentType]);
    }
    setHeader(headers, "X-Amzn-Apigateway-Api-Id", ctx.restApiId!);

    // W3C trace context (unless a mapping set traceparent itself).
    const traced = hasHeader(headers, "traceparent") ? headers : withTraceHeaders(ctx, headers);
    const answer = await tracedUpstream(ctx, { url, method, headers: traced, body: body.body, timeoutMs: integration.timeoutMs }, (c) => callUpstream(agent, c), true);
    const chosen = selectIntegrationResponse(integration.responses, String(answer.statusCode));
    return methodResponse(ctx, route.method, chosen, answer);
  };
}
