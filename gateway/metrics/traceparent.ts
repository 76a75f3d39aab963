import { randomHex } from "../random";
import type { RequestContext } from "../pipeline/context";

/** W3C Trace Context version 00: `00-{32 hex trace id}-{16 hex parent id}-{2 hex flags}`. */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

export interface TraceParent {
  traceId: string;
  /** This gateway's span, the parent id integrations see. */
  spanId: string;
  flags: string;
  /** The client's `tracestate`, forwarded unchanged when its traceparent was valid. */
  tracestate?: string;
}

/** Parses a `traceparent` header; undefined when invalid (then a new trace starts). */
export function parseTraceparent(value: string | undefined): { traceId: string; parentId: string; flags: string } | undefined {
  const m = value ? TRACEPARENT.exec(value.trim()) : null;
  if (!m) return undefined;
  const [, version, traceId, parentId, flags, rest] = m;
  if (version === "ff" || /^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  // Version 00 has exactly four fields; later versions may append more.
  if (version === "00" && rest) return undefined;
  return { traceId, parentId, flags };
}

export const formatTraceparent = (t: TraceParent) => `00-${t.traceId}-${t.spanId}-${t.flags}`;

const traces = new WeakMap<RequestContext, TraceParent>();

/**
 * The request's trace: the client's trace id when it sent a valid `traceparent`
 * (with a new span id for the gateway's hop), else a new sampled trace. The same
 * for every integration call of one request.
 */
export function traceFor(ctx: RequestContext): TraceParent {
  let trace = traces.get(ctx);
  if (!trace) {
    let incoming: string | undefined;
    let state: string | undefined;
    for (const [name, value] of ctx.request.headerPairs) {
      const lower = name.toLowerCase();
      if (lower === "traceparent") incoming = value;
      else if (lower === "tracestate") state = state === undefined ? value : `${state},${value}`;
    }
    const parsed = parseTraceparent(incoming);
    const spanId = randomHex(8);
    trace = parsed
      ? { traceId: parsed.traceId, spanId, flags: parsed.flags, tracestate: state }
      : { traceId: randomHex(16), spanId, flags: "01" };
    traces.set(ctx, trace);
  }
  return trace;
}

/** Sets `traceparent` (and the client's `tracestate`) on an integration request's headers, replacing any sent. */
export function withTraceHeaders(ctx: RequestContext, headers: Array<[string, string]>): Array<[string, string]> {
  const trace = traceFor(ctx);
  const out = headers.filter(([n]) => {
    const lower = n.toLowerCase();
    return lower !== "traceparent" && lower !== "tracestate";
  });
  out.push(["traceparent", formatTraceparent(trace)]);
  if (trace.tracestate) out.push(["tracestate", trace.tracestate]);
  return out;
}
