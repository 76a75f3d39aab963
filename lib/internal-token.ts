import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The token the console sends to the gateway's internal endpoints
 * (`x-gatehouse-internal-token`): HMAC-SHA256 of "gatehouse-internal" keyed
 * with GATEHOUSE_SECRET_KEY, hex. Both processes derive it from the same key.
 */
export function internalToken(secretKey: string): string {
  return createHmac("sha256", secretKey).update("gatehouse-internal").digest("hex");
}

/** Constant-time check of a presented token; always false without a key. */
export function isInternalToken(presented: string | undefined, secretKey: string | undefined): boolean {
  if (!secretKey || !presented) return false;
  const expected = Buffer.from(internalToken(secretKey));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
