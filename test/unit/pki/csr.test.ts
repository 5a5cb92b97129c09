import { afterAll, describe, expect, it } from "vitest";
import { CsrRejectedError, inspectCsr, type CsrRejectionReason } from "../../../src/pki/index.js";
import { createOpenSslWorkspace, makeCsr } from "./openssl.js";

const workspace = createOpenSslWorkspace();
afterAll(() => workspace.dispose());

function rejection(pem: string): CsrRejectedError {
  try {
    inspectCsr(pem);
  } catch (error) {
    if (error instanceof CsrRejectedError) {
      return error;
    }
    throw error;
  }
  throw new Error("inspectCsr accepted a request it should have refused");
}

function expectRejected(pem: string, reason: CsrRejectionReason): CsrRejectedError {
  const error = rejection(pem);
  expect(error).toBeInstanceOf(Error);
  expect(error.name).toBe("CsrRejectedError");
  expect(error.reason).toBe(reason);
  expect(error.message.length).toBeGreaterThan(20);
  return error;
}

/** The same request with one octet of its signature changed, the way a tampering proxy would. */
function withForgedSignature(pem: string): string {
  const body = pem.replace(/-----[^-]+-----/g, "").replace(/\s/g, "");
  const der = Buffer.from(body, "base64");
  // The signature BIT STRING is the last field of the DER, so the last octet is signature.
  der.writeUInt8(der.readUInt8(der.length - 1) ^ 0x01, der.length - 1);
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join("\n")}\n-----END CERTIFICATE REQUEST-----\n`;
}

describe("inspectCsr", () => {
  it("accepts an ordinary 2048-bit RSA request and reports what it asked for", () => {
    const file = makeCsr(workspace, "plain", "/O=system:masters/O=developers/CN=admin");
    const inspected = inspectCsr(workspace.read(file));
    expect(inspected.subject).toEqual({ commonName: "admin", organizations: ["system:masters", "developers"] });
    expect(inspected.publicKeyBits).toBe(2048);
    const modulus = workspace.run(["req", "-in", file, "-noout", "-modulus"]).trim();
    expect(modulus).toBe(`Modulus=${inspected.publicKey.n.toString(16).toUpperCase()}`);
  });

  it("accepts critical extensions it understands and non-critical ones it does not", () => {
    const file = makeCsr(workspace, "known", "/CN=known", [
      "-addext", "keyUsage=critical,digitalSignature",
      "-addext", "extendedKeyUsage=critical,clientAuth",
      "-addext", "1.2.3.4=ASN1:UTF8String:informational",
    ]);
    expect(inspectCsr(workspace.read(file)).subject.commonName).toBe("known");
  });

  it("reports a request without a common name as null", () => {
    const file = makeCsr(workspace, "nameless", "/O=only-organization");
    expect(inspectCsr(workspace.read(file)).subject).toEqual({ commonName: null, organizations: ["only-organization"] });
  });

  it("refuses text that is not a PEM certificate request with BAD_PEM", () => {
    expectRejected("hello", "BAD_PEM");
    expectRejected("", "BAD_PEM");
    expectRejected("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", "BAD_PEM");
    const certificate = workspace.run(["req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-subj", "/CN=cert", "-keyout", "cert.key.pem"]);
    expect(expectRejected(certificate, "BAD_PEM").message).toContain("CERTIFICATE");
    const request = workspace.read(makeCsr(workspace, "twice", "/CN=twice"));
    expectRejected(request + request, "BAD_PEM");
  });

  it("refuses a request whose signature was altered with BAD_SIGNATURE, as OpenSSL does", () => {
    const forged = withForgedSignature(workspace.read(makeCsr(workspace, "forged", "/CN=forged")));
    const forgedFile = workspace.write("forged-signature.csr.pem", forged);
    const judgement = workspace.attempt(["req", "-in", forgedFile, "-noout", "-verify"]);
    expect(judgement.output).toMatch(/verify failure|bad signature/i);
    expectRejected(forged, "BAD_SIGNATURE");
  });

  it("refuses a non-RSA key with KEY_TYPE and names the type", () => {
    workspace.run([
      "req", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-subj", "/CN=elliptic", "-keyout", "ec.key.pem", "-out", "ec.csr.pem",
    ]);
    expect(expectRejected(workspace.read("ec.csr.pem"), "KEY_TYPE").message).toContain("EC");
  });

  it("refuses a 512-bit RSA key with KEY_TOO_SMALL", () => {
    workspace.run(["req", "-new", "-nodes", "-newkey", "rsa:512", "-subj", "/CN=weak", "-keyout", "weak.key.pem", "-out", "weak.csr.pem"]);
    expect(expectRejected(workspace.read("weak.csr.pem"), "KEY_TOO_SMALL").message).toContain("512");
  });

  it("refuses a request for a CA certificate with CA_REQUESTED, critical or not", () => {
    const critical = makeCsr(workspace, "ca-critical", "/CN=sneaky", ["-addext", "basicConstraints=critical,CA:TRUE"]);
    expectRejected(workspace.read(critical), "CA_REQUESTED");
    const plain = makeCsr(workspace, "ca-plain", "/CN=sneaky", ["-addext", "basicConstraints=CA:TRUE"]);
    expectRejected(workspace.read(plain), "CA_REQUESTED");
  });

  it("refuses an unknown critical extension with UNKNOWN_CRITICAL_EXTENSION and names its OID", () => {
    const file = makeCsr(workspace, "unknown", "/CN=unknown", ["-addext", "1.2.3.4=critical,ASN1:UTF8String:x"]);
    expect(expectRejected(workspace.read(file), "UNKNOWN_CRITICAL_EXTENSION").message).toContain("1.2.3.4");
  });
});
