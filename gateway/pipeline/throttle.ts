import type { ThrottleLimits } from "../access/token-bucket";
import { GatewayError } from "../errors";
import type { ServedMethodSetting } from "../snapshot-store";
import type { BucketRequest, StateBackend } from "../state/backend";
import type { PipelineStage } from "./context";

/**
 * AWS's method-settings key of a resource path and verb: the path with every
 * `/` escaped as `~1`, then `/VERB` (`/items` GET → `~1items/GET`,
 * `/items/{id}` → `~1items~1{id}/GET`, the root `/` → `~1/GET`).
 */
export function methodSettingsKey(resourcePath: string, verb: string): string {
  return `${resourcePath.replace(/\//g, "~1")}/${verb.toUpperCase()}`;
}

/** The keys a method's settings may be stored under: AWS's, and the form without the leading `~1` (`items/GET`) that AWS also accepts in patch paths. */
function candidateKeys(resourcePath: string, verb: string): string[] {
  const key = methodSettingsKey(resourcePath, verb);
  return resourcePath === "/" ? [key] : [key, key.replace(/^~1/, "")];
}

/**
 * The stage throttle that applies to one method: its own method setting's
 * values (the request's verb, or the method's, e.g. ANY), each field falling
 * back to the stage default `*\/*`. Null when neither sets both values.
 */
export function methodThrottle(settings: Record<string, ServedMethodSetting>, resourcePath: string, verbs: string[]): ThrottleLimits | null {
  const own = verbs
    .flatMap((v) => candidateKeys(resourcePath, v))
    .map((k) => settings[k])
    .find((s) => s && (s.throttlingRateLimit !== undefined || s.throttlingBurstLimit !== undefined));
  const stage = settings["*/*"];
  const rateLimit = own?.throttlingRateLimit ?? stage?.throttlingRateLimit;
  const burstLimit = own?.throttlingBurstLimit ?? stage?.throttlingBurstLimit;
  if (rateLimit === undefined || burstLimit === undefined) {
    // One of the two alone: AWS's defaults for the other are the account's, which the account bucket enforces anyway.
    if (rateLimit === undefined && burstLimit === undefined) return null;
  }
  return { rateLimit: rateLimit ?? Number.POSITIVE_INFINITY, burstLimit: burstLimit ?? Number.POSITIVE_INFINITY };
}

export interface ThrottleDeps {
  backend: StateBackend;
  /** The account limit as currently configured (read per request: changes apply at once). */
  account: () => ThrottleLimits;
  /** Called right before the buckets are taken, in the same tick (the response cache's early Redis lookup rides along). */
  beforeTake?: (ctx: Parameters<PipelineStage>[0]) => void;
}

const BIG = 1e12;
const finite = (l: ThrottleLimits): ThrottleLimits => ({ rateLimit: Math.min(BIG, l.rateLimit), burstLimit: Math.min(BIG, l.burstLimit) });

/**
 * Account and stage/method throttling (429 Too Many Requests).
 *
 * AWS applies, in order: usage-plan per-key/per-method limits, the stage's
 * per-method limits (`~1items/GET`, else the stage default `*\/*` — each
 * method has its own bucket with those values), then the account limit.
 * A request must pass every one, so the most restrictive wins. We take the
 * account and method tokens here, together and atomically (all or nothing),
 * after authentication and before the API key stage, which then applies the
 * usage plan's limits and quota. So a request refused by the account or the
 * stage costs the client neither plan tokens nor quota; one refused by its
 * plan has already taken an account/method token, as capacity it did use.
 */
export function throttleStage(deps: ThrottleDeps): PipelineStage {
  // The method bucket of a (stage settings, method, request verb) never changes while the snapshot is served:
  // worked out once per snapshot's settings object rather than per request (settings are replaced, never mutated).
  const methodBuckets = new WeakMap<Record<string, ServedMethodSetting>, Map<string, BucketRequest | null>>();
  const methodBucket = (ctx: Parameters<PipelineStage>[0]): BucketRequest | null => {
    const route = ctx.route!;
    const settings = ctx.stage!.methodSettings;
    let byMethod = methodBuckets.get(settings);
    if (!byMethod) methodBuckets.set(settings, (byMethod = new Map()));
    const id = `${ctx.restApiId}\n${ctx.stageName}\n${route.resource.path}\n${route.method.httpMethod}\n${ctx.request.httpMethod}`;
    let bucket = byMethod.get(id);
    if (bucket === undefined) {
      const limits = methodThrottle(settings, route.resource.path, [ctx.request.httpMethod, route.method.httpMethod]);
      bucket = limits
        ? { key: `method:${ctx.restApiId}:${ctx.stageName}:${methodSettingsKey(route.resource.path, route.method.httpMethod)}`, limits: finite(limits) }
        : null;
      byMethod.set(id, bucket);
    }
    return bucket;
  };
  let accountLimits: ThrottleLimits | null = null;
  let accountFinite: ThrottleLimits | null = null;
  return async (ctx) => {
    const account = deps.account();
    if (account !== accountLimits) {
      accountLimits = account;
      accountFinite = finite(account);
    }
    const method = methodBucket(ctx);
    const buckets: BucketRequest[] = method ? [{ key: "account", limits: accountFinite! }, method] : [{ key: "account", limits: accountFinite! }];
    deps.beforeTake?.(ctx);
    const refused = await deps.backend.take(buckets);
    if (refused >= 0) {
      const route = ctx.route!;
      const what = refused === 0 ? "the account limit" : `the stage's method throttle (${methodSettingsKey(route.resource.path, route.method.httpMethod)})`;
      throw new GatewayError("THROTTLED", { logMessage: `Throttled by ${what}` });
    }
  };
}
