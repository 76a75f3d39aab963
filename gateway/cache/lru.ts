/**
 * A least-recently-used map bounded by bytes (each entry states its size) and
 * by time (each entry has its own expiry). Expired entries are dropped when
 * read; the least recently used ones when a write would exceed `maxBytes`.
 * The clock is injectable for tests.
 */
export class ByteLru<V> {
  /** Map iteration order is insertion order: re-inserting on use keeps the oldest first. */
  private readonly entries = new Map<string, { value: V; size: number; expiresAt: number; usedAt: number }>();
  private bytes = 0;

  constructor(
    private maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Bytes held by live and not yet dropped entries. */
  get byteSize(): number {
    return this.bytes;
  }

  get capacity(): number {
    return this.maxBytes;
  }

  /** When the least recently used entry was last used (Infinity when empty). */
  get oldestUse(): number {
    for (const entry of this.entries.values()) return entry.usedAt;
    return Infinity;
  }

  /** A new capacity; entries beyond it are evicted at once. */
  resize(maxBytes: number): void {
    this.maxBytes = maxBytes;
    this.evictTo(maxBytes);
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (entry.expiresAt <= now) {
      this.remove(key);
      return undefined;
    }
    this.entries.delete(key);
    entry.usedAt = now;
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` for `ttlMs`; false (nothing stored) when it alone exceeds the capacity or the TTL is not positive. */
  set(key: string, value: V, size: number, ttlMs: number): boolean {
    this.remove(key);
    if (size > this.maxBytes || ttlMs <= 0) return false;
    this.evictTo(this.maxBytes - size);
    const now = this.now();
    this.entries.set(key, { value, size, expiresAt: now + ttlMs, usedAt: now });
    this.bytes += size;
    return true;
  }

  delete(key: string): boolean {
    return this.remove(key);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  /** Drops the least recently used entry; its size, or 0 when empty. */
  evictOldest(): number {
    for (const [key, entry] of this.entries) {
      this.remove(key);
      return entry.size;
    }
    return 0;
  }

  private evictTo(target: number): void {
    while (this.bytes > target && this.entries.size > 0) this.evictOldest();
  }

  private remove(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.bytes -= entry.size;
    return true;
  }
}
