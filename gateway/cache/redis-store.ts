import type { RedisConnection } from "../state/redis-connection";
import { decodeEntry, encodeEntry, type CachedResponse } from "./entry";

/**
 * Reads the stage's generation and the entry under it in one round trip:
 * KEYS[1] = generation key, ARGV[1] = entry key prefix, ARGV[2] = entry key.
 */
const GET_SCRIPT = `local g = redis.call('GET', KEYS[1]) or '0'
local k = ARGV[1] .. g .. ':' .. ARGV[2]
local v = redis.call('GET', k)
if v then return {g, v, redis.call('PTTL', k)} end
return {g, false, -2}`;

/** KEYS[1] = the flush's marker, KEYS[2] = generation key: one INCR per flush id. */
const FLUSH_ONCE_SCRIPT = `if redis.call('SET', KEYS[1], '1', 'NX', 'PX', 86400000) then return redis.call('INCR', KEYS[2]) end
return redis.call('GET', KEYS[2])`;

/**
 * The shared cache in Redis. Entries live at `{prefix}e:{stage}:{generation}:{key}`
 * with their TTL (`SET … PX`); a flush increments `{prefix}gen:{stage}`, so it
 * is O(1) and the old generation's entries are never read again and expire
 * by themselves. Redis's own memory limit and eviction policy bound the size
 * (configure `maxmemory` with `volatile-lru` or `allkeys-lru`).
 */
type GetCommand = (genKey: string, entryPrefix: string, key: string) => Promise<[Buffer, Buffer | null, number]>;

export class RedisCacheStore {
  /** The lookup script, sent once and then run by its SHA (ioredis's defineCommand: EVALSHA, EVAL on NOSCRIPT). */
  private readonly getCommand: GetCommand;

  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {
    redis.client.defineCommand("gatehouseCacheGet", { numberOfKeys: 1, lua: GET_SCRIPT });
    const client = redis.client as unknown as { gatehouseCacheGetBuffer: GetCommand };
    this.getCommand = (...args) => client.gatehouseCacheGetBuffer(...args);
  }

  get up(): boolean {
    return this.redis.isUp();
  }

  private genKey(namespace: string): string {
    return `${this.prefix}gen:${namespace}`;
  }

  private entryPrefix(namespace: string): string {
    return `${this.prefix}e:${namespace}:`;
  }

  /** The entry (or null), its remaining TTL (ms) and the generation it was looked up in; undefined when Redis failed. */
  async get(namespace: string, key: string): Promise<{ entry: CachedResponse | null; ttlMs: number; generation: string } | undefined> {
    const result = await this.redis.run(() => this.getCommand(this.genKey(namespace), this.entryPrefix(namespace), key));
    if (!result.ok) return undefined;
    const [generation, data, ttlMs] = result.value;
    return { generation: generation.toString(), entry: data ? decodeEntry(data) : null, ttlMs: Number(ttlMs) };
  }

  /** Stores under the generation seen by the lookup, so that an answer computed before a flush never outlives it. */
  async set(namespace: string, key: string, generation: string, entry: CachedResponse, ttlMs: number): Promise<boolean> {
    const result = await this.redis.run((client) => client.set(`${this.entryPrefix(namespace)}${generation}:${key}`, encodeEntry(entry), "PX", Math.max(1, Math.round(ttlMs))));
    return result.ok;
  }

  /**
   * Several stores in one pipeline (one write, one read of the replies): how the writes of the misses of
   * one event-loop turn go out. True when Redis answered (single SETs may still have failed).
   */
  async setMany(items: Array<{ namespace: string; key: string; generation: string; entry: CachedResponse; ttlMs: number }>): Promise<boolean> {
    const result = await this.redis.run((client) => {
      const pipeline = client.pipeline();
      for (const i of items) pipeline.set(`${this.entryPrefix(i.namespace)}${i.generation}:${i.key}`, encodeEntry(i.entry), "PX", Math.max(1, Math.round(i.ttlMs)));
      return pipeline.exec();
    });
    return result.ok;
  }

  async delete(namespace: string, key: string, generation: string): Promise<void> {
    await this.redis.run((client) => client.del(`${this.entryPrefix(namespace)}${generation}:${key}`));
  }

  /**
   * Starts a new generation for the stage; false when Redis could not be
   * reached. Every instance hears a flush notice: with its `flushId`, only the
   * first to run bumps the generation (a marker key, SET NX, remembers the id
   * for a day), so entries stored meanwhile by instances that already flushed
   * are not orphaned by a second bump.
   */
  async flush(namespace: string, flushId?: string): Promise<boolean> {
    const result = await this.redis.run((client) =>
      flushId
        ? client.eval(FLUSH_ONCE_SCRIPT, 2, `${this.prefix}flushed:${namespace}:${flushId}`, this.genKey(namespace))
        : client.incr(this.genKey(namespace)),
    );
    return result.ok;
  }
}
