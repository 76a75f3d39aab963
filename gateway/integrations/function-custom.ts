import type { HttpResult } from "../../lib/lambda/proxy-response-v1";
import type { TDeployedIntegration } from "../../lib/snapshot";
import { GatewayError } from "../errors";
import { methodResponse, selectIntegrationResponse } from "../mapping/integration-response";
import { mapRequestBody } from "../mapping/request-template";
import type { RequestContext } from "../pipeline/context";
import type { FunctionCaller } from "./function-call";
import { tracedFunctionCall } from "../logging/integration-trace";

type CustomFunctionIntegration = Extract<TDeployedIntegration, { type: "AWS" }>;

/**
 * AWS (custom function integration): the request template's output (or the
 * body passed through) is the event, which must be JSON. A result takes the
 * default integration response; a function error's `errorMessage` is matched
 * against the selection patterns (unmatched: the default response), and the
 * error object `{errorMessage, errorType, stackTrace}` is the body the response
 * template sees.
 */
export function functionCustomIntegration(call: FunctionCaller) {
  return async (ctx: RequestContext, integration: CustomFunctionIntegration): Promise<HttpResult> => {
    const mapped = mapRequestBody(ctx, integration);
    const text = mapped.body?.toString("utf8").trim() ?? "";
    let event: unknown = {};
    if (text !== "") {
      try {
        event = JSON.parse(text);
      } catch (err) {
        throw new GatewayError("API_CONFIGURATION_ERROR", {
          logMessage: `Execution failed: Lambda invocation failed with status: 400: Could not parse request body into json: ${(err as Error).message}`,
        });
      }
    }
    const outcome = await tracedFunctionCall(ctx, call, integration, event);
    const chosen = outcome.ok ? integration.responses.find((r) => !r.selectionPattern) : selectIntegrationResponse(integration.responses, outcome.errorMessage);
    if (!outcome.ok) ctx.errorLog = `Lambda function error in ${outcome.where}: ${outcome.errorMessage}`;
    return methodResponse(ctx, ctx.route!.method, chosen, { headers: [["Content-Type", "application/json"]], body: Buffer.from(outcome.payload) });
  };
}
