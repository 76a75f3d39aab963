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
  const out: Array<[string, string]> = [];
  let forwardedFor = "";
  let hasTraceId = false;
  for (const pair of ctx.request.headerPairs) {
    const name = pair[0].toLowerCase();
    if (name === "x-forwarded-for") {
      if (pair[1]) forwardedFor = forwardedFor ? `${forwardedFor}, ${pair[1]}` : pair[1];
    } else if (name !== "x-forwarded-port" && name !== "x-forwarded-proto") {
      if (name === "x-amzn-trace-id") hasTraceId = true;
      out.push(pair);
    }
  }
  const sourceIp = ctx.request.sourceIp;
  out.push(["X-Forwarded-For", forwardedFor && sourceIp ? `${forwardedFor}, ${sourceIp}` : forwardedFor || sourceIp]);
  const socket = ctx.raw.socket as { localPort?: number; encrypted?: boolean } | undefined;
  out.push(["X-Forwarded-Port", String(socket?.localPort ?? 80)]);
  out.push(["X-Forwarded-Proto", socket?.encrypted ? "https" : "http"]);
  if (!hasTraceId) out.push(["X-Amzn-Trace-Id", newTraceId(ctx.receivedAt)]);
  // W3C trace context: the function sees the gateway's span as parent of the client's trace (or a new one).
  return withTraceHeaders(ctx, out);
}
