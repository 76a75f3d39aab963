import { randomHex } from "../random";
import type { RequestContext } from "../pipeline/context";
import { withTraceHeaders } from "../metrics/traceparent";

/** An X-Ray style trace id, as AWS adds to proxied requests: `Root=1-{epoch seconds hex}-{96 random bits hex}`. */
export function newTraceId(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16).padStart(8, "0")}-${randomHex(12)}`;
}

/**
 * The request's headers as AWS hands them to a Lambda proxy integration:
 * X-Forwarded-For gets the source IP appended (or is set to it), X-Forwarded-Port
 * and X-Forwarded-Proto name the gateway's listener, X-Amzn-Trace-Id is
 * added unless the client sent one, and `traceparent` (W3C) names the gateway's span.
 */
export function withForwardedHeaders(ctx: RequestContext): Array<[string, string]> {
  const pairs = ctx.request.headerPairs;
  const is = (name: string) => ([n]: [string, string]) => n.toLowerCase() === name;
  const forwardedFor = pairs.filter(is("x-forwarded-for")).map(([, v]) => v);
  const out = pairs.filter(([n]) => !["x-forwarded-for", "x-forwarded-port", "x-forwarded-proto"].includes(n.toLowerCase()));
  out.push(["X-Forwarded-For", [...forwardedFor, ctx.request.sourceIp].filter(Boolean).join(", ")]);
  const socket = ctx.raw.socket as { localPort?: number; encrypted?: boolean } | undefined;
  out.push(["X-Forwarded-Port", String(socket?.localPort ?? 80)]);
  out.push(["X-Forwarded-Proto", socket?.encrypted ? "https" : "http"]);
  if (!pairs.some(is("x-amzn-trace-id"))) out.push(["X-Amzn-Trace-Id", newTraceId(ctx.receivedAt)]);
  // W3C trace context: the function sees the gateway's span as parent of the client's trace (or a new one).
  return withTraceHeaders(ctx, out);
}
