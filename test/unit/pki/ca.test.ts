import { afterAll, describe, expect, it } from "vitest";
import { createCertificateAuthority } from "../../../src/pki/index.js";
import { certificateDates, createOpenSslWorkspace } from "./openssl.js";

const workspace = createOpenSslWorkspace();
afterAll(() => workspace.dispose());

const now = new Date("2026-03-01T12:00:00.750Z");
const authority = createCertificateAuthority({ commonName: "cluster-7f3a", now });
const caFile = workspace.write("ca.pem", authority.certificatePem);
const keyFile = workspace.write("ca.key.pem", authority.privateKeyPem);

describe("createCertificateAuthority", () => {
  it("produces a CA certificate OpenSSL reads with the extensions a cluster root needs", () => {
    const text = workspace.run(["x509", "-in", caFile, "-text", "-noout"]);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign\s/);
    expect(text).toMatch(/X509v3 Subject Key Identifier:\s+[0-9A-F:]{59}/);
    expect(text).toContain("Signature Algorithm: sha256WithRSAEncryption");
    expect(text).toContain("Public-Key: (2048 bit)");
  });

  it("is self-signed: subject equals issuer and the certificate verifies against itself", () => {
    const names = workspace.run(["x509", "-in", caFile, "-noout", "-subject", "-issuer", "-nameopt", "RFC2253"]);
    expect(names).toBe("subject=CN=cluster-7f3a\nissuer=CN=cluster-7f3a\n");
    workspace.run(["verify", "-x509_strict", "-CAfile", caFile, caFile]);
  });

  it("returns the private key that belongs to the certificate, as PKCS#8", () => {
    expect(authority.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const fromKey = workspace.run(["pkey", "-in", keyFile, "-pubout"]);
    const fromCertificate = workspace.run(["x509", "-in", caFile, "-noout", "-pubkey"]);
    expect(fromKey).toBe(fromCertificate);
  });

  it("back-dates notBefore by five minutes and lasts five years by default, in whole seconds", () => {
    const { notBefore, notAfter } = certificateDates(workspace, caFile);
    expect(notBefore.toISOString()).toBe("2026-03-01T11:55:00.000Z");
    expect(notAfter.toISOString()).toBe(new Date(Date.parse("2026-03-01T12:00:00Z") + 5 * 365 * 86_400_000).toISOString());
  });

  it("uses a random positive 16-octet serial", () => {
    const serial = (pem: string): string =>
      workspace.run(["x509", "-in", workspace.write("serial.pem", pem), "-noout", "-serial"]).trim();
    const first = serial(authority.certificatePem);
    const second = serial(createCertificateAuthority({ commonName: "other", now }).certificatePem);
    expect(first).toMatch(/^serial=[4-7][0-9A-F]{31}$/);
    expect(second).toMatch(/^serial=[4-7][0-9A-F]{31}$/);
    expect(first).not.toBe(second);
  });

  it("honours keyBits and validityDays", () => {
    const larger = createCertificateAuthority({ commonName: "big", keyBits: 3072, validityDays: 30, now });
    const file = workspace.write("big.pem", larger.certificatePem);
    expect(workspace.run(["x509", "-in", file, "-text", "-noout"])).toContain("Public-Key: (3072 bit)");
    expect(certificateDates(workspace, file).notAfter.toISOString()).toBe("2026-03-31T12:00:00.000Z");
  });

  it("refuses keys under 2048 bits and empty names", () => {
    expect(() => createCertificateAuthority({ commonName: "weak", keyBits: 1024, now })).toThrow(RangeError);
    expect(() => createCertificateAuthority({ commonName: " ", now })).toThrow(/common name/);
  });
});
