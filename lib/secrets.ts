import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Secrets at rest (function environment secrets, remote credentials):
 * AES-256-GCM under a key derived from GATEHOUSE_SECRET_KEY. Ciphertext is
 * `v1:<iv>:<tag>:<data>` in base64url, so a wrong key or a tampered value
 * fails loudly instead of decrypting to garbage.
 */
const PREFIX = "v1";

function keyFrom(secretKey: string): Buffer {
  return createHash("sha256").update(`gatehouse-secrets:${secretKey}`).digest();
}

export function encryptSecret(plaintext: string, secretKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(secretKey), iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [PREFIX, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(":");
}

export function decryptSecret(ciphertext: string, secretKey: string): string {
  const [prefix, iv, tag, data] = ciphertext.split(":");
  if (prefix !== PREFIX || !iv || !tag || data === undefined) throw new Error("Not an encrypted secret");
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(secretKey), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

export const isEncryptedSecret = (value: string) => value.startsWith(`${PREFIX}:`) && value.split(":").length === 4;
