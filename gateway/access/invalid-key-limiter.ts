import type { Clock } from "./token-bucket";

export interface InvalidKeyLimits {
  /** Invalid key attempts from one source IP within `windowMs` before it is blocked. */
  maxAttempts: number;
  windowMs: number;
  /** How long a blocked IP is answered 429 without any key lookup. */
  cooldownMs: number;
}

export const DEFAULT_INVALID_KEY_LIMITS: InvalidKeyLimits = { maxAttempts: 20, windowMs: 60_000, cooldownMs: 60_000 };

/**
 * Slows down key guessing: after `maxAttempts` unknown or disabled keys from
 * one client IP within a window, that IP's requests to key-protected methods
 * get 429 for a cool-down, without looking keys up.
 */
export class InvalidKeyLimiter {
  private readonly clients = new Map<string, { windowStart: number; attempts: number; blockedUntil: number }>();

  constructor(
    readonly limits: InvalidKeyLimits = DEFAULT_INVALID_KEY_LIMITS,
    private readonly now: Clock = Date.now,
  ) {}

  isBlocked(ip: string): boolean {
    const entry = this.clients.get(ip);
    if (!entry) return false;
    if (entry.blockedUntil > this.now()) return true;
    if (entry.blockedUntil > 0) this.clients.delete(ip);
    return false;
  }

  /** Counts one invalid attempt; true when this one blocked the IP. */
  recordInvalid(ip: string): boolean {
    const at = this.now();
    let entry = this.clients.get(ip);
    if (!entry || at - entry.windowStart >= this.limits.windowMs) {
      entry = { windowStart: at, attempts: 0, blockedUntil: 0 };
      this.clients.set(ip, entry);
    }
    entry.attempts++;
    if (this.clients.size > 10_000) this.sweep(at);
    if (entry.attempts >= this.limits.maxAttempts) {
      entry.blockedUntil = at + this.limits.cooldownMs;
      return true;
    }
    return false;
  }

  private sweep(at: number): void {
    for (const [ip, e] of this.clients) if (e.blockedUntil <= at && at - e.windowStart >= this.limits.windowMs) this.clients.delete(ip);
  }
}
