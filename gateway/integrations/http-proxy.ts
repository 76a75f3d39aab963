import { Agent, errors as undiciErrors, request } from "undici";
import type { TDeployedIntegration } from "../../lib/snapshot";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import { GatewayError } from "../errors";
import type { RequestContext } from "../pipeline/context";

type HttpProxyIntegration = Extract<TDeployedIntegration, { type: "HTTP_PROXY" }>;

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length"]);

/** `{name}` from path parameters and `${stageVariables.name}` from the stage. */
export function expandUri(uri: string, params: Record<string, string>, variables: Record<string, string>): string {
  return uri
    .replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_, name: string) => variables[name] ?? "")
    .replace(/\{([^{}+]+)\+?\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return value.split("/").map(encodeURIComponent).join("/");
    });
}

/**
 * HTTP_PROXY: forwards the request to the upstream as it came and returns the
 * upstream's answer. Connections are pooled per origin by undici's Agent.
 */
export function httpProxyIntegration(agent: Agent) {
  return async (ctx: RequestContext, integration: HttpProxyIntegration): Promise<HttpResult> => {
    const route = ctx.route!;
    const target = new URL(expandUri(integration.uri, route.pathParameters, ctx.stage!.variables));
    if (ctx.request.rawQuery) target.search = target.search ? `${target.search}&${ctx.request.rawQuery}` : `?${ctx.request.rawQuery}`;
    // The client's X-Forwarded-For is replaced by one that appends the source IP, not sent twice.
    const isForwardedFor = ([n]: [string, string]) => n.toLowerCase() === "x-forwarded-for";
    const headers: Array<[string, string]> = ctx.request.headerPairs.filter((h) => !HOP_BY_HOP.has(h[0].toLowerCase()) && !isForwardedFor(h));
    const forwardedFor = ctx.request.headerPairs.filter(isForwardedFor).map(([, v]) => v).join(", ");
    headers.push(["X-Forwarded-For", forwardedFor ? `${forwardedFor}, ${ctx.request.sourceIp}` : ctx.request.sourceIp]);
    const method = integration.httpMethod === "ANY" ? ctx.request.httpMethod : integration.httpMethod;
    try {
      const upstream = await request(target, {
        dispatcher: agent,
        method: method as "GET",
        headers: headers.flat(),
        body: ctx.request.body && method !== "GET" && method !== "HEAD" ? ctx.request.body : undefined,
        headersTimeout: integration.timeoutMs,
        bodyTimeout: integration.timeoutMs,
        signal: AbortSignal.timeout(integration.timeoutMs),
      });
      const body = Buffer.from(await upstream.body.arrayBuffer());
      const responseHeaders: Array<[string, string]> = [];
      for (const [name, value] of Object.entries(upstream.headers)) {
        if (HOP_BY_HOP.has(name) || value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) responseHeaders.push([name, v]);
      }
      return { statusCode: upstream.statusCode, headers: responseHeaders, body };
    } catch (err) {
      const e = err as Error & { code?: string };
      const timedOut =
        e instanceof undiciErrors.HeadersTimeoutError ||
        e instanceof undiciErrors.BodyTimeoutError ||
        e.name === "TimeoutError" ||
        e.code === "UND_ERR_CONNECT_TIMEOUT";
      if (timedOut) throw new GatewayError("INTEGRATION_TIMEOUT", { logMessage: `upstream ${target.origin} timed out` });
      throw new GatewayError("INTEGRATION_FAILURE", { logMessage: `upstream ${target.origin} failed: ${e.code ?? e.message}` });
    }
  };
}
