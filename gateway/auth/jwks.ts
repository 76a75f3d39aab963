import type { JsonWebKey } from "node:crypto";
import { Agent, request } from "undici";

/**
 * JWKS documents per URL: fetched with a timeout, kept for the response's
 * `max-age` (bounded to 10 minutes, default 5), refetched when a token names
 * an unknown `kid` (key rotation) at most once per 30 s per URL, concurrent
 * fetches for one URL coalesced. A failed refetch keeps serving the keys it
 * had. fetch and clock are injectable for tests.
 */

export type Jwk = JsonWebKey & { kid?: string; alg?: string; use?: string };

export interface JwksFetchResult {
  keys: Jwk[];
  /** Seconds from Cache-Control max-age, if any. */
  maxAgeSeconds?: number;
}

export type JwksFetcher = (url: string, timeoutMs: number) => Promise<JwksFetchResult>;

export class JwksUnavailable extends Error {}

export interface JwksCacheOptions {
  fetch?: JwksFetcher;
  now?: () => number;
  timeoutMs?: number;
  maxTtlMs?: number;
  defaultTtlMs?: number;
  /** Least time between two fetches of one URL caused by unknown kids. */
  refetchIntervalMs?: number;
  /** After a failed first fetch, requests fail fast for this long before the next try. */
  failureBackoffMs?: number;
}

interface Entry {
  keys: Jwk[];
  expiresAt: number;
  lastFetchAt: number;
  inFlight?: Promise<Jwk[]>;
}

let agent: Agent | undefined;

/** GET with undici; the body must be a JSON object with a `keys` array. */
export const undiciJwksFetcher: JwksFetcher = async (url, timeoutMs) => {
  agent ??= new Agent({ keepAliveTimeout: 30_000, connections: 8 });
  const res = await request(url, {
    method: "GET",
    headers: { accept: "application/json" },
    dispatcher: agent,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
    maxRedirections: 0,
  } as Parameters<typeof request>[1]);
  const text = await res.body.text();
  if (res.statusCode < 200 || res.statusCode > 299) throw new Error(`JWKS endpoint answered ${res.statusCode}`);
  const body = JSON.parse(text) as { keys?: unknown };
  if (!body || !Array.isArray(body.keys)) throw new Error("JWKS document has no keys array");
  const cc = res.headers["cache-control"];
  const m = /max-age=(\d+)/i.exec(Array.isArray(cc) ? cc.join(",") : (cc ?? ""));
  return { keys: body.keys.filter((k): k is Jwk => !!k && typeof k === "object"), maxAgeSeconds: m ? Number(m[1]) : undefined };
};

export class JwksCache {
  private readonly entries = new Map<string, Entry>();
  private readonly fetcher: JwksFetcher;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly maxTtlMs: number;
  private readonly defaultTtlMs: number;
  private readonly refetchIntervalMs: number;
  private readonly failureBackoffMs: number;

  constructor(options: JwksCacheOptions = {}) {
    this.fetcher = options.fetch ?? undiciJwksFetcher;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 3_000;
    this.maxTtlMs = options.maxTtlMs ?? 10 * 60_000;
    this.defaultTtlMs = options.defaultTtlMs ?? 5 * 60_000;
    this.refetchIntervalMs = options.refetchIntervalMs ?? 30_000;
    this.failureBackoffMs = options.failureBackoffMs ?? 5_000;
  }

  private fetchInto(url: string, entry: Entry | undefined): Promise<Jwk[]> {
    if (entry?.inFlight) return entry.inFlight;
    const target: Entry = entry ?? { keys: [], expiresAt: 0, lastFetchAt: 0 };
    if (!entry) this.entries.set(url, target);
    target.lastFetchAt = this.now();
    const timeout = new Promise<never>((_, reject) => {
      const t = setTimeout(() => reject(new JwksUnavailable(`JWKS fetch timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
      t.unref?.();
    });
    target.inFlight = Promise.race([this.fetcher(url, this.timeoutMs), timeout])
      .then((result) => {
        const ttl = result.maxAgeSeconds !== undefined ? Math.min(result.maxAgeSeconds * 1000, this.maxTtlMs) : this.defaultTtlMs;
        target.keys = result.keys;
        target.expiresAt = this.now() + ttl;
        return target.keys;
      })
      .catch((err: unknown) => {
        // Keep what we had (if anything); try again no sooner than the refetch interval.
        if (target.keys.length > 0) return target.keys;
        throw err instanceof JwksUnavailable ? err : new JwksUnavailable(`JWKS fetch failed: ${(err as Error)?.message ?? String(err)}`);
      })
      .finally(() => {
        target.inFlight = undefined;
      });
    return target.inFlight;
  }

  /** The keys for a URL (fetched when missing or expired). */
  async keys(url: string): Promise<Jwk[]> {
    const entry = this.entries.get(url);
    if (entry && entry.keys.length > 0 && entry.expiresAt > this.now()) return entry.keys;
    if (entry && entry.keys.length === 0 && !entry.inFlight && this.now() - entry.lastFetchAt < this.failureBackoffMs && entry.expiresAt === 0) {
      throw new JwksUnavailable("JWKS endpoint failed recently; not retrying yet");
    }
    return this.fetchInto(url, entry);
  }

  /**
   * The key with this kid (or, without a kid, the candidates): a kid not in
   * the cached set triggers one refetch, at most once per interval per URL.
   */
  async find(url: string, kid: string | undefined): Promise<Jwk[]> {
    let keys = await this.keys(url);
    const pick = (ks: Jwk[]) => (kid === undefined ? ks : ks.filter((k) => k.kid === kid));
    let found = pick(keys);
    if (found.length > 0 || kid === undefined) return found;
    const entry = this.entries.get(url);
    if (entry && (entry.inFlight || this.now() - entry.lastFetchAt >= this.refetchIntervalMs)) {
      keys = await this.fetchInto(url, entry);
      found = pick(keys);
    }
    return found;
  }
}
