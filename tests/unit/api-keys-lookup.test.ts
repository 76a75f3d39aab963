import { createHash, timingSafeEqual } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { HashIndex, hashApiKey, maskKey } from "../../gateway/access/hash-index";
import { InvalidKeyLimiter } from "../../gateway/access/invalid-key-limiter";
import { apiKeyHash, generateApiKeyValue } from "../../lib/services/api-keys";

describe("API key hash lookup", () => {
  it("hashes like the management service (SHA-256 hex)", () => {
    const value = generateApiKeyValue();
    expect(value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(hashApiKey(value)).toBe(apiKeyHash(value));
    expect(hashApiKey(value)).toBe(createHash("sha256").update(value).digest("hex"));
  });

  it("finds entries by the presented value's hash and confirms them with timingSafeEqual", () => {
    const spy = vi.fn(timingSafeEqual);
    const index = new HashIndex<{ id: string }>(spy);
    const value = "abcdefghijklmnopqrstuvwxyz0123456789ABCD";
    index.set(hashApiKey(value), { id: "k1" });
    expect(index.lookup(value)).toEqual({ id: "k1" });
    expect(index.lookup(value.slice(0, -1))).toBeUndefined();
    expect(index.lookup(`${value}x`)).toBeUndefined();
    expect(index.lookup("")).toBeUndefined();
    // Only a hash hit is compared, and in constant time over the whole digest.
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0][0]).toHaveLength(32);
    index.delete(hashApiKey(value));
    expect(index.lookup(value)).toBeUndefined();
  });

  it("never holds the values themselves", () => {
    const index = new HashIndex<{ id: string }>();
    const value = "secret-value-secret-value-1234";
    index.set(hashApiKey(value), { id: "k" });
    expect(JSON.stringify([...(index as unknown as { entries: Map<string, unknown> }).entries.keys()])).not.toContain(value);
  });

  it("masks keys for logs to at most 4 characters", () => {
    expect(maskKey("abcdefghijklmnopqrstuvwxyz")).toBe("abcd…");
    expect(maskKey("abc")).toBe("…");
  });
});

describe("invalid key limiter", () => {
  it("blocks a client after N invalid keys within the window, for the cool-down, per IP", () => {
    let now = 0;
    const limiter = new InvalidKeyLimiter({ maxAttempts: 3, windowMs: 60_000, cooldownMs: 10_000 }, () => now);
    expect(limiter.recordInvalid("1.1.1.1")).toBe(false);
    expect(limiter.recordInvalid("1.1.1.1")).toBe(false);
    expect(limiter.isBlocked("1.1.1.1")).toBe(false);
    expect(limiter.recordInvalid("1.1.1.1")).toBe(true);
    expect(limiter.isBlocked("1.1.1.1")).toBe(true);
    expect(limiter.isBlocked("2.2.2.2")).toBe(false);
    now += 9_999;
    expect(limiter.isBlocked("1.1.1.1")).toBe(true);
    now += 1;
    expect(limiter.isBlocked("1.1.1.1")).toBe(false);
    // A fresh start after the cool-down.
    expect(limiter.recordInvalid("1.1.1.1")).toBe(false);
  });

  it("forgets attempts older than the window", () => {
    let now = 0;
    const limiter = new InvalidKeyLimiter({ maxAttempts: 3, windowMs: 1000, cooldownMs: 10_000 }, () => now);
    limiter.recordInvalid("ip");
    limiter.recordInvalid("ip");
    now = 1000;
    expect(limiter.recordInvalid("ip")).toBe(false);
    expect(limiter.isBlocked("ip")).toBe(false);
  });
});
