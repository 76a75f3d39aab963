import { GatewayError } from "../errors";
import type { PipelineStage } from "./context";

/** Finds the resource and method in the selected deployment (AWS precedence: gateway/routing/route-table.ts). */
export const matchResourceStage: PipelineStage = (ctx) => {
  const route = ctx.deployment!.routes.match(ctx.request.httpMethod, ctx.request.path);
  if (!route) throw new GatewayError("MISSING_AUTHENTICATION_TOKEN");
  ctx.route = route;
};
