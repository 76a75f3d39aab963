import { capacityBytes, type ResponseCache } from "../cache/response-cache";
import { cacheKey, cachePolicy, invalidationDecision, isCacheableResponse, MAX_ENTRY_BYTES, stageNamespace, UNAUTHORIZED_WARNING } from "../cache/policy";
import { cloneEntry, entrySize } from "../cache/entry";
import { GatewayError } from "../errors";
import type { PipelineStage } from "./context";

export interface CacheStageDeps {
  cache: ResponseCache;
  /** Counts a cache hit or miss (gateway/metrics.ts: CacheHitCount / CacheMissCount). */
  record?: (restApiId: string, stageName: string, hit: boolean) => void;
  log?: (level: "info" | "warn" | "error", message: string) => void;
}

/**
 * The response cache around the integrate stage (it runs after validate):
 * for a method whose stage has its cache enabled and whose settings cache it
 * (gateway/cache/policy.ts), a hit answers without calling the integration;
 * a miss calls it and stores a successful (2xx) answer of at most 1 MB for
 * the method's TTL. `Cache-Control: max-age=0` refreshes the entry when the
 * caller may invalidate, else follows the method's unauthorized strategy.
 */
export function cacheStage(integrate: PipelineStage, deps: CacheStageDeps): PipelineStage {
  return async (ctx) => {
    const stage = ctx.stage;
    const route = ctx.route;
    const policy = stage && route ? cachePolicy(stage, route.resource.path, route.method.httpMethod, ctx.request.httpMethod) : null;
    if (!policy) return integrate(ctx);
    const decision = invalidationDecision(ctx, policy);
    if (decision === "forbid") {
      throw new GatewayError("ACCESS_DENIED", { logMessage: "Cache-Control: max-age=0 from a caller not authorized to invalidate the cache (FAIL_WITH_403)" });
    }
    const namespace = stageNamespace(ctx.restApiId!, ctx.stageName!);
    const key = cacheKey(ctx, route!.method.integration.cacheKeyParameters ?? []);
    const lookup = await deps.cache.lookup(namespace, key, decision === "refresh");
    const warn = decision === "lookup-with-warning";
    if (lookup.entry && decision !== "refresh") {
      deps.cache.count(namespace, true);
      deps.record?.(ctx.restApiId!, ctx.stageName!, true);
      ctx.response = warn ? { ...lookup.entry, headers: [...lookup.entry.headers, UNAUTHORIZED_WARNING] } : lookup.entry;
      return;
    }
    deps.cache.count(namespace, false);
    deps.record?.(ctx.restApiId!, ctx.stageName!, false);
    await integrate(ctx);
    const result = ctx.response;
    if (result) {
      const storable = isCacheableResponse(result) && entrySize(key, result) <= MAX_ENTRY_BYTES;
      const write = storable
        ? deps.cache.store(namespace, key, lookup, cloneEntry(result), policy.ttlSeconds * 1000, capacityBytes(stage!.cache.size))
        : decision === "refresh" && lookup.entry
          ? deps.cache.delete(namespace, key, lookup)
          : null;
      write?.catch((err: Error) => deps.log?.("warn", `response cache: could not store ${namespace}: ${err.message}`));
      if (warn) ctx.response = { ...result, headers: [...result.headers, UNAUTHORIZED_WARNING] };
    }
  };
}
