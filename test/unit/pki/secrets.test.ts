import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, SecretDecryptionError } from "../../../src/pki/index.js";

const secretKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
const plaintext = "-----BEGIN PRIVATE KEY-----\nnot really a key, but shaped like one ✓\n-----END PRIVATE KEY-----\n";

/** The blob with one bit flipped in the given part (1 salt, 2 IV, 3 tag, 4 ciphertext). */
function flipBit(blob: string, part: number): string {
  const parts = blob.split(":");
  const bytes = Buffer.from(parts[part] ?? "", "base64");
  bytes.writeUInt8(bytes.readUInt8(0) ^ 0x01, 0);
  parts[part] = bytes.toString("base64");
  return parts.join(":");
}

function decryptionFailure(blob: string, key = secretKey): SecretDecryptionError {
  try {
    decryptSecret(blob, key);
  } catch (error) {
    if (error instanceof SecretDecryptionError) {
      return error;
    }
    throw error;
  }
  throw new Error("decryptSecret accepted a blob it should have refused");
}

describe("encryptSecret and decryptSecret", () => {
  it("round-trip text, including empty and non-ASCII text", () => {
    for (const text of [plaintext, "", "ünïcödé 🔑", "x".repeat(100_000)]) {
      expect(decryptSecret(encryptSecret(text, secretKey), secretKey)).toBe(text);
    }
  });

  it("write v1:<salt>:<iv>:<tag>:<ciphertext> with a fresh salt and IV each time", () => {
    const first = encryptSecret(plaintext, secretKey);
    const second = encryptSecret(plaintext, secretKey);
    expect(first).toMatch(/^v1:[A-Za-z0-9+/]{22}==:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/]{22}==:[A-Za-z0-9+/]+={0,2}$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain("PRIVATE KEY");
  });

  it("detect tampering with any part of the blob", () => {
    const blob = encryptSecret(plaintext, secretKey);
    for (const part of [1, 2, 3, 4]) {
      const error = decryptionFailure(flipBit(blob, part));
      expect(error.message).toMatch(/altered|different secret key/);
      expect(error.message).not.toContain("PRIVATE KEY");
    }
  });

  it("refuse a blob encrypted under a different secret key", () => {
    const blob = encryptSecret(plaintext, secretKey);
    expect(decryptionFailure(blob, `${secretKey.slice(0, -1)}1`).message).toMatch(/different secret key/);
  });

  it("refuse malformed blobs and unknown versions with a clear message", () => {
    const blob = encryptSecret(plaintext, secretKey);
    expect(decryptionFailure(blob.replace(/^v1:/, "v2:")).message).toMatch(/unknown format version "v2"/);
    expect(decryptionFailure(blob.split(":").slice(0, 4).join(":")).message).toMatch(/malformed/);
    expect(decryptionFailure(`${blob}!`).message).toMatch(/malformed/);
    expect(decryptionFailure("").message).toMatch(/unknown format version/);
  });

  it("refuse a secret key too short to be random key material", () => {
    expect(() => encryptSecret(plaintext, "password")).toThrow(RangeError);
  });
});
