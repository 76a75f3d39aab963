import type { Agent } from "undici";
import type { TDeployedIntegration } from "../../lib/snapshot";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import { GatewayError } from "../errors";
import { methodResponse, selectIntegrationResponse } from "../mapping/integration-response";
import { mapRequestParameters } from "../mapping/request-parameters";
import type { RequestContext } from "../pipeline/context";
import { appendQuery } from "./http-proxy";
import { callUpstream, endpointUrl, expandUri, hasHeader, NO_BODY_METHODS, setHeader } from "./upstream";

type HttpIntegration = Extract<TDeployedIntegration, { type: "HTTP" }>;

/**
 * HTTP (non-proxy): only what `requestParameters` map reaches the backend
 * (headers, query, path), plus AWS's defaults (`Accept: application/json`,
 * `User-Agent: AmazonAPIGateway_{apiId}`, the client's Content-Type on methods
 * with a body); the body passes through (no mapping templates yet). The
 * backend's status selects the integration response (selectionPattern, else
 * the default one), whose status and `responseParameters` headers form the
 * answer; the backend's body passes through, its headers only where mapped.
 */
export function httpIntegration(agent: Agent) {
  return async (ctx: RequestContext, integration: HttpIntegration): Promise<HttpResult> => {
    // No request templates can be deployed yet, so NEVER never finds one.
    if (integration.passthroughBehavior === "NEVER") throw new GatewayError("UNSUPPORTED_MEDIA_TYPE");
    const route = ctx.route!;
    const mapped = mapRequestParameters(integration.requestParameters, ctx);
    const params = { ...route.pathParameters, ...mapped.path };
    const url = endpointUrl(expandUri(integration.uri, params, ctx.deployment!.variables));
    appendQuery(url, "", mapped.query);

    const headers: Array<[string, string]> = [];
    for (const [name, value] of mapped.headers) setHeader(headers, name, value);
    if (!hasHeader(headers, "accept")) headers.push(["Accept", "application/json"]);
    if (!hasHeader(headers, "user-agent")) headers.push(["User-Agent", `AmazonAPIGateway_${ctx.restApiId}`]);
    const contentType = ctx.request.headerPairs.find(([n]) => n.toLowerCase() === "content-type")?.[1];
    if (contentType && !NO_BODY_METHODS.has(ctx.request.httpMethod) && !hasHeader(headers, "content-type")) {
      headers.push(["Content-Type", contentType]);
    }
    setHeader(headers, "X-Amzn-Apigateway-Api-Id", ctx.restApiId!);

    const method = integration.httpMethod === "ANY" ? ctx.request.httpMethod : integration.httpMethod;
    const answer = await callUpstream(agent, { url, method, headers, body: ctx.request.body, timeoutMs: integration.timeoutMs });
    const chosen = selectIntegrationResponse(integration.responses, String(answer.statusCode));
    return methodResponse(ctx, route.method, chosen, answer, answer.body);
  };
}
