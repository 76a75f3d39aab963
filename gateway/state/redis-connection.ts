import { Redis } from "ioredis";

export type Log = (level: "info" | "warn" | "error", message: string) => void;

/**
 * One Redis connection shared by the gateway's Redis-backed state (throttle
 * buckets, quotas — gateway/state/ — and the response cache). It never makes a
 * request wait on a dead Redis:
 *
 * - commands are not queued while disconnected (`enableOfflineQueue: false`):
 *   they fail at once, and callers fall back to local state;
 * - every command has a short timeout (`commandTimeoutMs`, default 100 ms);
 * - a circuit breaker: after `failureThreshold` consecutive failures (timeouts
 *   included) `isUp()` answers false for `openMs`, so callers skip Redis
 *   without even trying; then one call is let through to probe it again;
 * - the socket reconnects by itself with exponential backoff (100 ms … 5 s,
 *   with jitter), and `onUp` listeners run when it is ready again.
 *
 * Callers check `isUp()` before a command and report its outcome with
 * `succeeded()` / `failed(err)` (or use `run`, which does all three).
 */
export interface RedisConnection {
  readonly client: Redis;
  readonly url: string;
  /** Connected and the breaker closed (or half-open: a probe may go through). */
  isUp(): boolean;
  /** Runs `fn` if Redis is up, with the breaker's bookkeeping; `undefined` if Redis is down or `fn` failed. */
  run<T>(fn: (client: Redis) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: Error }>;
  succeeded(): void;
  failed(err: unknown): void;
  /** Called when Redis becomes unusable (connection lost or breaker opened). Returns an unsubscribe function. */
  onDown(listener: () => void): () => void;
  /** Called when Redis is usable again (connected and ready). Returns an unsubscribe function. */
  onUp(listener: () => void): () => void;
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  /** Per-command timeout (ms). */
  commandTimeoutMs?: number;
  /** How long connectRedis waits for the first connection before resolving anyway (ms). */
  firstConnectWaitMs?: number;
  /** Consecutive failures that open the breaker. */
  failureThreshold?: number;
  /** How long the breaker stays open (ms). */
  openMs?: number;
  /** Longest reconnect delay (ms). */
  maxBackoffMs?: number;
}

/** Hides the password in a Redis URL for logs. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "****";
    return u.toString();
  } catch {
    return "redis://…";
  }
}

/**
 * Connects to Redis at `url`. Resolves once connected, or after
 * `firstConnectWaitMs` if Redis does not answer (the gateway then starts on
 * local state, and the connection keeps retrying in the background).
 */
export async function connectRedis(url: string, log: Log, options: RedisConnectionOptions = {}): Promise<RedisConnection> {
  const commandTimeoutMs = options.commandTimeoutMs ?? 100;
  const failureThreshold = options.failureThreshold ?? 3;
  const openMs = options.openMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const shown = redactRedisUrl(url);

  let closing = false;
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 1_000,
    enableReadyCheck: true,
    // No auto-pipelining: it defers every command to setImmediate, and measured (bench/cache.ts) it cut the
    // Redis throughput of every request about in half; the cache batches its own writes instead.
    enableAutoPipelining: false,
    retryStrategy: (times: number) => {
      if (closing) return null;
      const base = Math.min(maxBackoffMs, 100 * 2 ** Math.min(times - 1, 10));
      return Math.round(base / 2 + Math.random() * (base / 2));
    },
  });

  const downListeners = new Set<() => void>();
  const upListeners = new Set<() => void>();
  let ready = false;
  /** Whether listeners were last told "up" (so each transition is announced once). */
  let announcedUp = false;
  let everUp = false;
  let consecutiveFailures = 0;
  let openUntil = 0;

  const emit = (set: Set<() => void>) => {
    for (const l of set) {
      try {
        l();
      } catch (err) {
        log("error", `redis listener failed: ${(err as Error).message}`);
      }
    }
  };
  const announceDown = (why: string) => {
    if (!announcedUp) return;
    announcedUp = false;
    log("warn", `Redis ${shown} unavailable (${why}): using local limits until it is back`);
    emit(downListeners);
  };
  const announceUp = () => {
    if (announcedUp || closing) return;
    announcedUp = true;
    log("info", everUp ? `Redis ${shown} is back: shared limits and quotas resumed` : `connected to Redis ${shown}`);
    everUp = true;
    emit(upListeners);
  };

  client.on("ready", () => {
    ready = true;
    consecutiveFailures = 0;
    openUntil = 0;
    announceUp();
  });
  client.on("close", () => {
    ready = false;
    if (!closing) announceDown("connection closed");
  });
  let lastErrorLog = 0;
  client.on("error", (err: Error) => {
    // ioredis emits an error per failed reconnect: log at most every 30 s.
    const now = Date.now();
    if (now - lastErrorLog > 30_000) {
      lastErrorLog = now;
      log("warn", `Redis ${shown}: ${err.message}`);
    }
  });

  const isUp = () => ready && !closing && Date.now() >= openUntil;
  const succeeded = () => {
    consecutiveFailures = 0;
    if (ready) announceUp();
  };
  const failed = (err: unknown) => {
    consecutiveFailures++;
    if (consecutiveFailures >= failureThreshold && Date.now() >= openUntil) {
      openUntil = Date.now() + openMs;
      announceDown(`${consecutiveFailures} failed commands, the last: ${(err as Error)?.message ?? err}`);
    }
  };

  const connection: RedisConnection = {
    client,
    url,
    isUp,
    succeeded,
    failed,
    async run<T>(fn: (c: Redis) => Promise<T>) {
      if (!isUp()) return { ok: false as const, error: new Error("Redis is unavailable") };
      try {
        const value = await fn(client);
        succeeded();
        return { ok: true as const, value };
      } catch (err) {
        failed(err);
        return { ok: false as const, error: err as Error };
      }
    },
    onDown(listener) {
      downListeners.add(listener);
      return () => downListeners.delete(listener);
    },
    onUp(listener) {
      upListeners.add(listener);
      return () => upListeners.delete(listener);
    },
    async close() {
      closing = true;
      ready = false;
      if (client.status !== "ready") {
        client.disconnect();
        return;
      }
      try {
        await Promise.race([client.quit(), new Promise((_, reject) => setTimeout(() => reject(new Error("quit timed out")), 1_000).unref())]);
      } catch {
        client.disconnect();
      }
    },
  };

  const firstWait = options.firstConnectWaitMs ?? 2_000;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      log("warn", `Redis ${shown} did not answer within ${firstWait} ms: starting with local limits, retrying in the background`);
      resolve();
    }, firstWait);
    client.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
    client.connect().catch(() => {
      // Reconnection continues under retryStrategy; the timer resolves.
    });
  });
  return connection;
}
