import { compileTemplate, VtlSyntaxError, type CompiledTemplate } from "../../lib/vtl";
import type { TDeploymentSnapshot } from "../../lib/snapshot";
import { GatewayError } from "../errors";
import { compileModelValidator, type BodyValidator } from "../validation/model-validator";

/**
 * What the gateway compiles from one deployment, once: mapping templates and
 * model validators. Keyed by the snapshot object, which the snapshot store
 * keeps for as long as the deployment is served (and reuses across reloads),
 * so a new deployment starts with an empty cache and an old one's is collected.
 */
interface DeploymentCache {
  templates: Map<string, CompiledTemplate | GatewayError>;
  validators: Map<string, BodyValidator | GatewayError>;
}

const caches = new WeakMap<TDeploymentSnapshot, DeploymentCache>();

function cacheFor(snapshot: TDeploymentSnapshot): DeploymentCache {
  let cache = caches.get(snapshot);
  if (!cache) {
    cache = { templates: new Map(), validators: new Map() };
    caches.set(snapshot, cache);
  }
  return cache;
}

/** The compiled template for `source` (checked at deploy, so a failure here is a configuration error: 500). */
export function compiledTemplate(snapshot: TDeploymentSnapshot, source: string): CompiledTemplate {
  const cache = cacheFor(snapshot).templates;
  let entry = cache.get(source);
  if (!entry) {
    try {
      entry = compileTemplate(source);
    } catch (err) {
      const reason = err instanceof VtlSyntaxError ? `line ${err.problem.line}, column ${err.problem.column}: ${err.problem.message}` : String(err);
      entry = new GatewayError("API_CONFIGURATION_ERROR", { logMessage: `Execution failed due to configuration error: invalid mapping template (${reason})` });
    }
    cache.set(source, entry);
  }
  if (entry instanceof GatewayError) throw entry;
  return entry;
}

/** The validator of a deployed model, compiled with every model of the API so `$ref`s between them resolve. */
export function modelValidator(snapshot: TDeploymentSnapshot, modelName: string): BodyValidator {
  const cache = cacheFor(snapshot).validators;
  let entry = cache.get(modelName);
  if (!entry) {
    try {
      entry = compileModelValidator(snapshot, modelName);
    } catch (err) {
      entry = new GatewayError("API_CONFIGURATION_ERROR", { logMessage: `Execution failed due to configuration error: model ${modelName}: ${(err as Error).message}` });
    }
    cache.set(modelName, entry);
  }
  if (entry instanceof GatewayError) throw entry;
  return entry;
}
