// The hand-written DER template of src/pki/ec-authority.ts against what @peculiar/x509 wrote for the same CA.
import "reflect-metadata";
import { createPrivateKey, generateKeyPairSync, webcrypto, X509Certificate } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { describe, expect, it } from "vitest";
import { describeCertificate } from "../../../src/pki/describe.js";
import { p256KeyParts, p256Spki, writeEcAuthority } from "../../../src/pki/ec-authority.js";
import { randomSerialNumber } from "../../../src/pki/keys.js";
import { createEcCertificateAuthority } from "../../../src/pki/x509.js";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const ecdsa = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/** The earlier writer (@peculiar/x509's generator), for the same fields and key. */
async function peculiarAuthority(commonName: string, serialNumber: string, notBefore: Date, notAfter: Date, privateKey: webcrypto.CryptoKey, publicKey: webcrypto.CryptoKey) {
  return x509.X509CertificateGenerator.createSelfSigned({
    serialNumber,
    name: [{ CN: [commonName] }],
    notBefore,
    notAfter,
    keys: { privateKey, publicKey } as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]["keys"],
    signingAlgorithm: ecdsa,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(publicKey as unknown as x509.PublicKey),
    ],
  });
}

describe("ECDSA P-256 CA written as DER (ec-authority.ts)", () => {
  for (const [label, commonName, notAfter] of [
    ["a printable name, UTCTime", "c-1-kubernetes", new Date("2031-12-02T15:00:00Z")],
    ["a name PrintableString cannot hold, GeneralizedTime from 2050", "clüster_ü-etcd", new Date("2051-01-01T00:00:00Z")],
  ] as const) {
    it(`is, signature aside, byte for byte what @peculiar/x509 wrote: ${label}`, async () => {
      const notBefore = new Date("2026-12-03T14:55:00Z");
      const serialNumber = randomSerialNumber();
      const ours = await writeEcAuthority({ commonName, serialNumberHex: serialNumber, notBefore, notAfter });
      const privateKey = await webcrypto.subtle.importKey("pkcs8", ours.privateKey.export({ type: "pkcs8", format: "der" }), ecdsa, true, ["sign"]);
      const publicKey = await webcrypto.subtle.importKey("spki", new X509Certificate(ours.der).publicKey.export({ type: "spki", format: "der" }), ecdsa, true, ["verify"]);
      const theirs = await peculiarAuthority(commonName, serialNumber, notBefore, notAfter, privateKey, publicKey);
      // ECDSA signatures are randomised: compare the to-be-signed part, and check each signature.
      const parsed = new x509.X509Certificate(ours.der);
      const tbs = (certificate: x509.X509Certificate) => Buffer.from((certificate as unknown as { tbs: ArrayBuffer }).tbs).toString("hex");
      expect(tbs(parsed)).toBe(tbs(theirs));
      expect(await parsed.verify({ signatureOnly: true })).toBe(true);
      const native = new X509Certificate(ours.der);
      expect(native.verify(native.publicKey)).toBe(true);
      expect(native.ca).toBe(true);
      expect(native.subject).toBe(`CN=${commonName}`);
    });
  }

  it("is what createEcCertificateAuthority answers, described by Node's crypto", async () => {
    const now = new Date("2026-12-03T15:00:00Z");
    const ca = await createEcCertificateAuthority({ commonName: "demo-ca", now });
    const description = describeCertificate(ca.certificatePem);
    expect(description.isCertificateAuthority).toBe(true);
    expect(description.subject).toBe("CN=demo-ca");
    expect(description.notBefore).toEqual(new Date("2026-12-03T14:55:00Z"));
    expect(new X509Certificate(ca.certificatePem).checkPrivateKey((await import("node:crypto")).createPrivateKey(ca.privateKeyPem))).toBe(true);
  });

  it("comes with the description describeCertificate reads back from its PEM (the CA's row is written from it)", async () => {
    // A fraction of a second in `now`: the certificate holds whole seconds, and so must the description.
    for (const now of [new Date("2026-12-03T15:00:00.789Z"), new Date("2049-12-31T23:59:59.999Z")]) {
      const ca = await createEcCertificateAuthority({ commonName: "c-7-etcd", validityDays: 30, now });
      const read = describeCertificate(ca.certificatePem);
      expect(ca.description).toEqual({ pem: read.pem, serialNumber: read.serialNumber, notBefore: read.notBefore, notAfter: read.notAfter, fingerprintSha256: read.fingerprintSha256 });
      expect(ca.description.serialNumber).toMatch(/^[0-9A-F]{32}$/);
    }
  });

  it("writes the SubjectPublicKeyInfo OpenSSL writes for the key (the P-256 prefix and the point from the JWK)", () => {
    for (let round = 0; round < 20; round++) {
      const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      expect(p256Spki(p256KeyParts(privateKey).point).toString("hex")).toBe(publicKey.export({ type: "spki", format: "der" }).toString("hex"));
    }
  });

  it("writes the PKCS#8 OpenSSL writes for the private key, and the PEM Node writes (the CA's stored key)", async () => {
    for (let round = 0; round < 20; round++) {
      const ours = await writeEcAuthority({ commonName: "c", serialNumberHex: randomSerialNumber(), notBefore: new Date("2026-12-03T14:55:00Z"), notAfter: new Date("2031-12-02T15:00:00Z") });
      expect(ours.pkcs8.toString("hex")).toBe(ours.privateKey.export({ type: "pkcs8", format: "der" }).toString("hex"));
      expect(p256KeyParts(ours.privateKey).scalar).toHaveLength(32);
    }
    const ca = await createEcCertificateAuthority({ commonName: "demo-ca", now: new Date("2026-12-03T15:00:00Z") });
    expect(ca.privateKeyPem).toBe(createPrivateKey(ca.privateKeyPem).export({ type: "pkcs8", format: "pem" }));
    expect(() => p256KeyParts(generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey)).toThrow(/not a P-256 private key/);
  });
});
