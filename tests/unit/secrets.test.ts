import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, isEncryptedSecret } from "../../lib/secrets";

const key = "k".repeat(40);

describe("secrets at rest", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = encryptSecret("hunter2-password", key);
    expect(sealed).not.toContain("hunter2");
    expect(isEncryptedSecret(sealed)).toBe(true);
    expect(decryptSecret(sealed, key)).toBe("hunter2-password");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("refuses a wrong key and a tampered value", () => {
    const sealed = encryptSecret("value", key);
    expect(() => decryptSecret(sealed, "x".repeat(40))).toThrow();
    const parts = sealed.split(":");
    parts[3] = Buffer.from("other").toString("base64url");
    expect(() => decryptSecret(parts.join(":"), key)).toThrow();
    expect(() => decryptSecret("plain", key)).toThrow("Not an encrypted secret");
  });
});
