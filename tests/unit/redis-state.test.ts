import { randomBytes } from "node:crypto";
import { REDIS_TEST_URL, redisForTests } from "../helpers/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStateBackend } from "../../gateway/state/redis-backend";
import { connectRedis, type RedisConnection } from "../../gateway/state/redis-connection";

/**
 * The Redis backend against a real Redis (REDIS_TEST_URL, else 127.0.0.1:6379)
 * with a unique key prefix. Without one it skips with a message, except in CI.
 */
const URL = REDIS_TEST_URL;
const PREFIX = `gatehouse-test:${randomBytes(4).toString("hex")}:`;


const available = await redisForTests("redis-state");

const quiet = () => {};

describe.skipIf(!available)("Redis state backend", () => {
  let a: RedisConnection;
  let b: RedisConnection;
  let one: RedisStateBackend;
  let two: RedisStateBackend;

  beforeAll(async () => {
    a = await connectRedis(URL, quiet);
    b = await connectRedis(URL, quiet);
    one = new RedisStateBackend(a, PREFIX, "allow", quiet);
    two = new RedisStateBackend(b, PREFIX, "allow", quiet);
  });
  afterAll(async () => {
    const keys = await a.client.keys(`${PREFIX}*`);
    if (keys.length) await a.client.del(...keys);
    await one.close();
    await two.close();
  });

  it("shares one token bucket between two instances (all or nothing over several buckets)", async () => {
    const limits = { rateLimit: 0, burstLimit: 5 };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).take([{ key: "shared", limits }])));
    expect(results.filter((r) => r === -1)).toHaveLength(5);
    // A refused second bucket takes nothing from the first.
    const first = { key: "first", limits: { rateLimit: 0, burstLimit: 2 } };
    const empty = { key: "empty", limits: { rateLimit: 0, burstLimit: 0 } };
    expect(await one.take([first, empty])).toBe(1);
    expect(await two.take([first])).toBe(-1);
    expect(await one.take([first])).toBe(-1);
    expect(await two.take([first])).toBe(0);
  });

  it("refills at the rate, on Redis's clock", async () => {
    const limits = { rateLimit: 20, burstLimit: 1 };
    expect(await one.take([{ key: "refill", limits }])).toBe(-1);
    expect(await two.take([{ key: "refill", limits }])).toBe(0);
    await new Promise((r) => setTimeout(r, 80));
    expect(await two.take([{ key: "refill", limits }])).toBe(-1);
  });

  it("never lets a quota be exceeded by concurrent requests on two instances", async () => {
    const quota = { key: "plan:key:2026-11-27", limit: 100, periodEndsAt: Date.now() + 3_600_000, localUsed: 0 };
    const results = await Promise.all(Array.from({ length: 250 }, (_, i) => (i % 2 ? one : two).consumeQuota(quota)));
    expect(results.filter((r) => r.ok)).toHaveLength(100);
    expect(results.filter((r) => !r.ok && r.reason === "exceeded")).toHaveLength(150);
  });

  it("seeds a missing counter with what the instance knows was used, and reconciles up to PostgreSQL's totals", async () => {
    const quota = { key: "plan:seeded:2026-11-27", limit: 10, periodEndsAt: Date.now() + 3_600_000, localUsed: 8 };
    expect((await one.consumeQuota(quota)).ok).toBe(true); // 9
    await two.reconcileQuotas([{ key: quota.key, used: 10, periodEndsAt: quota.periodEndsAt }]);
    expect(await one.consumeQuota(quota)).toEqual({ ok: false, reason: "exceeded" });
    // Reconciling never lowers a counter.
    await two.reconcileQuotas([{ key: quota.key, used: 3, periodEndsAt: quota.periodEndsAt }]);
    expect(await a.client.get(`${PREFIX}q:${quota.key}`)).toBe("10");
  });

  it("falls back at once to local limits when Redis is unreachable, and the outage policy decides quotas", async () => {
    // A port nobody listens on: the connection never becomes ready.
    const dead = await connectRedis("redis://127.0.0.1:1", quiet, { firstConnectWaitMs: 200 });
    try {
      const allow = new RedisStateBackend(dead, PREFIX, "allow", quiet);
      const deny = new RedisStateBackend(dead, PREFIX, "deny", quiet);
      expect(allow.isShared()).toBe(false);
      const started = Date.now();
      const limits = { rateLimit: 0, burstLimit: 2 };
      expect(await allow.take([{ key: "local", limits }])).toBe(-1);
      expect(await allow.take([{ key: "local", limits }])).toBe(-1);
      expect(await allow.take([{ key: "local", limits }])).toBe(0);
      const quota = { key: "plan:outage:day", limit: 5, periodEndsAt: Date.now() + 60_000, localUsed: 4 };
      expect(await allow.consumeQuota(quota)).toEqual({ ok: true, shared: false });
      expect(await allow.consumeQuota({ ...quota, localUsed: 5 })).toEqual({ ok: false, reason: "exceeded" });
      expect(await deny.consumeQuota(quota)).toEqual({ ok: false, reason: "unavailable" });
      expect(Date.now() - started).toBeLessThan(100);
    } finally {
      await dead.close();
    }
  });
});
