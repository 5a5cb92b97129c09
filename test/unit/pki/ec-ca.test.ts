import { execFileSync } from "node:child_process";
import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createCertificateAuthority } from "../../../src/pki/ca.js";
import { createEcCertificateAuthority, signWithAuthority } from "../../../src/pki/x509.js";

const now = new Date();

function spki(type: "rsa" | "ec"): string {
  const pair =
    type === "rsa"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return pair.publicKey.export({ type: "spki", format: "pem" }).toString();
}

function opensslVerifies(caPem: string, leafPem: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), "ecca-"));
  writeFileSync(join(dir, "ca.pem"), caPem);
  writeFileSync(join(dir, "leaf.pem"), leafPem);
  try {
    execFileSync("openssl", ["verify", "-CAfile", join(dir, "ca.pem"), join(dir, "leaf.pem")], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

describe("ECDSA P-256 cluster CA (@peculiar/x509)", () => {
  it("is a self-signed P-256 CA that Node reads", async () => {
    const ca = await createEcCertificateAuthority({ commonName: "demo", now });
    const cert = new X509Certificate(ca.certificatePem);
    expect(cert.ca).toBe(true);
    expect(cert.publicKey.asymmetricKeyType).toBe("ec");
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkIssued(cert)).toBe(true);
  });

  for (const subjectType of ["rsa", "ec"] as const) {
    it(`signs a ${subjectType} subject key; the chain verifies in Node and openssl`, async () => {
      const ca = await createEcCertificateAuthority({ commonName: "demo", now });
      const leafPem = await signWithAuthority({
        caCertificatePem: ca.certificatePem,
        caPrivateKeyPem: ca.privateKeyPem,
        subjectPublicKeyPem: spki(subjectType),
        commonName: "alice",
        organizations: ["system:masters"],
        validitySeconds: 3600,
        now,
      });
      const caCert = new X509Certificate(ca.certificatePem);
      const leaf = new X509Certificate(leafPem);
      expect(leaf.verify(caCert.publicKey)).toBe(true);
      expect(leaf.checkIssued(caCert)).toBe(true);
      expect(leaf.ca).toBe(false);
      expect(leaf.subject).toContain("CN=alice");
      expect(leaf.subject).toContain("O=system:masters");
      expect(leaf.publicKey.asymmetricKeyType).toBe(subjectType);
      expect(opensslVerifies(ca.certificatePem, leafPem)).toBe(true);
    });
  }

  it("signs with an RSA CA made by the existing (node-forge) path, as stored in the database", async () => {
    const ca = createCertificateAuthority({ commonName: "legacy", now });
    const leafPem = await signWithAuthority({
      caCertificatePem: ca.certificatePem,
      caPrivateKeyPem: ca.privateKeyPem,
      subjectPublicKeyPem: spki("ec"),
      commonName: "bob",
      organizations: [],
      validitySeconds: 3600,
      now,
    });
    const caCert = new X509Certificate(ca.certificatePem);
    expect(new X509Certificate(leafPem).checkIssued(caCert)).toBe(true);
    expect(new X509Certificate(leafPem).verify(caCert.publicKey)).toBe(true);
    expect(opensslVerifies(ca.certificatePem, leafPem)).toBe(true);
  });

  it("refuses a non-CA issuer", async () => {
    const ca = await createEcCertificateAuthority({ commonName: "demo", now });
    const leafPem = await signWithAuthority({
      caCertificatePem: ca.certificatePem, caPrivateKeyPem: ca.privateKeyPem, subjectPublicKeyPem: spki("ec"),
      commonName: "x", organizations: [], validitySeconds: 60, now,
    });
    await expect(
      signWithAuthority({ caCertificatePem: leafPem, caPrivateKeyPem: ca.privateKeyPem, subjectPublicKeyPem: spki("ec"), commonName: "y", organizations: [], validitySeconds: 60, now }),
    ).rejects.toThrow(/not a certificate authority/);
  });
});
