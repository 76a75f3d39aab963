import type { StateBackend } from "./backend";
import { MemoryStateBackend } from "./memory-backend";
import { RedisStateBackend, type QuotaOutagePolicy } from "./redis-backend";
import { connectRedis, type Log, type RedisConnection } from "./redis-connection";

export type { StateBackend, BucketRequest, QuotaRequest, QuotaResult } from "./backend";
export { MemoryStateBackend } from "./memory-backend";
export { RedisStateBackend } from "./redis-backend";
export { connectRedis, type RedisConnection } from "./redis-connection";

export interface StateOptions {
  /** REDIS_URL: unset keeps everything in this process's memory. */
  redisUrl?: string;
  /** Prefix of every key this gateway writes (GATEHOUSE_REDIS_KEY_PREFIX). */
  redisKeyPrefix?: string;
  quotaOutagePolicy?: QuotaOutagePolicy;
  /** An already open connection to reuse (tests). */
  connection?: RedisConnection;
}

/** The memory backend, or the Redis one when a URL is given (starting even if Redis does not answer yet). */
export async function createStateBackend(options: StateOptions, log: Log): Promise<StateBackend> {
  if (!options.redisUrl && !options.connection) return new MemoryStateBackend();
  const connection = options.connection ?? (await connectRedis(options.redisUrl!, log));
  return new RedisStateBackend(connection, options.redisKeyPrefix ?? "gatehouse:", options.quotaOutagePolicy ?? "allow", log);
}
