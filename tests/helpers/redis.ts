import { Redis } from "ioredis";

/** The Redis the tests use: REDIS_TEST_URL, else a local one (.ci/run starts one in CI). */
export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";

/** Whether a Redis at `url` answers PING (within a second; never retries). */
export async function redisAnswers(url = REDIS_TEST_URL): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * Whether `label`'s Redis tests can run: in CI a missing Redis is an error (those tests must not skip),
 * elsewhere they skip with a visible line saying why.
 */
export async function redisForTests(label: string, what = "Redis tests"): Promise<boolean> {
  if (await redisAnswers()) return true;
  if (process.env.CI) throw new Error(`No Redis answers at ${REDIS_TEST_URL}; CI must provide one (.ci/run starts it).`);
  console.warn(`\n[${label}] SKIPPING the ${what}: no Redis answers at ${REDIS_TEST_URL} (set REDIS_TEST_URL or run redis-server)\n`);
  return false;
}
