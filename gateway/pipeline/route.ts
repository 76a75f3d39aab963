import { GatewayError } from "../errors";
import type { SnapshotStore } from "../snapshot-store";
import type { PipelineStage, RequestContext } from "./context";

const EXECUTE_API_HOST = /^([a-z0-9]{10})\.execute-api\./;
const RESTAPIS_PATH = /^\/restapis\/([a-z0-9]{10})\/([^/]+)\/_user_request_(\/.*)?$/;

/** Which API and stage a request addresses, and its path below the stage. */
export function resolveTarget(host: string, rawPath: string): { restApiId: string; stageName: string; path: string } | null {
  const viaPath = RESTAPIS_PATH.exec(rawPath);
  if (viaPath) return { restApiId: viaPath[1], stageName: viaPath[2], path: viaPath[3] || "/" };
  const viaHost = EXECUTE_API_HOST.exec(host.toLowerCase());
  if (viaHost) {
    const match = /^\/([^/]+)(\/.*)?$/.exec(rawPath);
    if (!match) return null;
    return { restApiId: viaHost[1], stageName: match[1], path: match[2] || "/" };
  }
  return null;
}

export function routeStage(store: SnapshotStore): PipelineStage {
  return (ctx: RequestContext) => {
    const target = resolveTarget(ctx.request.domainName, ctx.request.path);
    if (!target) throw new GatewayError("MISSING_AUTHENTICATION_TOKEN");
    const stage = store.getStage(target.restApiId, target.stageName);
    if (!stage) {
      // A known API without that stage is "Forbidden" on AWS; anything else is an unknown route.
      throw new GatewayError(store.hasApi(target.restApiId) ? "ACCESS_DENIED" : "MISSING_AUTHENTICATION_TOKEN");
    }
    ctx.restApiId = target.restApiId;
    ctx.stageName = target.stageName;
    ctx.stage = stage;
    ctx.request.path = target.path;
    const route = stage.routes.match(ctx.request.httpMethod, target.path);
    if (!route) throw new GatewayError("MISSING_AUTHENTICATION_TOKEN");
    ctx.route = route;
  };
}
