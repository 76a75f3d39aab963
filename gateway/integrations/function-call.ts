import { Agent } from "undici";
import { functionArn, parseFunctionInvocationUri, type ArnContext } from "../../lib/arn";
import { signRequest } from "../../lib/aws/sigv4";
import { GatewayError, lambdaProxyFailure } from "../errors";
import type { FunctionInvoker } from "../functions/invoker";
import { FunctionThrottled } from "../functions/types";
import type { RemoteFunctionRecord, SnapshotStore } from "../snapshot-store";
import type { RequestContext } from "../pipeline/context";
import { callUpstream } from "./upstream";

/** Which function an integration calls (AWS_PROXY and AWS share it). */
export interface FunctionTarget {
  uri: string;
  functionName: string;
  qualifier?: string;
  remoteFunctionArn?: string;
  timeoutMs: number;
}

/** The function ran: its result, or the error it raised (payload `{errorMessage, errorType, …}`). */
export type FunctionOutcome = { ok: true; payload: string } | { ok: false; payload: string; errorMessage: string; where: string };

export type FunctionCaller = (ctx: RequestContext, target: FunctionTarget, event: unknown) => Promise<FunctionOutcome>;

/**
 * A remote function: POST the event to its Lambda Invoke API
 * (`{endpoint}/2015-03-31/functions/{arn}/invocations[?Qualifier=q]`), SigV4-signed
 * (service "lambda", the record's region). Timeout → 504; unreachable or non-2xx
 * → 502 "Internal server error" (AWS answers 502 for a Lambda integration whose
 * invocation fails; we use it for an unreachable endpoint too). X-Amz-Function-Error
 * is the function's own error, for the caller to handle.
 */
async function invokeRemote(target: FunctionTarget, remote: RemoteFunctionRecord, event: unknown, agent: Agent): Promise<FunctionOutcome> {
  const parsed = parseFunctionInvocationUri(target.uri);
  const unqualified = `arn:aws:lambda:${parsed?.region}:${parsed?.accountId}:function:${target.functionName}`;
  const url = new URL(`${remote.endpoint.replace(/\/+$/, "")}/2015-03-31/functions/${encodeURIComponent(unqualified)}/invocations`);
  if (target.qualifier) url.searchParams.set("Qualifier", target.qualifier);
  const body = JSON.stringify(event);
  const signed = signRequest(
    {
      method: "POST",
      url,
      headers: [
        ["Content-Type", "application/json"],
        ["X-Amz-Invocation-Type", "RequestResponse"],
      ],
      body,
    },
    { accessKeyId: remote.accessKeyId, secretAccessKey: remote.secretAccessKey, sessionToken: remote.sessionToken },
    { region: remote.region, service: "lambda", contentSha256Header: true },
  );
  // undici sends Host from the URL (the value that was signed).
  const headers = signed.headers.filter(([n]) => n.toLowerCase() !== "host");
  let answer;
  try {
    answer = await callUpstream(agent, { url, method: "POST", headers, body: Buffer.from(body), timeoutMs: target.timeoutMs });
  } catch (err) {
    if (err instanceof GatewayError && err.type === "INTEGRATION_FAILURE") {
      throw lambdaProxyFailure(`Lambda invocation failed: remote ${remote.functionArn} unreachable (${err.logMessage ?? err.message})`);
    }
    throw err;
  }
  const payload = answer.body.toString("utf8");
  if (answer.statusCode < 200 || answer.statusCode > 299) {
    throw lambdaProxyFailure(`Lambda invocation failed with status: ${answer.statusCode} (remote ${remote.functionArn}): ${payload.slice(0, 500)}`);
  }
  const functionError = answer.headers.find(([n]) => n.toLowerCase() === "x-amz-function-error")?.[1];
  if (functionError !== undefined) {
    let errorMessage = functionError;
    try {
      const parsedError = JSON.parse(payload) as { errorMessage?: unknown };
      if (typeof parsedError.errorMessage === "string") errorMessage = parsedError.errorMessage;
    } catch {
      // keep the header's value
    }
    return { ok: false, payload, errorMessage, where: `remote ${remote.functionArn} (${functionError})` };
  }
  return { ok: true, payload };
}

/**
 * Calls a function with an event: a remote one through its Invoke API, a local
 * one on the gateway's runtime. Failures of the call itself (missing function,
 * throttled, integration timeout, unreachable) are GatewayErrors; the
 * function's own error is an outcome.
 */
export function functionCaller(store: SnapshotStore, invoker: FunctionInvoker, arn: ArnContext, agent?: Agent): FunctionCaller {
  let ownAgent: Agent | undefined;
  return async (ctx, target, event) => {
    if (target.remoteFunctionArn) {
      const remote = store.getRemoteFunction(target.remoteFunctionArn);
      if (!remote) {
        throw new GatewayError("API_CONFIGURATION_ERROR", { logMessage: `remote function ${target.remoteFunctionArn} does not exist (or its credentials cannot be read)` });
      }
      const dispatcher = agent ?? (ownAgent ??= new Agent({ keepAliveTimeout: 30_000, connections: 64 }));
      return invokeRemote(target, remote, event, dispatcher);
    }
    const fn = store.getFunction(target.functionName, target.qualifier);
    if (!fn) {
      const what = target.qualifier ? `${target.functionName}:${target.qualifier}` : target.functionName;
      throw new GatewayError("API_CONFIGURATION_ERROR", { logMessage: `function ${what} does not exist` });
    }
    let result;
    try {
      result = await invoker.invoke(fn, event, {
        timeoutMs: target.timeoutMs,
        functionArn: functionArn(arn, fn.name) + (fn.qualifier === "$LATEST" ? "" : `:${fn.qualifier}`),
        requestId: ctx.requestId,
      });
    } catch (err) {
      if (err instanceof FunctionThrottled) throw new GatewayError("THROTTLED", { logMessage: err.message });
      throw err;
    }
    if (result.ok) return { ok: true, payload: result.payload };
    // The integration's own timeout (shorter than the function's) is the gateway's 504, not the function's error.
    if (result.timedOut && target.timeoutMs <= fn.timeoutSeconds * 1000) throw new GatewayError("INTEGRATION_TIMEOUT");
    return { ok: false, payload: result.payload, errorMessage: result.errorMessage ?? "", where: `${fn.name}:${fn.qualifier}` };
  };
}
