import type { ApiKeyAccess } from "../access/api-keys";
import { maskKey } from "../access/hash-index";
import { quotaPeriodEnd, quotaPeriodStart, utcDay } from "../../lib/quota-period";
import { GatewayError } from "../errors";
import type { PipelineStage, RequestContext } from "./context";

function presentedKey(ctx: RequestContext): string | undefined {
  if (ctx.deployment!.snapshot.apiKeySource === "AUTHORIZER") return ctx.authorizer?.usageIdentifierKey || undefined;
  return ctx.request.headerPairs.find(([n]) => n.toLowerCase() === "x-api-key")?.[1] || undefined;
}

const forbidden = (why: string) => new GatewayError("INVALID_API_KEY", { logMessage: `Forbidden: ${why}` });

/**
 * Methods with `apiKeyRequired`: the key from `x-api-key` (API key source
 * HEADER) or the authorizer's usageIdentifierKey (AUTHORIZER) must be an
 * enabled key in a usage plan of this API stage (403 Forbidden otherwise, as
 * AWS answers for all of these); then the plan's method throttle, else its
 * throttle (429 Too Many Requests), then its quota (429 Limit Exceeded), on
 * the shared state backend (gateway/state/: Redis when configured). A
 * client sending many invalid keys gets 429 for a while without lookups.
 * Runs after the authorizer (which may supply the key) and before validation.
 */
export function apiKeyStage(access: ApiKeyAccess): PipelineStage {
  return async (ctx) => {
    const route = ctx.route!;
    if (!route.method.apiKeyRequired) return;
    const ip = ctx.request.sourceIp;
    if (access.invalidKeys.isBlocked(ip)) throw new GatewayError("THROTTLED", { logMessage: `Too many invalid API keys from ${ip}` });
    const value = presentedKey(ctx);
    if (!value) throw forbidden("no API key");
    const key = access.keys.findKey(value);
    if (!key || !key.enabled) {
      if (access.invalidKeys.recordInvalid(ip)) {
        const { maxAttempts, cooldownMs } = access.invalidKeys.limits;
        access.log("warn", `client ${ip} sent ${maxAttempts} invalid API keys (the last ${maskKey(value)}): answering 429 for ${Math.round(cooldownMs / 1000)} s`);
      }
      throw forbidden(`${key ? "disabled" : "unknown"} API key ${maskKey(value)}`);
    }
    const restApiId = ctx.restApiId!;
    const stageName = ctx.stageName!;
    const plan = access.keys.planFor(restApiId, stageName, key.id);
    if (!plan) throw forbidden(`API key ${key.id} is in no usage plan of stage ${stageName}`);

    const methodThrottles = access.keys.methodThrottles(plan, restApiId, stageName);
    const path = route.resource.path;
    const methodKey = [`${path}/${ctx.request.httpMethod.toUpperCase()}`, `${path}/${route.method.httpMethod}`].find((k) => methodThrottles[k]);
    const limits = methodKey ? methodThrottles[methodKey] : plan.throttle;
    if (limits) {
      const bucket = methodKey ? `plan:${plan.id}:${key.id}:${methodKey}` : `plan:${plan.id}:${key.id}`;
      const taken = access.state.take([{ key: bucket, limits }]);
      if ((typeof taken === "number" ? taken : await taken) >= 0) {
        throw new GatewayError("THROTTLED", { logMessage: `API key ${key.id} throttled by usage plan ${plan.id}` });
      }
    }

    if (plan.quota) {
      const now = Date.now();
      const at = new Date(now);
      const periodDay = utcDay(quotaPeriodStart(plan.quota.period, plan.quota.offset, at));
      const planKey = plan.keys.get(key.id);
      const adjustment = planKey && planKey.adjustmentPeriodDay === periodDay ? planKey.quotaAdjustment : 0;
      // The memory backend answers synchronously: the check and the count below happen with nothing in between.
      const pending = access.state.consumeQuota({
        key: `${plan.id}:${key.id}:${periodDay}`,
        limit: plan.quota.limit + adjustment,
        periodEndsAt: quotaPeriodEnd(plan.quota.period, plan.quota.offset, at).getTime(),
        localUsed: access.usage.used(plan, key.id, now),
      });
      const result = "ok" in pending ? pending : await pending;
      if (!result.ok) {
        const why = result.reason === "unavailable" ? "the shared quota store is unavailable (GATEHOUSE_QUOTA_OUTAGE_POLICY=deny)" : `exceeded the quota of usage plan ${plan.id}`;
        throw new GatewayError("QUOTA_EXCEEDED", { logMessage: `API key ${key.id} ${why}` });
      }
    }
    access.usage.record(plan.id, key.id);
    ctx.identity = { ...ctx.identity, apiKey: value, apiKeyId: key.id };
  };
}
