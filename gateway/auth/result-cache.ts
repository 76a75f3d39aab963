/**
 * Function authorizer results (the whole policy, principalId, context) per
 * authorizer and identity-source values, for the authorizer's TTL. The
 * cached policy is evaluated against each request's method ARN, as AWS does.
 * Keys hash the identity values so tokens are not kept as map keys in clear.
 */
import { createHash } from "node:crypto";
import type { AuthorizerOutput } from "./policy";

interface Cached {
  output: AuthorizerOutput;
  expiresAt: number;
}

export class AuthorizerResultCache {
  private readonly entries = new Map<string, Cached>();
  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  static key(scope: string, identity: string[]): string {
    return createHash("sha256").update(scope).update("\0").update(JSON.stringify(identity)).digest("base64url");
  }

  get(key: string): AuthorizerOutput | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.output;
  }

  set(key: string, output: AuthorizerOutput, ttlSeconds: number): void {
    if (ttlSeconds <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      // Drop the oldest insertion (Map keeps insertion order).
      const first = this.entries.keys().next().value;
      if (first !== undefined) this.entries.delete(first);
    }
    this.entries.set(key, { output, expiresAt: this.now() + ttlSeconds * 1000 });
  }

  get size(): number {
    return this.entries.size;
  }
}
