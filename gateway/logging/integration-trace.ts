import { GatewayError } from "../errors";
import type { AuthorizationOutcome } from "../auth/authorizer";
import type { FunctionCaller, FunctionOutcome, FunctionTarget } from "../integrations/function-call";
import type { UpstreamAnswer, UpstreamCall } from "../integrations/upstream";
import type { RequestContext } from "../pipeline/context";

/**
 * What the integrations and the authorizer report: `$context.integration.*`
 * and `$context.authorizer.{latency,status,error}` for the access log, and
 * AWS-like execution log lines (the endpoint request and response with data
 * tracing) when the request has a trace.
 */

const STEP = "integration";
const round = (ms: number) => Math.round(ms * 100) / 100;
const reason = (err: unknown) => (err instanceof GatewayError ? (err.logMessage ?? err.message) : ((err as Error)?.message ?? String(err)));

/** Calls an HTTP backend through `send`, timing it. `bodyTraced`: the request template already logged the body. */
export async function tracedUpstream(
  ctx: RequestContext,
  call: UpstreamCall,
  send: (call: UpstreamCall) => Promise<UpstreamAnswer>,
  bodyTraced = false,
): Promise<UpstreamAnswer> {
  const trace = ctx.trace;
  if (trace) {
    trace.info(STEP, `Endpoint request URI: ${call.url.href}`);
    trace.data(STEP, "Endpoint request headers", call.headers);
    if (!bodyTraced) trace.data(STEP, "Endpoint request body after transformations", call.body);
    trace.info(STEP, `Sending request to ${call.url.href}`);
  }
  const started = performance.now();
  try {
    const answer = await send(call);
    const latency = round(performance.now() - started);
    ctx.integration = { latencyMs: latency, status: answer.statusCode };
    if (trace) {
      trace.info(STEP, `Received response. Status: ${answer.statusCode}, Integration latency: ${Math.round(latency)} ms`, latency);
      trace.data(STEP, "Endpoint response headers", answer.headers);
      trace.data(STEP, "Endpoint response body before transformations", answer.body);
    }
    return answer;
  } catch (err) {
    const latency = round(performance.now() - started);
    ctx.integration = { latencyMs: latency, error: reason(err) };
    trace?.error(STEP, `Execution failed: ${reason(err)}`, latency);
    throw err;
  }
}

/** Calls a function (local or remote) through `call`, timing it. */
export async function tracedFunctionCall(ctx: RequestContext, call: FunctionCaller, target: FunctionTarget, event: unknown): Promise<FunctionOutcome> {
  const trace = ctx.trace;
  const what = target.remoteFunctionArn ?? `${target.functionName}${target.qualifier ? `:${target.qualifier}` : ""}`;
  if (trace) {
    trace.info(STEP, `Endpoint request URI: ${target.uri}`);
    trace.data(STEP, "Endpoint request body after transformations", event as Record<string, unknown>);
    trace.info(STEP, `Sending request to function ${what}`);
  }
  const started = performance.now();
  try {
    const outcome = await call(ctx, target, event);
    const latency = round(performance.now() - started);
    ctx.integration = { latencyMs: latency, status: 200, ...(outcome.ok ? {} : { error: outcome.errorMessage }) };
    if (trace) {
      trace.info(STEP, `Received response. Status: 200, Integration latency: ${Math.round(latency)} ms`, latency);
      if (!outcome.ok) trace.error(STEP, `Function error in ${outcome.where}: ${outcome.errorMessage}`);
      trace.data(STEP, "Endpoint response body before transformations", outcome.payload);
    }
    return outcome;
  } catch (err) {
    const latency = round(performance.now() - started);
    ctx.integration = { latencyMs: latency, error: reason(err) };
    trace?.error(STEP, `Execution failed: ${reason(err)}`, latency);
    throw err;
  }
}

/** MOCK: the status the request template asked for stands in for the integration's. */
export function tracedMock(ctx: RequestContext, requested: string): void {
  ctx.integration = { latencyMs: 0, status: Number(requested) };
  ctx.trace?.info(STEP, `Received response. Status: ${requested} (MOCK integration), Integration latency: 0 ms`, 0);
}

/** The authorizer's outcome: latency and status for the access log, its lines (already without secrets) for the trace. */
export function tracedAuthorizer(ctx: RequestContext, outcome: AuthorizationOutcome): void {
  ctx.authorizerRun = { latencyMs: outcome.latencyMs, status: outcome.status, ...(outcome.error ? { error: outcome.error.message } : {}) };
  const trace = ctx.trace;
  if (!trace) return;
  for (const line of outcome.log) trace.info("authorize", line);
  const result = `Authorizer ${outcome.cached ? "result from cache" : "ran"}: status ${outcome.status}${outcome.principalId ? `, principalId ${outcome.principalId}` : ""}`;
  if (outcome.error) trace.error("authorize", `${result}: ${outcome.error.logMessage ?? outcome.error.message}`, outcome.latencyMs);
  else trace.info("authorize", result, outcome.latencyMs);
}
