import { GatewayError } from "../errors";
import type { SnapshotStore } from "../snapshot-store";
import type { PipelineStage, RequestContext } from "./context";

const EXECUTE_API_HOST = /^([a-z0-9]{10})\.execute-api\./;
const RESTAPIS_PATH = /^\/+restapis\/([a-z0-9]{10})\/([^/]+)\/_user_request_(\/.*)?$/;

export interface Target {
  restApiId: string;
  stageName: string;
  /** Below the stage: leading slashes collapsed to one; trailing slash, inner `//` and escapes kept. */
  path: string;
  /** `/{stage}` plus the rest exactly as sent (AWS's `requestContext.path`). */
  stagePath: string;
}

function target(restApiId: string, stageName: string, rest: string): Target {
  return { restApiId, stageName, path: `/${rest.replace(/^\/+/, "")}`, stagePath: `/${stageName}${rest || "/"}` };
}

/**
 * Which API and stage a request addresses, and its path below the stage.
 * Slashes before the stage are collapsed, as AWS does (LS snapshot
 * test_lambda_aws_proxy_integration, "prepended-slash" cases).
 */
export function resolveTarget(host: string, rawPath: string): Target | null {
  const viaPath = RESTAPIS_PATH.exec(rawPath);
  if (viaPath) return target(viaPath[1], viaPath[2], viaPath[3] ?? "");
  const viaHost = EXECUTE_API_HOST.exec(host.toLowerCase());
  if (viaHost) {
    const match = /^\/+([^/]+)(\/.*)?$/.exec(rawPath);
    if (!match) return null;
    return target(viaHost[1], match[1], match[2] ?? "");
  }
  return null;
}

/** Finds the API and stage; the deployment and resource are chosen by the next stages. */
export function routeStage(store: SnapshotStore): PipelineStage {
  return (ctx: RequestContext) => {
    const found = resolveTarget(ctx.request.domainName, ctx.request.path);
    if (!found) throw new GatewayError("MISSING_AUTHENTICATION_TOKEN");
    const stage = store.getStage(found.restApiId, found.stageName);
    if (!stage) {
      // A known API without that stage is "Forbidden" on AWS; anything else is an unknown route.
      throw new GatewayError(store.hasApi(found.restApiId) ? "ACCESS_DENIED" : "MISSING_AUTHENTICATION_TOKEN");
    }
    ctx.restApiId = found.restApiId;
    ctx.stageName = found.stageName;
    ctx.stage = stage;
    ctx.request.path = found.path;
    ctx.request.stagePath = found.stagePath;
  };
}
