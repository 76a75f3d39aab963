import { buildProxyEventV1 } from "../../lib/lambda/proxy-event-v1";
import { MalformedProxyResponse, parseProxyResponseV1, type HttpResult } from "../../lib/lambda/proxy-response-v1";
import type { ArnContext } from "../../lib/arn";
import type { TDeployedIntegration } from "../../lib/snapshot";
import { lambdaProxyFailure } from "../errors";
import type { RequestContext } from "../pipeline/context";
import { authorizerVariables } from "../mapping/context-variables";
import { withForwardedHeaders } from "../mapping/forwarded-headers";
import type { FunctionCaller } from "./function-call";
import { tracedFunctionCall } from "../logging/integration-trace";

type FunctionProxyIntegration = Extract<TDeployedIntegration, { type: "AWS_PROXY" }>;

/** The v1 proxy event for this request, as AWS builds it for AWS_PROXY integrations (and REQUEST authorizers). */
export function proxyEvent(ctx: RequestContext, arn: ArnContext) {
  const deployment = ctx.deployment!;
  const route = ctx.route!;
  return buildProxyEventV1(
    { ...ctx.request, headerPairs: withForwardedHeaders(ctx), protocol: `HTTP/${ctx.raw.httpVersion}` },
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
      authorizer: ctx.authorizer ? authorizerVariables(ctx.authorizer) : undefined,
      identity: ctx.identity,
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

/** AWS_PROXY: the request becomes a proxy event; the function's result becomes the response (its error: 502). */
export function functionProxyIntegration(call: FunctionCaller, arn: ArnContext) {
  return async (ctx: RequestContext, integration: FunctionProxyIntegration): Promise<HttpResult> => {
    const outcome = await tracedFunctionCall(ctx, call, integration, proxyEvent(ctx, arn));
    if (!outcome.ok) {
      throw lambdaProxyFailure(
        integration.remoteFunctionArn
          ? `Lambda execution failed in ${outcome.where}: ${outcome.payload.slice(0, 500)}`
          : `Lambda execution failed: ${outcome.errorMessage}`,
      );
    }
    return proxyResult(ctx, outcome.payload);
  };
}
