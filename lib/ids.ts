import { randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** AWS-style ids: lowercase letters and digits, so an API id is a valid host label. */
export function randomId(length = 10): string {
  const bytes = randomBytes(length);
  let id = "";
  // 252 = 7 * 36: rejecting bytes above it keeps every character equally likely.
  for (const byte of bytes) if (byte < 252) id += ALPHABET[byte % 36];
  return id.length === length ? id : id + randomId(length - id.length);
}

export const ZApiId = /^[a-z0-9]{10}$/;
