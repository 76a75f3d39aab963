import type { TDeployedIntegration } from "../../lib/snapshot";
import { GatewayError } from "../errors";
import type { PipelineStage, RequestContext } from "./context";
import type { HttpResult } from "../../lib/lambda/proxy-response-v1";


export type IntegrationRegistry = {
  [K in TDeployedIntegration["type"]]: (ctx: RequestContext, integration: Extract<TDeployedIntegration, { type: K }>) => Promise<HttpResult>;
};

/** Calls the route's integration through the registry keyed by integration type. */
export function integrateStage(registry: IntegrationRegistry): PipelineStage {
  return async (ctx) => {
    const integration = ctx.route?.method.integration;
    if (!integration) throw new GatewayError("API_CONFIGURATION_ERROR", { logMessage: "no integration on route" });
    const invoke = registry[integration.type] as (c: RequestContext, i: TDeployedIntegration) => Promise<HttpResult>;
    ctx.response = await invoke(ctx, integration);
  };
}
