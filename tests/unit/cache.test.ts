import { describe, expect, it } from "vitest";
import { ByteLru } from "../../gateway/cache/lru";
import { MemoryCacheStore } from "../../gateway/cache/memory-store";
import { decodeEntry, encodeEntry, entrySize } from "../../gateway/cache/entry";
import { cacheKey, cachePolicy, invalidationDecision, isCacheableResponse, MAX_ENTRY_BYTES, methodSettingKeys, wantsInvalidation, type MethodCachePolicy } from "../../gateway/cache/policy";
import { capacityBytes, ResponseCache } from "../../gateway/cache/response-cache";
import { cacheStage } from "../../gateway/pipeline/cache";
import type { ServedMethodSetting, ServedStage } from "../../gateway/snapshot-store";
import type { RequestContext } from "../../gateway/pipeline/context";
import { testMethod, testRequestContext } from "../helpers/request-context";

const body = (n: number) => Buffer.alloc(n, 1);
const entry = (n: number) => ({ statusCode: 200, headers: [["Content-Type", "text/plain"]] as Array<[string, string]>, body: body(n) });

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("ByteLru", () => {
  it("stays within its byte bound, evicting the least recently used first", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 40, 60_000);
    lru.set("b", "B", 40, 60_000);
    expect(lru.get("a")).toBe("A"); // a is now the most recently used
    lru.set("c", "C", 40, 60_000); // 120 > 100: b goes
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe("A");
    expect(lru.get("c")).toBe("C");
    expect(lru.byteSize).toBe(80);
    expect(lru.size).toBe(2);
  });

  it("refuses an entry bigger than the whole capacity without evicting others", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 50, 60_000);
    expect(lru.set("big", "X", 101, 60_000)).toBe(false);
    expect(lru.get("a")).toBe("A");
  });

  it("expires entries at their TTL on an injected clock", () => {
    const c = clock();
    const lru = new ByteLru<string>(1000, c.now);
    lru.set("a", "A", 10, 2_000);
    c.advance(1_999);
    expect(lru.get("a")).toBe("A");
    c.advance(1);
    expect(lru.get("a")).toBeUndefined();
    expect(lru.byteSize).toBe(0);
  });

  it("replaces an entry in place and frees its old size; resize evicts", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A1", 60, 60_000);
    lru.set("a", "A2", 30, 60_000);
    expect(lru.byteSize).toBe(30);
    expect(lru.get("a")).toBe("A2");
    lru.set("b", "B", 30, 60_000);
    lru.resize(40);
    expect(lru.size).toBe(1);
    expect(lru.get("b")).toBe("B");
  });

  it("does not store with a TTL of 0", () => {
    const lru = new ByteLru<string>(100);
    expect(lru.set("a", "A", 1, 0)).toBe(false);
    expect(lru.size).toBe(0);
  });
});

describe("MemoryCacheStore", () => {
  it("bounds each stage by its capacity and all stages by the process bound", () => {
    const c = clock();
    const store = new MemoryCacheStore(10_000, c.now);
    const size = entrySize("k0", entry(1000));
    for (let i = 0; i < 5; i++) {
      c.advance(1);
      store.set("api/a", `k${i}`, entry(1000), 60_000, size * 3);
    }
    expect(store.stats("api/a").entries).toBe(3); // its own capacity
    for (let i = 0; i < 20; i++) {
      c.advance(1);
      store.set("api/b", `k${i}`, entry(1000), 60_000, 1_000_000);
    }
    expect(store.totalBytes).toBeLessThanOrEqual(10_000);
    // Stage a's entries were the least recently used: they went first.
    expect(store.stats("api/a").entries).toBe(0);
    expect(store.stats("api/b").bytes).toBe(store.totalBytes);
  });

  it("flushes one stage and keeps the others", () => {
    const store = new MemoryCacheStore(1_000_000);
    store.set("api/a", "k", entry(10), 60_000, 1_000_000);
    store.set("api/b", "k", entry(10), 60_000, 1_000_000);
    store.flush("api/a");
    expect(store.get("api/a", "k")).toBeUndefined();
    expect(store.get("api/b", "k")?.body.length).toBe(10);
    expect(store.totalBytes).toBe(store.stats("api/b").bytes);
  });
});

describe("cache entries", () => {
  it("round-trip through the Redis encoding, binary bodies included", () => {
    const e = { statusCode: 201, headers: [["X-A", "1"], ["x-a", "2"]] as Array<[string, string]>, body: Buffer.from([0, 255, 10, 13]) };
    expect(decodeEntry(encodeEntry(e))).toEqual(e);
    expect(decodeEntry(Buffer.from("garbage"))).toBeNull();
  });

  it("caps cached answers at 1 MB and caches only 2xx", () => {
    expect(MAX_ENTRY_BYTES).toBe(1024 * 1024);
    expect(isCacheableResponse({ statusCode: 200, headers: [], body: Buffer.alloc(0) })).toBe(true);
    expect(isCacheableResponse({ statusCode: 204, headers: [], body: Buffer.alloc(0) })).toBe(true);
    expect(isCacheableResponse({ statusCode: 404, headers: [], body: Buffer.alloc(0) })).toBe(false);
    expect(isCacheableResponse({ statusCode: 500, headers: [], body: Buffer.alloc(0) })).toBe(false);
  });

  it("reads cache sizes as GB", () => {
    expect(capacityBytes("0.5")).toBe(512 * 1024 * 1024);
    expect(capacityBytes("237")).toBe(237 * 1024 ** 3);
  });
});

const stage = (methodSettings: Record<string, ServedMethodSetting> = {}, enabled = true): Pick<ServedStage, "cache" | "methodSettings"> => ({
  cache: { enabled, size: "0.5" },
  methodSettings,
});

describe("cachePolicy", () => {
  it("uses AWS's method setting keys", () => {
    expect(methodSettingKeys("/items/{id}", "GET")).toEqual(["~1items~1{id}/GET", "items~1{id}/GET"]);
    expect(methodSettingKeys("/", "GET")).toEqual(["~1/GET"]);
  });

  it("caches nothing while the stage's cache is off", () => {
    expect(cachePolicy(stage({}, false), "/items", "GET", "GET")).toBeNull();
  });

  it("caches GET by default for 300 s, other verbs only when their own setting enables them", () => {
    expect(cachePolicy(stage(), "/items", "GET", "GET")?.ttlSeconds).toBe(300);
    expect(cachePolicy(stage(), "/items", "POST", "POST")).toBeNull();
    expect(cachePolicy(stage({ "*/*": { cachingEnabled: true } }), "/items", "POST", "POST")).toBeNull();
    expect(cachePolicy(stage({ "~1items/POST": { cachingEnabled: true, cacheTtlInSeconds: 10 } }), "/items", "POST", "POST")?.ttlSeconds).toBe(10);
  });

  it("lets the method's own setting override the stage default, in either key form", () => {
    const s = stage({ "*/*": { cachingEnabled: true, cacheTtlInSeconds: 60 }, "~1items/GET": { cachingEnabled: false } });
    expect(cachePolicy(s, "/items", "GET", "GET")).toBeNull();
    expect(cachePolicy(s, "/other", "GET", "GET")?.ttlSeconds).toBe(60);
    const t = stage({ "*/*": { cachingEnabled: false }, "items/GET": { cachingEnabled: true, cacheTtlInSeconds: 5 } });
    expect(cachePolicy(t, "/items", "GET", "GET")?.ttlSeconds).toBe(5);
    expect(cachePolicy(t, "/other", "GET", "GET")).toBeNull();
  });

  it("treats a TTL of 0 as off and inherits the default's TTL", () => {
    expect(cachePolicy(stage({ "*/*": { cachingEnabled: true, cacheTtlInSeconds: 0 } }), "/items", "GET", "GET")).toBeNull();
    expect(cachePolicy(stage({ "*/*": { cacheTtlInSeconds: 30 }, "~1items/GET": { cachingEnabled: true } }), "/items", "GET", "GET")?.ttlSeconds).toBe(30);
  });

  it("defaults the invalidation rules as AWS does", () => {
    const p = cachePolicy(stage(), "/items", "GET", "GET")!;
    expect(p.requireAuthorizationForCacheControl).toBe(true);
    expect(p.unauthorizedStrategy).toBe("SUCCEED_WITH_RESPONSE_HEADER");
  });
});

describe("cacheKey", () => {
  const key = (o: Parameters<typeof testRequestContext>[0], params: string[]) => cacheKey(testRequestContext(o), params);

  it("keys on the declared query, header and path parameters only", () => {
    const params = ["method.request.querystring.q"];
    expect(key({ rawQuery: "q=1" }, params)).toBe(key({ rawQuery: "q=1&other=x" }, params));
    expect(key({ rawQuery: "q=1" }, params)).not.toBe(key({ rawQuery: "q=2" }, params));
    expect(key({ rawQuery: "q=" }, params)).not.toBe(key({ rawQuery: "" }, params));
    // Undeclared parameters share one entry, as on AWS.
    expect(key({ rawQuery: "q=1" }, [])).toBe(key({ rawQuery: "q=2" }, []));
    const h = ["method.request.header.Authorization"];
    expect(key({ headers: [["authorization", "a"]] }, h)).not.toBe(key({ headers: [["Authorization", "b"]] }, h));
    expect(key({ headers: [["authorization", "a"]] }, h)).toBe(key({ headers: [["AUTHORIZATION", "a"]] }, h));
    const p = ["method.request.path.id"];
    expect(key({ pathParameters: { id: "1" } }, p)).not.toBe(key({ pathParameters: { id: "2" } }, p));
    expect(key({ pathParameters: { id: "1" } }, [])).toBe(key({ pathParameters: { id: "2" } }, []));
  });

  it("separates verbs, stages and the canary", () => {
    const base = testRequestContext();
    expect(cacheKey(base, [])).not.toBe(cacheKey(testRequestContext({ method: "HEAD" }), []));
    expect(cacheKey(base, [])).not.toBe(cacheKey(testRequestContext({ isCanary: true }), []));
    const other = testRequestContext();
    other.stageName = "prod";
    expect(cacheKey(base, [])).not.toBe(cacheKey(other, []));
  });
});

describe("Cache-Control: max-age=0", () => {
  it("is recognised among other directives, in any case", () => {
    expect(wantsInvalidation([["Cache-Control", "max-age=0"]])).toBe(true);
    expect(wantsInvalidation([["cache-control", "no-transform, MAX-AGE=0"]])).toBe(true);
    expect(wantsInvalidation([["Cache-Control", "max-age=10"]])).toBe(false);
    expect(wantsInvalidation([["Cache-Control", "no-cache"]])).toBe(false);
    expect(wantsInvalidation([])).toBe(false);
  });

  const policy = (over: Partial<MethodCachePolicy> = {}): MethodCachePolicy => ({
    ttlSeconds: 300,
    requireAuthorizationForCacheControl: true,
    unauthorizedStrategy: "SUCCEED_WITH_RESPONSE_HEADER",
    ...over,
  });
  const invalidating: Array<[string, string]> = [["Cache-Control", "max-age=0"]];
  const withAuthorizer = () => {
    const ctx = testRequestContext({ headers: invalidating, routeMethod: testMethod({ authorizationType: "CUSTOM", authorizerId: "a" }) });
    ctx.authorizer = { principalId: "user" };
    return ctx;
  };
  const signed = () => {
    const ctx = testRequestContext({ headers: invalidating, routeMethod: testMethod({ authorizationType: "AWS_IAM" }) });
    ctx.identity = { accessKey: "AKIA…" };
    return ctx;
  };
  const anonymous = () => testRequestContext({ headers: invalidating });

  it.each<[string, () => RequestContext, Partial<MethodCachePolicy>, string]>([
    ["no header", () => testRequestContext(), {}, "lookup"],
    ["authorizer-authenticated caller", withAuthorizer, {}, "refresh"],
    ["SigV4-authenticated caller", signed, {}, "refresh"],
    ["anyone when authorization is not required", anonymous, { requireAuthorizationForCacheControl: false }, "refresh"],
    ["anonymous, FAIL_WITH_403", anonymous, { unauthorizedStrategy: "FAIL_WITH_403" }, "forbid"],
    ["anonymous, SUCCEED_WITH_RESPONSE_HEADER", anonymous, { unauthorizedStrategy: "SUCCEED_WITH_RESPONSE_HEADER" }, "lookup-with-warning"],
    ["anonymous, SUCCEED_WITHOUT_RESPONSE_HEADER", anonymous, { unauthorizedStrategy: "SUCCEED_WITHOUT_RESPONSE_HEADER" }, "lookup"],
  ])("%s → %s", (_name, ctx, over, expected) => {
    expect(invalidationDecision(ctx(), policy(over))).toBe(expected);
  });
});

describe("cacheStage", () => {
  function setup(methodSettings: Record<string, ServedMethodSetting> = {}) {
    const cache = new ResponseCache({ maxMemoryBytes: 10 * 1024 * 1024, log: () => {} });
    let calls = 0;
    let size = 10;
    let status = 200;
    const counted: boolean[] = [];
    const stage = cacheStage(
      (ctx) => {
        calls++;
        ctx.response = { statusCode: status, headers: [["X-Call", String(calls)]], body: body(size) };
      },
      { cache, record: (_ctx, hit) => counted.push(hit) },
    );
    const ctx = (o: Parameters<typeof testRequestContext>[0] = {}) => {
      const c = testRequestContext(o);
      c.stage = { restApiId: "abcdefghij", stageName: "test", deployment: c.deployment!, variables: {}, methodSettings, cache: { enabled: true, size: "0.5" } } as unknown as ServedStage;
      return c;
    };
    return {
      cache,
      run: async (o: Parameters<typeof testRequestContext>[0] = {}) => {
        const c = ctx(o);
        await stage(c);
        await new Promise((r) => setImmediate(r));
        return c.response!;
      },
      calls: () => calls,
      counted,
      setSize: (n: number) => (size = n),
      setStatus: (n: number) => (status = n),
    };
  }

  it("answers a repeated GET from the cache and counts hits and misses", async () => {
    const s = setup();
    const first = await s.run();
    const second = await s.run();
    expect(s.calls()).toBe(1);
    expect(second.headers).toEqual(first.headers);
    expect(s.counted).toEqual([false, true]);
  });

  it("does not cache answers over 1 MB or errors", async () => {
    const s = setup();
    s.setSize(MAX_ENTRY_BYTES + 1);
    await s.run();
    await s.run();
    expect(s.calls()).toBe(2);
    s.setSize(10);
    s.setStatus(500);
    await s.run();
    await s.run();
    expect(s.calls()).toBe(4);
  });

  it("does not cache POST without its own setting", async () => {
    const s = setup();
    await s.run({ method: "POST", routeMethod: testMethod({ httpMethod: "POST" }) });
    await s.run({ method: "POST", routeMethod: testMethod({ httpMethod: "POST" }) });
    expect(s.calls()).toBe(2);
  });

  it("refreshes for an authorized max-age=0, warns or refuses otherwise", async () => {
    const s = setup({ "*/*": { requireAuthorizationForCacheControl: false } });
    await s.run();
    await s.run({ headers: [["Cache-Control", "max-age=0"]] });
    expect(s.calls()).toBe(2);
    expect((await s.run()).headers).toEqual([["X-Call", "2"]]);

    const w = setup();
    await w.run();
    const warned = await w.run({ headers: [["Cache-Control", "max-age=0"]] });
    expect(w.calls()).toBe(1);
    expect(warned.headers.map(([n]) => n)).toContain("Warning");
    expect((await w.run()).headers.map(([n]) => n)).not.toContain("Warning");

    const f = setup({ "*/*": { unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403" } });
    await expect(f.run({ headers: [["Cache-Control", "max-age=0"]] })).rejects.toMatchObject({ type: "ACCESS_DENIED" });
  });
});

describe("cacheWarnings", () => {
  const method = (httpMethod: string, authorizationType: string, cacheKeyParameters: string[] = []) => ({ httpMethod, authorizationType, methodIntegration: { cacheKeyParameters } });

  it("warns about cached methods behind an authorizer without a per-identity key, and unkeyed path parameters", async () => {
    const { cacheWarnings } = await import("../../lib/cache-policy");
    const resources: Array<{ path: string; resourceMethods: Record<string, ReturnType<typeof method>> }> = [
      { path: "/me", resourceMethods: { GET: method("GET", "CUSTOM") } },
      { path: "/keyed", resourceMethods: { GET: method("GET", "JWT", ["method.request.header.Authorization"]) } },
      { path: "/items/{id}", resourceMethods: { GET: method("GET", "NONE"), POST: method("POST", "CUSTOM") } },
      { path: "/ok/{id}", resourceMethods: { GET: method("GET", "NONE", ["method.request.path.id"]) } },
    ];
    const warnings = cacheWarnings({ cache: { enabled: true }, methodSettings: {} }, resources);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^GET \/me uses CUSTOM authorization .*per-identity/);
    expect(warnings[1]).toMatch(/^GET \/items\/\{id\} .*method\.request\.path\.id/);
    expect(cacheWarnings({ cache: { enabled: false }, methodSettings: {} }, resources)).toEqual([]);
  });
});

describe("ResponseCache with Redis", () => {
  /** A connection that is down: every call is refused, as gateway/state/redis-connection.ts does. */
  function downConnection() {
    const up = new Set<() => void>();
    let isUp = false;
    let incrs = 0;
    const connection = {
      client: { defineCommand: () => {} } as never,
      url: "redis://127.0.0.1:1",
      isUp: () => isUp,
      run: async (fn: (client: unknown) => Promise<unknown>) => {
        if (!isUp) return { ok: false as const, error: new Error("Redis is unavailable") };
        return { ok: true as const, value: await fn({ incr: async () => ++incrs }) };
      },
      succeeded: () => {},
      failed: () => {},
      onDown: () => () => {},
      onUp: (l: () => void) => {
        up.add(l);
        return () => up.delete(l);
      },
      close: async () => {},
    };
    return {
      connection,
      bringUp: () => {
        isUp = true;
        for (const l of up) l();
      },
      incrs: () => incrs,
    };
  }

  it("caches in local memory while Redis is down and replays a missed flush when it is back", async () => {
    const fake = downConnection();
    const cache = new ResponseCache({ maxMemoryBytes: 1_000_000, redis: fake.connection as never, log: () => {} });
    const lookup = await cache.lookup("api/test", "k");
    expect(lookup.backend).toBe("memory");
    await cache.store("api/test", "k", lookup, entry(10), 60_000, 1_000_000);
    expect((await cache.lookup("api/test", "k")).entry?.body.length).toBe(10);
    await cache.flush("api/test");
    expect((await cache.lookup("api/test", "k")).entry).toBeUndefined();
    await cache.store("api/test", "k", lookup, entry(10), 60_000, 1_000_000);
    fake.bringUp();
    await new Promise((r) => setImmediate(r));
    expect(fake.incrs()).toBe(1); // the flush Redis missed
    expect(cache.memory.stats("api/test").entries).toBe(0); // the local cache is dropped
  });
});

describe("ResponseCache near copies of Redis entries", () => {
  it("answers a hot key from memory for at most NEAR_CACHE_MS, then asks Redis again", async () => {
    const { NEAR_CACHE_MS } = await import("../../gateway/cache/response-cache");
    const c = clock();
    let evals = 0;
    const stored = new Map<string, Buffer>();
    const client = {
      defineCommand: () => {},
      gatehouseCacheGetBuffer: async (_gen: string, prefix: string, key: string) => {
        evals++;
        const value = stored.get(`${prefix}0:${key}`);
        return [Buffer.from("0"), value ?? null, value ? 60_000 : -2];
      },
      set: async (k: string, v: Buffer) => {
        stored.set(k, v);
        return "OK";
      },
      incr: async () => 1,
    };
    const connection = {
      client,
      isUp: () => true,
      run: async (fn: (cl: unknown) => Promise<unknown>) => ({ ok: true as const, value: await fn(client) }),
      onDown: () => () => {},
      onUp: () => () => {},
    };
    const cache = new ResponseCache({ maxMemoryBytes: 1_000_000, redis: connection as never, log: () => {}, now: c.now });
    const miss = await cache.lookup("api/test", "k");
    expect(miss.backend).toBe("redis");
    await cache.store("api/test", "k", miss, entry(10), 60_000, 1_000_000);
    expect(evals).toBe(1);
    expect((await cache.lookup("api/test", "k")).entry?.body.length).toBe(10);
    expect(evals).toBe(1); // the near copy
    c.advance(NEAR_CACHE_MS);
    expect((await cache.lookup("api/test", "k")).entry?.body.length).toBe(10);
    expect(evals).toBe(2); // expired near copy: Redis again
    expect((await cache.lookup("api/test", "k", true)).generation).toBe("0"); // an invalidation always asks Redis
    expect(evals).toBe(3);
    await cache.flush("api/test");
    stored.clear();
    expect((await cache.lookup("api/test", "k")).entry).toBeUndefined();
  });
});
