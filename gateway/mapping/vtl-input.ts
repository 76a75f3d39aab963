import { parseQuery } from "../../lib/lambda/proxy-event-v1";
import type { VtlInput } from "../../lib/vtl/types";
import type { RequestContext } from "../pipeline/context";
import { contextVariables } from "./context-variables";

/** `$input.params()`: the method request's path, query string and header values (the last of repeated names). */
export function requestParams(ctx: RequestContext): VtlInput["params"] {
  const querystring: Record<string, string> = {};
  for (const [name, value] of parseQuery(ctx.request.rawQuery)) querystring[name] = value;
  const header: Record<string, string> = {};
  for (const [name, value] of ctx.request.headerPairs) header[name] = value;
  return { path: { ...(ctx.route?.pathParameters ?? {}) }, querystring, header };
}

/** What a mapping template sees for this request, with `body` as `$input.body`. */
export function vtlInput(ctx: RequestContext, body: string): VtlInput {
  return {
    body,
    params: requestParams(ctx),
    context: contextVariables(ctx),
    stageVariables: { ...(ctx.deployment?.variables ?? {}) },
  };
}
