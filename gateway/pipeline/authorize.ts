import type { AuthorizerDeps } from "../auth/authorizer";
import { runAuthorizer } from "../auth/authorizer";
import { GatewayError } from "../errors";
import type { PipelineStage } from "./context";

/** Methods whose authorizationType this stage handles (AWS_IAM is the SigV4 stage's). */
const AUTHORIZER_TYPES = new Set(["CUSTOM", "JWT", "COGNITO_USER_POOLS"]);

/**
 * Runs the method's authorizer (function TOKEN / REQUEST, or JWT) and puts
 * what it established in `ctx.authorizer`; a refusal throws its gateway
 * response (401 / 403 / 500, gateway/auth/authorizer.ts).
 */
export function authorizeStage(deps: AuthorizerDeps): PipelineStage {
  return async (ctx) => {
    const method = ctx.route!.method;
    if (!AUTHORIZER_TYPES.has(method.authorizationType)) return;
    const id = method.authorizerId;
    const authorizer = id ? ctx.deployment!.snapshot.authorizers[id] : undefined;
    if (!id || !authorizer) {
      throw new GatewayError("AUTHORIZER_CONFIGURATION_ERROR", { logMessage: `Execution failed due to configuration error: authorizer ${id ?? "(none)"} is not in the deployment` });
    }
    const outcome = await runAuthorizer(deps, ctx, id, authorizer, { scopes: method.authorizationScopes });
    if (outcome.error) throw outcome.error;
    ctx.authorizer = outcome.result;
  };
}
