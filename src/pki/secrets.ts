// Encrypts secrets at rest (CA private keys and the like) with AES-256-GCM under a server key.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/** Thrown when a stored secret cannot be opened; never carries key material or plaintext. */
export class SecretDecryptionError extends Error {
  override readonly name = "SecretDecryptionError";
}

const version = "v1";
// Binds derived keys to this use and format, so the same server key used elsewhere
// (say, for signing tokens) never yields the same AES key.
const derivationInfo = "turnkey secret encryption v1";
const minimumSecretKeyLength = 32;
const saltBytes = 16;
const ivBytes = 12; // the size GCM is specified for; other sizes are hashed into one
const tagBytes = 16;
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

/** Returns `v1:<salt>:<iv>:<tag>:<ciphertext>`, each part base64; a fresh salt and IV every call. */
export function encryptSecret(plaintext: string, secretKey: string): string {
  const salt = randomBytes(saltBytes);
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(secretKey, salt), iv, { authTagLength: tagBytes });
  // The version is authenticated too, so a blob cannot be relabelled as another format.
  cipher.setAAD(Buffer.from(version));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [version, salt, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === "string" ? part : part.toString("base64")))
    .join(":");
}

export function decryptSecret(blob: string, secretKey: string): string {
  const [salt, iv, tag, ciphertext] = parseBlob(blob);
  const decipher = createDecipheriv("aes-256-gcm", deriveKey(secretKey, salt), iv, { authTagLength: tagBytes });
  decipher.setAAD(Buffer.from(version));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError(
      "encrypted secret failed authentication: it was altered, or it was encrypted under a different secret key",
    );
  }
}

function deriveKey(secretKey: string, salt: Buffer): Buffer {
  // HKDF extracts and spreads entropy but does not slow down guessing like a password hash,
  // so the secret key itself has to be long and random (for example 32 random bytes as hex).
  if (typeof secretKey !== "string" || secretKey.length < minimumSecretKeyLength) {
    throw new RangeError(`the secret key must be at least ${minimumSecretKeyLength} characters of random data`);
  }
  return Buffer.from(hkdfSync("sha256", secretKey, salt, derivationInfo, 32));
}

function parseBlob(blob: string): [salt: Buffer, iv: Buffer, tag: Buffer, ciphertext: Buffer] {
  const parts = typeof blob === "string" ? blob.split(":") : [];
  const [label, ...encoded] = parts;
  if (label !== version) {
    throw new SecretDecryptionError(`encrypted secret has unknown format version ${JSON.stringify(label ?? "")}, expected ${version}`);
  }
  if (encoded.length !== 4 || !encoded.every((part) => base64Pattern.test(part))) {
    throw new SecretDecryptionError("encrypted secret is malformed: expected v1:<salt>:<iv>:<tag>:<ciphertext> in base64");
  }
  const [salt, iv, tag, ciphertext] = encoded.map((part) => Buffer.from(part, "base64")) as [Buffer, Buffer, Buffer, Buffer];
  if (salt.length !== saltBytes || iv.length !== ivBytes || tag.length !== tagBytes) {
    throw new SecretDecryptionError("encrypted secret is malformed: salt, IV or tag has the wrong length");
  }
  return [salt, iv, tag, ciphertext];
}
