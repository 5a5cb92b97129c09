// The RSA key pool: keys come out distinct and usable, and the pool refills itself.
import { createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RsaKeyPool } from "../../../src/pki/key-pool.js";
import { waitUntil } from "../../support/wait.js";

describe("RSA key pool", () => {
  it("hands out distinct 2048-bit keys, from the pool once warm", async () => {
    const pool = new RsaKeyPool(3);
    pool.warm(2048);
    await waitUntil(() => pool.available(2048) === 3, "the pool to hold three keys");
    expect(pool.available(2048)).toBe(3);
    const keys = await Promise.all([pool.take(2048), pool.take(2048), pool.take(2048)]);
    // All three came from the pool (none was generated on demand), which now refills in the background.
    expect(pool.available(2048)).toBe(0);
    expect(new Set(keys.map((key) => key.privateKeyPem)).size).toBe(3);
    for (const key of keys) expect(createPublicKey(key.privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it("generates on demand when the pool is off", async () => {
    const key = await new RsaKeyPool(0).take(2048);
    expect(key.privateKeyPem).toContain("PRIVATE KEY");
  });
});
