import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { REDIS_TEST_URL, redisForTests } from "../helpers/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PENDING_WRITES, ResponseCache } from "../../gateway/cache/response-cache";
import { connectRedis, type RedisConnection } from "../../gateway/state/redis-connection";

/**
 * The Redis cache's writes leave after the response (ResponseCache.storeAfterResponse): batched in one
 * pipeline per event-loop turn, bounded, and readable by another instance once they landed.
 */
const URL = REDIS_TEST_URL;
const PREFIX = `gatehouse-test:${randomBytes(4).toString("hex")}:cache:`;


const available = await redisForTests("cache-redis-writes");

const quiet = () => {};
const entry = (text: string) => ({ statusCode: 200, headers: [["Content-Type", "text/plain"]] as Array<[string, string]>, body: Buffer.from(text) });
const drained = async (cache: ResponseCache) => {
  for (let i = 0; i < 100 && cache.writesInFlight > 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(cache.writesInFlight).toBe(0);
};

describe.skipIf(!available)("Redis response cache writes", () => {
  let a: RedisConnection;
  let b: RedisConnection;
  let one: ResponseCache;
  let two: ResponseCache;

  beforeAll(async () => {
    [a, b] = await Promise.all([connectRedis(URL, quiet), connectRedis(URL, quiet)]);
    one = new ResponseCache({ maxMemoryBytes: 64 * 1024 * 1024, redis: a, redisPrefix: PREFIX, log: quiet });
    two = new ResponseCache({ maxMemoryBytes: 64 * 1024 * 1024, redis: b, redisPrefix: PREFIX, log: quiet });
  });

  afterAll(async () => {
    one?.close();
    two?.close();
    const client = new Redis(URL);
    const keys = await client.keys(`${PREFIX}*`);
    if (keys.length) await client.del(...keys);
    client.disconnect();
    await Promise.all([a?.close(), b?.close()]);
  });

  it("stores after the caller returned, in one batch, readable by another instance", async () => {
    const lookups = await Promise.all(Array.from({ length: 20 }, (_, i) => one.lookup("api/s", `k${i}`)));
    expect(lookups.every((l) => l.backend === "redis" && !l.entry)).toBe(true);
    lookups.forEach((l, i) => one.storeAfterResponse("api/s", `k${i}`, l, entry(`v${i}`), 60_000, 1024 ** 3));
    expect(one.writesInFlight).toBe(20); // queued, nothing sent yet
    expect((await one.lookup("api/s", "k3")).entry?.body.toString()).toBe("v3"); // this instance sees its near copy at once
    await drained(one);
    const fromTwo = await two.lookup("api/s", "k7");
    expect(fromTwo.backend).toBe("redis");
    expect(fromTwo.entry?.body.toString()).toBe("v7");
  });

  it("skips stores past MAX_PENDING_WRITES instead of piling them up", async () => {
    const lookup = await one.lookup("api/s", "bound");
    const before = one.droppedWrites;
    for (let i = 0; i < MAX_PENDING_WRITES + 10; i++) one.storeAfterResponse("api/s", `b${i}`, lookup, entry("x"), 60_000, 1024 ** 3);
    expect(one.writesInFlight).toBe(MAX_PENDING_WRITES);
    expect(one.droppedWrites - before).toBe(10);
    await drained(one);
  });
});
