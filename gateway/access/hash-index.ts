import { createHash, timingSafeEqual } from "node:crypto";

/** SHA-256 of an API key value, hex: what ApiKey.valueHash stores (lib/services/api-keys.ts computes the same). */
export function hashApiKey(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** At most the first 4 characters of a key, for log lines. */
export function maskKey(value: string): string {
  return `${value.slice(0, Math.min(4, Math.floor(value.length / 4)))}…`;
}

/**
 * Entries by the SHA-256 of a secret value. The index never sees the values:
 * a lookup hashes the presented value, finds the candidate by hash and
 * confirms it with a constant-time comparison of the two digests, so timing
 * reveals nothing about how much of a key matched.
 */
export class HashIndex<T> {
  private readonly entries = new Map<string, { digest: Buffer; value: T }>();

  /** `equal` is crypto.timingSafeEqual; injectable so a test can see it is used. */
  constructor(private readonly equal: (a: Buffer, b: Buffer) => boolean = timingSafeEqual) {}

  set(hashHex: string, value: T): void {
    this.entries.set(hashHex.toLowerCase(), { digest: Buffer.from(hashHex, "hex"), value });
  }

  delete(hashHex: string): void {
    this.entries.delete(hashHex.toLowerCase());
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry whose hash is the presented value's, compared in constant time. */
  lookup(presented: string): T | undefined {
    const digest = createHash("sha256").update(presented, "utf8").digest();
    const candidate = this.entries.get(digest.toString("hex"));
    if (!candidate || candidate.digest.length !== digest.length) return undefined;
    return this.equal(candidate.digest, digest) ? candidate.value : undefined;
  }
}
