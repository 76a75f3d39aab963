import type { RequestContext } from "../pipeline/context";
import { ExecutionTrace, formatHeaders, formatMap, methodLogging, SECRET_HEADERS, stageMayLog } from "./trace";

/**
 * Attaching an execution trace to a request, called by the pipeline after each
 * stage until decided: nothing when the stage logs nowhere (one WeakMap lookup),
 * a provisional trace with the stage default once the stage is known, then
 * the method's own level and data trace once the resource matched (OFF drops it).
 */
export function attachTrace(ctx: RequestContext): boolean {
  const stage = ctx.stage;
  if (!stage) return false;
  if (!ctx.trace) {
    if (!stageMayLog(stage)) return true;
    const secrets = ctx.request.headerPairs.filter(([n]) => SECRET_HEADERS.has(n.toLowerCase())).map(([, v]) => v);
    const bearer = secrets.map((s) => /^\S+\s+(\S+)$/.exec(s)?.[1]).filter((s): s is string => Boolean(s));
    const trace = new ExecutionTrace("INFO", false, [...secrets, ...bearer]);
    trace.info("route", `Extended Request Id: ${ctx.extendedRequestId}`);
    trace.info("route", `Starting execution for request: ${ctx.requestId}`, Math.round((Date.now() - ctx.receivedAt) * 100) / 100);
    ctx.trace = trace;
  }
  if (!ctx.route) return false;
  resolveTrace(ctx);
  return true;
}

/** Applies the method's (or the stage default's) level; OFF removes the trace. */
export function resolveTrace(ctx: RequestContext): void {
  const trace = ctx.trace;
  if (!trace || trace.resolved || !ctx.stage) return;
  trace.resolved = true;
  const route = ctx.route;
  const logging = methodLogging(ctx.stage.methodSettings, route?.resource.path, route ? [ctx.request.httpMethod, route.method.httpMethod] : []);
  if (logging.level === "OFF") {
    ctx.trace = undefined;
    return;
  }
  trace.level = logging.level;
  trace.dataTrace = logging.dataTrace;
  if (!route) return;
  trace.info("match resource", `HTTP Method: ${ctx.request.httpMethod}, Resource Path: ${route.resource.path}`);
  trace.info("match resource", `Method request path: ${formatMap(route.pathParameters)}`);
  trace.info("match resource", `Method request query string: ${formatMap(Object.fromEntries(new URLSearchParams(ctx.request.rawQuery)))}`);
  trace.data("match resource", "Method request headers", formatHeaders(ctx.request.headerPairs));
  trace.data("match resource", "Method request body before transformations", ctx.request.body);
}
