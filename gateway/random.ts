import { randomFillSync } from "node:crypto";

/**
 * Random bytes for per-request ids (extended request id, trace ids) from a
 * pool filled 4 KB at a time: one call into the CSPRNG per ~100 requests
 * instead of several per request (each `randomBytes` call is a synchronous
 * trip into OpenSSL plus an allocation; Node pools randomUUID the same way).
 */
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

function take(bytes: number): Buffer {
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = pool.subarray(offset, offset + bytes);
  offset += bytes;
  return out;
}

/** `bytes` random bytes as lowercase hex. */
export const randomHex = (bytes: number): string => take(bytes).toString("hex");

/** `bytes` random bytes as base64. */
export const randomBase64 = (bytes: number): string => take(bytes).toString("base64");
