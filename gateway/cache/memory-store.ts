import { ByteLru } from "./lru";
import { entrySize, type CachedResponse } from "./entry";

/**
 * The in-memory cache: one byte-bounded LRU per stage, each at most its
 * stage's capacity, and all of them together at most `maxBytes`
 * (GATEHOUSE_CACHE_MAX_MEMORY_MB): beyond that the least recently used entry
 * of any stage goes first.
 */
export class MemoryCacheStore {
  private readonly stages = new Map<string, ByteLru<CachedResponse>>();
  private total = 0;

  constructor(
    readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(namespace: string, key: string): CachedResponse | undefined {
    const lru = this.stages.get(namespace);
    if (!lru) return undefined;
    const before = lru.byteSize;
    const value = lru.get(key);
    this.total += lru.byteSize - before;
    return value;
  }

  /** Stores the entry; false when it does not fit (over the stage's capacity, or not positive TTL). */
  set(namespace: string, key: string, entry: CachedResponse, ttlMs: number, capacityBytes: number): boolean {
    const capacity = Math.min(capacityBytes, this.maxBytes);
    let lru = this.stages.get(namespace);
    if (!lru) {
      lru = new ByteLru<CachedResponse>(capacity, this.now);
      this.stages.set(namespace, lru);
    } else if (lru.capacity !== capacity) {
      const before = lru.byteSize;
      lru.resize(capacity);
      this.total += lru.byteSize - before;
    }
    const size = entrySize(key, entry);
    const before = lru.byteSize;
    const stored = lru.set(key, entry, size, ttlMs);
    this.total += lru.byteSize - before;
    while (this.total > this.maxBytes) {
      // The process-wide bound: evict the least recently used entry among all stages.
      let oldest: ByteLru<CachedResponse> | undefined;
      for (const candidate of this.stages.values()) if (candidate.size > 0 && (!oldest || candidate.oldestUse < oldest.oldestUse)) oldest = candidate;
      if (!oldest) break;
      this.total -= oldest.evictOldest();
    }
    return stored && lru.get(key) !== undefined;
  }

  delete(namespace: string, key: string): void {
    const lru = this.stages.get(namespace);
    if (!lru) return;
    const before = lru.byteSize;
    lru.delete(key);
    this.total += lru.byteSize - before;
  }

  /** Drops every entry of the stage. */
  flush(namespace: string): void {
    const lru = this.stages.get(namespace);
    if (!lru) return;
    this.total -= lru.byteSize;
    this.stages.delete(namespace);
  }

  clear(): void {
    this.stages.clear();
    this.total = 0;
  }

  stats(namespace: string): { entries: number; bytes: number } {
    const lru = this.stages.get(namespace);
    return { entries: lru?.size ?? 0, bytes: lru?.byteSize ?? 0 };
  }

  get totalBytes(): number {
    return this.total;
  }
}
