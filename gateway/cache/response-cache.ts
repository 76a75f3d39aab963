import type { RedisConnection } from "../state/redis-connection";
import { cloneEntry, type CachedResponse } from "./entry";
import { MemoryCacheStore } from "./memory-store";
import { RedisCacheStore } from "./redis-store";

type Log = (level: "info" | "warn" | "error", message: string) => void;

/** AWS's cache sizes (GB), smallest first. */
export const CACHE_CLUSTER_SIZES = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"] as const;

/** A stage's capacity in bytes: its cacheClusterSize read as GB (1 GB = 1024³ bytes), 0.5 GB for an unknown size. */
export function capacityBytes(size: string): number {
  const gb = Number(size);
  return Math.round((Number.isFinite(gb) && gb > 0 ? gb : 0.5) * 1024 ** 3);
}

/** Where a lookup was answered from, and (Redis) in which generation, so that the store goes to the same place. */
export interface CacheLookup {
  entry?: CachedResponse;
  backend: "memory" | "redis";
  generation?: string;
}

export interface CacheStats {
  backend: "memory" | "redis";
  /** Entries and bytes held for the stage (in-memory backend; null with Redis, which is shared and not scanned). */
  entries: number | null;
  bytes: number | null;
  /** The stage's capacity as served by this process: min(cacheClusterSize, GATEHOUSE_CACHE_MAX_MEMORY_MB). */
  capacityBytes: number;
  /** Lookups answered from the cache and those that were not, on this gateway process since it started. */
  hits: number;
  misses: number;
}

/**
 * With Redis, each process also keeps the entries it read or wrote in memory
 * for at most this long (and never past their Redis expiry), so a hot key
 * costs no Redis round trip. Flushes clear it on every instance (they all hear
 * the notice); an invalidation (`max-age=0`) on another instance shows here
 * within this time.
 */
export const NEAR_CACHE_MS = 1000;

/**
 * Redis writes queued or started and not yet answered, at most: a miss's store
 * goes out after its response was sent (it never delays it), the stores of one
 * event-loop turn together in one pipeline; past this bound a store is skipped (a later miss stores the entry), so a slow Redis cannot pile up
 * encoded entries in memory.
 */
export const MAX_PENDING_WRITES = 256;

export interface ResponseCacheOptions {
  /** GATEHOUSE_CACHE_MAX_MEMORY_MB in bytes: the in-memory cache of all stages together. */
  maxMemoryBytes: number;
  /** Shared cache when REDIS_URL is set. */
  redis?: RedisConnection;
  /** Prefix of every Redis key (tests use a unique one). */
  redisPrefix?: string;
  log: Log;
  now?: () => number;
}

/**
 * The gateway's response cache: Redis when configured (shared by every
 * gateway instance), else a byte-bounded in-memory LRU per process. While
 * Redis is unreachable, each instance caches in its own memory (so the
 * backends stay protected); when Redis is back that local cache is dropped
 * and flushes missed meanwhile are replayed.
 */
export class ResponseCache {
  readonly memory: MemoryCacheStore;
  /** Hot Redis entries, for NEAR_CACHE_MS (Redis backend only). */
  private readonly near: MemoryCacheStore;
  private readonly redis?: RedisCacheStore;
  private readonly counters = new Map<string, { hits: number; misses: number }>();
  /** Stages whose Redis flush failed (with the flush's id): retried when Redis is back. */
  private readonly pendingFlushes = new Map<string, string | undefined>();
  private readonly unsubscribe: Array<() => void> = [];
  private pendingWrites = 0;
  private writeQueue: Array<{ namespace: string; key: string; generation: string; entry: CachedResponse; ttlMs: number }> = [];
  /** Stores skipped because MAX_PENDING_WRITES were in flight. */
  droppedWrites = 0;

  constructor(private readonly options: ResponseCacheOptions) {
    this.memory = new MemoryCacheStore(options.maxMemoryBytes, options.now);
    this.near = new MemoryCacheStore(Math.max(1024 * 1024, Math.floor(options.maxMemoryBytes / 8)), options.now);
    if (options.redis) {
      this.redis = new RedisCacheStore(options.redis, options.redisPrefix ?? "gatehouse:cache:");
      this.unsubscribe.push(
        options.redis.onDown(() => options.log("warn", "response cache: Redis unavailable, caching in this process's memory until it is back")),
        options.redis.onUp(() => {
          this.memory.clear();
          this.near.clear();
          void this.replayFlushes();
        }),
      );
    }
  }

  get backend(): "memory" | "redis" {
    return this.redis?.up ? "redis" : "memory";
  }

  /** `fresh`: skip this process's near copy (an invalidation must see Redis, and learn its generation). */
  async lookup(namespace: string, key: string, fresh = false): Promise<CacheLookup> {
    if (this.redis?.up) {
      const near = fresh ? undefined : this.near.get(namespace, key);
      if (near) return { backend: "redis", entry: cloneEntry(near) };
      const found = await this.redis.get(namespace, key);
      if (found) {
        if (found.entry && found.ttlMs > 0) this.near.set(namespace, key, found.entry, Math.min(found.ttlMs, NEAR_CACHE_MS), Number.MAX_SAFE_INTEGER);
        return { backend: "redis", generation: found.generation, entry: found.entry ? cloneEntry(found.entry) : undefined };
      }
    }
    const entry = this.memory.get(namespace, key);
    return { backend: "memory", entry: entry && cloneEntry(entry) };
  }

  /** Stores where the lookup looked. Never throws: a failed store only means a later miss. */
  async store(namespace: string, key: string, lookup: CacheLookup, entry: CachedResponse, ttlMs: number, capacity: number): Promise<void> {
    const copy = cloneEntry(entry);
    if (lookup.backend === "redis" && this.redis && lookup.generation !== undefined) {
      this.near.set(namespace, key, copy, Math.min(ttlMs, NEAR_CACHE_MS), Number.MAX_SAFE_INTEGER);
      await this.redis.set(namespace, key, lookup.generation, copy, ttlMs);
    } else this.memory.set(namespace, key, copy, ttlMs, capacity);
  }

  /**
   * Stores without making the response wait: the in-memory store is immediate (cheap, and a next request
   * on this process must see it); with Redis the near copy is kept at once and the entry is encoded and
   * written after the response went out (setImmediate), with at most MAX_PENDING_WRITES in flight.
   */
  storeAfterResponse(namespace: string, key: string, lookup: CacheLookup, entry: CachedResponse, ttlMs: number, capacity: number): void {
    if (!(lookup.backend === "redis" && this.redis && lookup.generation !== undefined)) {
      this.memory.set(namespace, key, cloneEntry(entry), ttlMs, capacity);
      return;
    }
    const copy = cloneEntry(entry);
    this.near.set(namespace, key, copy, Math.min(ttlMs, NEAR_CACHE_MS), Number.MAX_SAFE_INTEGER);
    if (this.pendingWrites >= MAX_PENDING_WRITES) {
      this.droppedWrites++;
      return;
    }
    this.pendingWrites++;
    this.writeQueue.push({ namespace, key, generation: lookup.generation, entry: copy, ttlMs });
    if (this.writeQueue.length === 1) setImmediate(() => void this.flushWrites());
  }

  /** Sends the queued stores in one Redis pipeline, after the responses of this event-loop turn went out. */
  private async flushWrites(): Promise<void> {
    const batch = this.writeQueue.splice(0);
    if (batch.length === 0 || !this.redis) return;
    try {
      if (!(await this.redis.setMany(batch))) this.options.log("warn", `response cache: could not store ${batch.length} entries in Redis`);
    } finally {
      this.pendingWrites -= batch.length;
    }
  }

  /** Redis writes not yet answered (tests wait for 0). */
  get writesInFlight(): number {
    return this.pendingWrites;
  }

  async delete(namespace: string, key: string, lookup: CacheLookup): Promise<void> {
    this.near.delete(namespace, key);
    if (lookup.backend === "redis" && this.redis && lookup.generation !== undefined) await this.redis.delete(namespace, key, lookup.generation);
    else this.memory.delete(namespace, key);
  }

  /** Drops every entry of the stage, here and (once per instance hearing the notice) in Redis. */
  async flush(namespace: string, flushId?: string): Promise<void> {
    this.memory.flush(namespace);
    this.near.flush(namespace);
    if (!this.redis) return;
    if (!(await this.redis.flush(namespace, flushId))) {
      this.pendingFlushes.set(namespace, flushId);
      this.options.log("warn", `response cache: could not flush ${namespace} in Redis; will retry when it is back`);
    }
  }

  /** Drops what this process holds (its memory cache and near copies), e.g. after flush notices may have been missed. */
  clearLocal(): void {
    this.memory.clear();
    this.near.clear();
  }

  count(namespace: string, hit: boolean): void {
    let c = this.counters.get(namespace);
    if (!c) this.counters.set(namespace, (c = { hits: 0, misses: 0 }));
    if (hit) c.hits++;
    else c.misses++;
  }

  stats(namespace: string, capacity: number): CacheStats {
    const counts = this.counters.get(namespace) ?? { hits: 0, misses: 0 };
    const backend = this.backend;
    const held = this.memory.stats(namespace);
    return {
      backend,
      entries: backend === "memory" ? held.entries : null,
      bytes: backend === "memory" ? held.bytes : null,
      capacityBytes: backend === "memory" ? Math.min(capacity, this.memory.maxBytes) : capacity,
      hits: counts.hits,
      misses: counts.misses,
    };
  }

  close(): void {
    for (const u of this.unsubscribe) u();
    this.writeQueue.length = 0;
    this.memory.clear();
    this.near.clear();
  }

  private async replayFlushes(): Promise<void> {
    for (const [namespace, flushId] of [...this.pendingFlushes]) {
      if (await this.redis!.flush(namespace, flushId)) this.pendingFlushes.delete(namespace);
    }
  }
}
