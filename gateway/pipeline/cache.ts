import { capacityBytes, type CacheLookup, type ResponseCache } from "../cache/response-cache";
import { cacheKey, cachePolicy, invalidationDecision, isCacheableResponse, MAX_ENTRY_BYTES, stageNamespace, UNAUTHORIZED_WARNING, wantsInvalidation } from "../cache/policy";
import { entrySize } from "../cache/entry";
import { GatewayError } from "../errors";
import type { PipelineStage, RequestContext } from "./context";

export interface CacheStageDeps {
  cache: ResponseCache;
  /** Counts a cache hit or miss (gateway/metrics.ts: CacheHitCount / CacheMissCount). */
  /** `ctx` lets the detailed metrics attribute the outcome to the request's method and key. */
  record?: (ctx: RequestContext, hit: boolean) => void;
  log?: (level: "info" | "warn" | "error", message: string) => void;
}

/** Lookups started early (prefetchCacheLookup), by request. */
const prefetched = new WeakMap<RequestContext, { namespace: string; key: string; lookup: Promise<CacheLookup | undefined> }>();

/**
 * Starts the Redis lookup of a cached method early, from the throttle stage, right before its token bucket
 * script: both commands leave in the same tick and their round trips overlap, so a cache miss does not wait
 * for a Redis round trip of its own (this matters most with Redis on another machine; on one busy machine
 * the client's CPU per command dominates, see bench/cache.ts). Only plain lookups (no
 * `Cache-Control: max-age=0`, which must read Redis fresh and depends on the caller's authorization) and
 * only with the Redis backend; the cache stage uses the result when the key is the same, else looks up as
 * usual. A request refused meanwhile (throttled, no API key, invalid) just drops the result: the price is
 * one Redis read for such requests.
 */
export function prefetchCacheLookup(ctx: RequestContext, cache: ResponseCache): void {
  const stage = ctx.stage;
  const route = ctx.route;
  if (!stage || !route || cache.backend !== "redis") return;
  if (!cachePolicy(stage, route.resource.path, route.method.httpMethod, ctx.request.httpMethod)) return;
  if (wantsInvalidation(ctx.request.headerPairs)) return;
  const namespace = stageNamespace(ctx.restApiId!, ctx.stageName!);
  const key = cacheKey(ctx, route.method.integration.cacheKeyParameters ?? []);
  prefetched.set(ctx, { namespace, key, lookup: cache.lookup(namespace, key).catch(() => undefined) });
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
    const early = prefetched.get(ctx);
    const key = early && decision !== "refresh" ? early.key : cacheKey(ctx, route!.method.integration.cacheKeyParameters ?? []);
    const lookup = (early && decision !== "refresh" && early.namespace === namespace ? await early.lookup : undefined) ?? (await deps.cache.lookup(namespace, key, decision === "refresh"));
    const warn = decision === "lookup-with-warning";
    if (lookup.entry && decision !== "refresh") {
      deps.cache.count(namespace, true);
      deps.record?.(ctx, true);
      ctx.response = warn ? { ...lookup.entry, headers: [...lookup.entry.headers, UNAUTHORIZED_WARNING] } : lookup.entry;
      return;
    }
    deps.cache.count(namespace, false);
    deps.record?.(ctx, false);
    await integrate(ctx);
    const result = ctx.response;
    if (result) {
      const storable = isCacheableResponse(result) && entrySize(key, result) <= MAX_ENTRY_BYTES;
      // Never awaited: the Redis write goes out after the response (bounded, see ResponseCache.storeAfterResponse).
      if (storable) deps.cache.storeAfterResponse(namespace, key, lookup, result, policy.ttlSeconds * 1000, capacityBytes(stage!.cache.size));
      else if (decision === "refresh" && lookup.entry) {
        deps.cache.delete(namespace, key, lookup).catch((err: Error) => deps.log?.("warn", `response cache: could not invalidate in ${namespace}: ${err.message}`));
      }
      if (warn) ctx.response = { ...result, headers: [...result.headers, UNAUTHORIZED_WARNING] };
    }
  };
}
