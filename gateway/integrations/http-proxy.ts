import type { Agent } from "undici";
import { withTraceHeaders } from "../metrics/traceparent";
import type { TDeployedIntegration } from "../../lib/snapshot";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import { mapRequestParameters } from "../mapping/request-parameters";
import type { RequestContext } from "../pipeline/context";
import { tracedUpstream } from "../logging/integration-trace";
import { callUpstream, endpointUrl, expandUri, forwardableRequestHeaders, hasHeader, proxyResponseHeaders, setHeader } from "./upstream";

type HttpProxyIntegration = Extract<TDeployedIntegration, { type: "HTTP_PROXY" }>;

export { expandUri };

/** `a=1&b=2` plus mapped pairs, appended as AWS merges them (LocalStack, AWS-validated). */
export function appendQuery(url: URL, rawQuery: string, extra: Array<[string, string]>): void {
  const parts = [url.search.slice(1), rawQuery, ...extra.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)];
  const query = parts.filter(Boolean).join("&");
  url.search = query ? `?${query}` : "";
}

/**
 * HTTP_PROXY: forwards method, path, query, headers and body to the backend and
 * returns its answer. Hop-by-hop headers (and those the Connection header names)
 * are dropped, X-Forwarded-For gets the client appended, and the integration's
 * `requestParameters` still apply: mapped headers replace, mapped query values
 * append, mapped path parameters fill the URI (a `{name}` with no mapping takes
 * the same-named path parameter, as the AWS console's default mapping does).
 */
export function httpProxyIntegration(agent: Agent) {
  return async (ctx: RequestContext, integration: HttpProxyIntegration): Promise<HttpResult> => {
    const mapped = mapRequestParameters(integration.requestParameters, ctx);
    const params = { ...ctx.route!.pathParameters, ...mapped.path };
    const url = endpointUrl(expandUri(integration.uri, params, ctx.deployment!.variables));
    appendQuery(url, ctx.request.rawQuery, mapped.query);

    // The client's X-Forwarded-For is replaced by one that appends the source IP, not sent twice.
    const isForwardedFor = ([n]: [string, string]) => n.toLowerCase() === "x-forwarded-for";
    const headers = forwardableRequestHeaders(ctx.request.headerPairs).filter((h) => !isForwardedFor(h));
    for (const [name, value] of mapped.headers) setHeader(headers, name, value);
    const forwardedFor = ctx.request.headerPairs.filter(isForwardedFor).map(([, v]) => v).join(", ");
    headers.push(["X-Forwarded-For", forwardedFor ? `${forwardedFor}, ${ctx.request.sourceIp}` : ctx.request.sourceIp]);
    if (!hasHeader(headers, "accept")) headers.push(["Accept", "application/json"]);
    setHeader(headers, "X-Amzn-Apigateway-Api-Id", ctx.restApiId!);

    const method = integration.httpMethod === "ANY" ? ctx.request.httpMethod : integration.httpMethod;
    // W3C trace context: the client's trace continues with the gateway's span as parent (or a new trace starts).
    const answer = await tracedUpstream(ctx, { url, method, headers: withTraceHeaders(ctx, headers), body: ctx.request.body, timeoutMs: integration.timeoutMs }, (c) => callUpstream(agent, c));
    return { statusCode: answer.statusCode, headers: proxyResponseHeaders(answer.headers), body: answer.body };
  };
}
