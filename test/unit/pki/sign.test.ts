import { afterAll, describe, expect, it } from "vitest";
import {
  createCertificateAuthority,
  describeCertificate,
  inspectCsr,
  issueClientKeyAndCertificate,
  signClientCertificate,
} from "../../../src/pki/index.js";
import { certificateDates, createOpenSslWorkspace, makeCsr } from "./openssl.js";

const workspace = createOpenSslWorkspace();
afterAll(() => workspace.dispose());

const now = new Date();
const authority = createCertificateAuthority({ commonName: "cluster-ca", now });
const caFile = workspace.write("ca.pem", authority.certificatePem);
const issuer = { caCertificatePem: authority.certificatePem, caPrivateKeyPem: authority.privateKeyPem };

const requestFile = makeCsr(workspace, "admin", "/O=system:masters/CN=admin");
const csr = inspectCsr(workspace.read(requestFile));
const signed = signClientCertificate({
  ...issuer,
  csr,
  commonName: "alice",
  organizations: ["developers"],
  validitySeconds: 3600,
  now,
});
const signedFile = workspace.write("alice.pem", signed);

function keyIdentifiers(file: string): { subject?: string; authority?: string } {
  const text = workspace.run(["x509", "-in", file, "-noout", "-text"]);
  const subject = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(text)?.[1];
  const authorityId = /Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(text)?.[1];
  return { subject, authority: authorityId };
}

describe("signClientCertificate", () => {
  it("issues a certificate that OpenSSL verifies against the CA for TLS client use", () => {
    expect(workspace.run(["verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", caFile, signedFile])).toBe("alice.pem: OK\n");
  });

  it("is a client certificate and nothing more", () => {
    const text = workspace.run(["x509", "-in", signedFile, "-noout", "-text"]);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment\s/);
    expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Client Authentication\s/);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toContain("Signature Algorithm: sha256WithRSAEncryption");
    const asServer = workspace.attempt(["verify", "-purpose", "sslserver", "-CAfile", caFile, signedFile]);
    expect(asServer.succeeded).toBe(false);
    expect(asServer.output).toContain("unsuitable certificate purpose");
  });

  it("names the CA's key identifier as its authority key identifier", () => {
    const ca = keyIdentifiers(caFile);
    const leaf = keyIdentifiers(signedFile);
    expect(ca.subject).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2}){19}$/);
    expect(leaf.authority).toBe(ca.subject);
    expect(leaf.subject).not.toBe(ca.subject);
  });

  it("uses the subject the caller chose, not the one the request asked for", () => {
    const names = workspace.run(["x509", "-in", signedFile, "-noout", "-subject", "-issuer", "-nameopt", "RFC2253"]);
    expect(names).toBe("subject=CN=alice,O=developers\nissuer=CN=cluster-ca\n");
    expect(names).not.toContain("system:masters");
  });

  it("certifies the request's key", () => {
    const fromRequest = workspace.run(["req", "-in", requestFile, "-noout", "-pubkey"]);
    const fromCertificate = workspace.run(["x509", "-in", signedFile, "-noout", "-pubkey"]);
    expect(fromCertificate).toBe(fromRequest);
  });

  it("starts five minutes early for clock skew and ends after the requested lifetime", () => {
    const wholeSecond = Math.floor(now.getTime() / 1000) * 1000;
    const { notBefore, notAfter } = certificateDates(workspace, signedFile);
    expect(notBefore.getTime()).toBe(wholeSecond - 5 * 60 * 1000);
    expect(notAfter.getTime()).toBe(wholeSecond + 3600 * 1000);
  });

  it("ends a certificate no later than its CA", () => {
    const shortLived = createCertificateAuthority({ commonName: "short", validityDays: 1, now });
    const pem = signClientCertificate({
      caCertificatePem: shortLived.certificatePem,
      caPrivateKeyPem: shortLived.privateKeyPem,
      csr,
      commonName: "bob",
      organizations: [],
      validitySeconds: 30 * 86_400,
      now,
    });
    expect(describeCertificate(pem).notAfter).toEqual(describeCertificate(shortLived.certificatePem).notAfter);
  });

  it("keeps a non-ASCII CA name byte-identical in the issuer, so the chain still verifies", () => {
    const accented = createCertificateAuthority({ commonName: "Clúster ça-ñ", now });
    const pem = signClientCertificate({
      caCertificatePem: accented.certificatePem,
      caPrivateKeyPem: accented.privateKeyPem,
      csr,
      commonName: "zoë@example.com",
      organizations: ["équipe_1"],
      validitySeconds: 600,
      now,
    });
    const caPath = workspace.write("accented-ca.pem", accented.certificatePem);
    const leafPath = workspace.write("accented-leaf.pem", pem);
    workspace.run(["verify", "-CAfile", caPath, leafPath]);
    const issuerHash = workspace.run(["x509", "-in", leafPath, "-noout", "-issuer_hash"]);
    expect(issuerHash).toBe(workspace.run(["x509", "-in", caPath, "-noout", "-subject_hash"]));
    expect(describeCertificate(pem).subject).toBe("CN=zoë@example.com,O=équipe_1");
  });

  it("refuses a CA key that does not match the CA certificate, and a non-CA issuer", () => {
    const other = createCertificateAuthority({ commonName: "other", now });
    const common = { csr, commonName: "x", organizations: [], validitySeconds: 60, now };
    expect(() => signClientCertificate({ ...common, caCertificatePem: authority.certificatePem, caPrivateKeyPem: other.privateKeyPem })).toThrow(
      /does not belong/,
    );
    expect(() => signClientCertificate({ ...common, caCertificatePem: signed, caPrivateKeyPem: authority.privateKeyPem })).toThrow(
      /not a certificate authority/,
    );
  });

  it("refuses an expired CA and a non-positive lifetime", () => {
    const later = new Date(now.getTime() + 6 * 365 * 86_400_000);
    const common = { ...issuer, csr, commonName: "x", organizations: [] };
    expect(() => signClientCertificate({ ...common, validitySeconds: 60, now: later })).toThrow(/expired/);
    expect(() => signClientCertificate({ ...common, validitySeconds: 0, now })).toThrow(RangeError);
  });
});

describe("issueClientKeyAndCertificate", () => {
  const issued = issueClientKeyAndCertificate({
    ...issuer,
    commonName: "kubernetes-admin",
    organizations: ["system:masters"],
    validitySeconds: 86_400,
    now,
  });

  it("returns a fresh key and a certificate for it that verifies as a TLS client", () => {
    const certificateFile = workspace.write("issued.pem", issued.certificatePem);
    const keyFile = workspace.write("issued.key.pem", issued.privateKeyPem);
    workspace.run(["verify", "-purpose", "sslclient", "-CAfile", caFile, certificateFile]);
    expect(workspace.run(["pkey", "-in", keyFile, "-pubout"])).toBe(workspace.run(["x509", "-in", certificateFile, "-noout", "-pubkey"]));
    expect(describeCertificate(issued.certificatePem).subject).toBe("CN=kubernetes-admin,O=system:masters");
  });
});
