import { buildProxyEventV1 } from "../../lib/lambda/proxy-event-v1";
import { MalformedProxyResponse, parseProxyResponseV1, type HttpResult } from "../../lib/lambda/proxy-response-v1";
import { functionArn, type ArnContext } from "../../lib/arn";
import type { TDeployedIntegration } from "../../lib/snapshot";
import { GatewayError, lambdaProxyFailure } from "../errors";
import type { FunctionInvoker } from "../functions/invoker";
import { FunctionThrottled } from "../functions/types";
import type { SnapshotStore } from "../snapshot-store";
import type { RequestContext } from "../pipeline/context";

type FunctionProxyIntegration = Extract<TDeployedIntegration, { type: "AWS_PROXY" }>;

/** AWS_PROXY: the request becomes a proxy event; the function's result becomes the response. */
export function functionProxyIntegration(store: SnapshotStore, invoker: FunctionInvoker, arn: ArnContext) {
  return async (ctx: RequestContext, integration: FunctionProxyIntegration): Promise<HttpResult> => {
    const fn = store.getFunction(integration.functionName, integration.qualifier);
    if (!fn) {
      const what = integration.qualifier ? `${integration.functionName}:${integration.qualifier}` : integration.functionName;
      throw new GatewayError("API_CONFIGURATION_ERROR", { logMessage: `function ${what} does not exist` });
    }
    const deployment = ctx.deployment!;
    const route = ctx.route!;
    const event = buildProxyEventV1(
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
    try {
      const accept = ctx.request.headerPairs.find(([n]) => n.toLowerCase() === "accept")?.[1];
      return parseProxyResponseV1(JSON.parse(result.payload), { accept, binaryMediaTypes: deployment.snapshot.binaryMediaTypes });
    } catch (err) {
      if (err instanceof MalformedProxyResponse) {
        throw lambdaProxyFailure("Execution failed due to configuration error: Malformed Lambda proxy response");
      }
      throw err;
    }
  };
}
