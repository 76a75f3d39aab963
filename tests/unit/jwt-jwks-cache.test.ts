import { describe, expect, it } from "vitest";
import { JwksCache, JwksUnavailable, type Jwk, type JwksFetcher } from "../../gateway/auth/jwks";

const URL_A = "https://issuer.test/.well-known/jwks.json";

function fakeJwks(initial: Jwk[][]) {
  let sets = initial;
  const calls: number[] = [];
  let clock = 1_000_000;
  const fetch: JwksFetcher = async () => {
    calls.push(clock);
    await new Promise((r) => setTimeout(r, 5));
    const keys = sets[Math.min(calls.length - 1, sets.length - 1)];
    return { keys, maxAgeSeconds: 3600 };
  };
  return {
    fetch,
    calls,
    now: () => clock,
    advance: (ms: number) => (clock += ms),
    setSets: (s: Jwk[][]) => (sets = s),
  };
}

const k = (kid: string): Jwk => ({ kty: "RSA", kid, n: "x", e: "AQAB" });

describe("JWKS cache", () => {
  it("caches per URL, bounded to 10 minutes whatever max-age says, and coalesces concurrent fetches", async () => {
    const f = fakeJwks([[k("a")]]);
    const cache = new JwksCache({ fetch: f.fetch, now: f.now });
    const [one, two] = await Promise.all([cache.find(URL_A, "a"), cache.find(URL_A, "a")]);
    expect(one[0].kid).toBe("a");
    expect(two[0].kid).toBe("a");
    expect(f.calls).toHaveLength(1);
    f.advance(9 * 60_000);
    await cache.find(URL_A, "a");
    expect(f.calls).toHaveLength(1);
    f.advance(2 * 60_000);
    await cache.find(URL_A, "a");
    expect(f.calls).toHaveLength(2);
  });

  it("refetches on an unknown kid (rotation), at most once per 30 s", async () => {
    const f = fakeJwks([[k("old")], [k("old"), k("new")]]);
    const cache = new JwksCache({ fetch: f.fetch, now: f.now });
    await cache.find(URL_A, "old");
    f.advance(31_000);
    expect((await cache.find(URL_A, "new"))[0].kid).toBe("new");
    expect(f.calls).toHaveLength(2);
    // Unknown kids within 30 s of the last fetch do not fetch again.
    f.advance(1_000);
    expect(await cache.find(URL_A, "bogus")).toEqual([]);
    expect(await cache.find(URL_A, "bogus2")).toEqual([]);
    expect(f.calls).toHaveLength(2);
    f.advance(30_000);
    expect(await cache.find(URL_A, "bogus3")).toEqual([]);
    expect(f.calls).toHaveLength(3);
  });

  it("times out a slow endpoint, fails fast for a while, and keeps old keys when a refresh fails", async () => {
    let clock = 0;
    let mode: "slow" | "ok" | "fail" = "slow";
    let calls = 0;
    const fetch: JwksFetcher = () => {
      calls++;
      if (mode === "slow") return new Promise(() => {});
      if (mode === "fail") return Promise.reject(new Error("boom"));
      return Promise.resolve({ keys: [k("a")], maxAgeSeconds: 60 });
    };
    const cache = new JwksCache({ fetch, now: () => clock, timeoutMs: 50, failureBackoffMs: 5_000 });
    const started = Date.now();
    await expect(cache.find(URL_A, "a")).rejects.toBeInstanceOf(JwksUnavailable);
    expect(Date.now() - started).toBeLessThan(1_000);
    mode = "ok";
    await expect(cache.find(URL_A, "a")).rejects.toThrow("failed recently");
    expect(calls).toBe(1);
    clock += 6_000;
    expect((await cache.find(URL_A, "a"))[0].kid).toBe("a");
    mode = "fail";
    clock += 61_000;
    expect((await cache.find(URL_A, "a"))[0].kid).toBe("a");
    expect(calls).toBe(3);
  });
});
