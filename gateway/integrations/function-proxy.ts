import { buildProxyEventV1 } from "../../lib/lambda/proxy-event-v1";
import { MalformedProxyResponse, parseProxyResponseV1, type HttpResult } from "../../lib/lambda/proxy-response-v1";
import { Agent } from "undici";
import { functionArn, parseFunctionInvocationUri, type ArnContext } from "../../lib/arn";
import { signRequest } from "../../lib/aws/sigv4";
import type { TDeployedIntegration } from "../../lib/snapshot";
import { GatewayError, lambdaProxyFailure } from "../errors";
import type { FunctionInvoker } from "../functions/invoker";
import { FunctionThrottled } from "../functions/types";
import type { RemoteFunctionRecord, SnapshotStore } from "../snapshot-store";
import { callUpstream } from "./upstream";
import type { RequestContext } from "../pipeline/context";

type FunctionProxyIntegration = Extract<TDeployedIntegration, { type: "AWS_PROXY" }>;

function proxyEvent(ctx: RequestContext, arn: ArnContext) {
  const deployment = ctx.deployment!;
  const route = ctx.route!;
  return buildProxyEventV1(
    { ...ctx.request, protocol: `HTTP/${ctx.raw.httpVersion}` },
    {
      accountId: arn.accountId,
      apiId: ctx.restApiId!,
      stage: ctx.stageName!,
      stagePath: ctx.request.stagePath,
      deploymentId: deployment.deploymentId,
      resourceId: route.resource.id,
      resourcePath: route.resource.path,
      requestId: ctx.requestId,
      extendedRequestId: ctx.extendedRequestId,
      requestTimeEpoch: ctx.receivedAt,
      pathParameters: route.pathParameters,
      stageVariables: deployment.variables,
      binaryMediaTypes: deployment.snapshot.binaryMediaTypes,
    },
  );
}

/** The function's v1 proxy result as the HTTP response; a malformed one (or not JSON) is AWS's 502. */
function proxyResult(ctx: RequestContext, payload: string): HttpResult {
  try {
    const accept = ctx.request.headerPairs.find(([n]) => n.toLowerCase() === "accept")?.[1];
    return parseProxyResponseV1(JSON.parse(payload), { accept, binaryMediaTypes: ctx.deployment!.snapshot.binaryMediaTypes });
  } catch (err) {
    if (err instanceof MalformedProxyResponse || err instanceof SyntaxError) {
      throw lambdaProxyFailure("Execution failed due to configuration error: Malformed Lambda proxy response");
    }
    throw err;
  }
}

/**
 * A remote function: POST the v1 proxy event to its Lambda Invoke API
 * (`{endpoint}/2015-03-31/functions/{arn}/invocations[?Qualifier=q]`), SigV4-signed
 * (service "lambda", the record's region). Timeout → 504 "Endpoint request timed
 * out"; unreachable, non-2xx or X-Amz-Function-Error → 502 "Internal server error"
 * (AWS answers 502 for a Lambda proxy integration whose function fails; we use it
 * for an unreachable endpoint too).
 */
async function invokeRemote(ctx: RequestContext, integration: FunctionProxyIntegration, remote: RemoteFunctionRecord, arn: ArnContext, agent: Agent): Promise<HttpResult> {
  const parsed = parseFunctionInvocationUri(integration.uri);
  const unqualified = `arn:aws:lambda:${parsed?.region}:${parsed?.accountId}:function:${integration.functionName}`;
  const qualifier = integration.qualifier;
  const url = new URL(`${remote.endpoint.replace(/\/+$/, "")}/2015-03-31/functions/${encodeURIComponent(unqualified)}/invocations`);
  if (qualifier) url.searchParams.set("Qualifier", qualifier);
  const body = JSON.stringify(proxyEvent(ctx, arn));
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
    answer = await callUpstream(agent, { url, method: "POST", headers, body: Buffer.from(body), timeoutMs: integration.timeoutMs });
  } catch (err) {
    if (err instanceof GatewayError && err.type === "INTEGRATION_FAILURE") {
      throw lambdaProxyFailure(`Lambda invocation failed: remote ${remote.functionArn} unreachable (${err.logMessage ?? err.message})`);
    }
    throw err;
  }
  const functionError = answer.headers.find(([n]) => n.toLowerCase() === "x-amz-function-error")?.[1];
  if (answer.statusCode < 200 || answer.statusCode > 299) {
    throw lambdaProxyFailure(`Lambda invocation failed with status: ${answer.statusCode} (remote ${remote.functionArn}): ${answer.body.toString("utf8").slice(0, 500)}`);
  }
  if (functionError !== undefined) {
    throw lambdaProxyFailure(`Lambda execution failed (${functionError}) in remote ${remote.functionArn}: ${answer.body.toString("utf8").slice(0, 500)}`);
  }
  return proxyResult(ctx, answer.body.toString("utf8"));
}

/** AWS_PROXY: the request becomes a proxy event; the function's result becomes the response. */
export function functionProxyIntegration(store: SnapshotStore, invoker: FunctionInvoker, arn: ArnContext, agent?: Agent) {
  let ownAgent: Agent | undefined;
  return async (ctx: RequestContext, integration: FunctionProxyIntegration): Promise<HttpResult> => {
    if (integration.remoteFunctionArn) {
      const remote = store.getRemoteFunction(integration.remoteFunctionArn);
      if (!remote) {
        throw new GatewayError("API_CONFIGURATION_ERROR", { logMessage: `remote function ${integration.remoteFunctionArn} does not exist (or its credentials cannot be read)` });
      }
      const dispatcher = agent ?? (ownAgent ??= new Agent({ keepAliveTimeout: 30_000, connections: 64 }));
      return invokeRemote(ctx, integration, remote, arn, dispatcher);
    }
    const fn = store.getFunction(integration.functionName, integration.qualifier);
    if (!fn) {
      const what = integration.qualifier ? `${integration.functionName}:${integration.qualifier}` : integration.functionName;
      throw new GatewayError("API_CONFIGURATION_ERROR", { logMessage: `function ${what} does not exist` });
    }
    const event = proxyEvent(ctx, arn);
    let result;
    try {
      result = await invoker.invoke(fn, event, {
        timeoutMs: integration.timeoutMs,
        functionArn: functionArn(arn, fn.name) + (fn.qualifier === "$LATEST" ? "" : `:${fn.qualifier}`),
        requestId: ctx.requestId,
      });
    } catch (err) {
      if (err instanceof FunctionThrottled) throw new GatewayError("THROTTLED", { logMessage: err.message });
      throw err;
    }
    if (!result.ok) {
      if (result.timedOut && integration.timeoutMs <= fn.timeoutSeconds * 1000) throw new GatewayError("INTEGRATION_TIMEOUT");
      throw lambdaProxyFailure(`Lambda execution failed: ${result.errorMessage}`);
    }
    return proxyResult(ctx, result.payload);
  };
}
