import { afterAll, describe, expect, it } from "vitest";
import { createCertificateAuthority, describeCertificate, issueClientKeyAndCertificate } from "../../../src/pki/index.js";
import { certificateDates, createOpenSslWorkspace } from "./openssl.js";

const workspace = createOpenSslWorkspace();
afterAll(() => workspace.dispose());

const now = new Date("2026-05-04T08:30:00Z");
const authority = createCertificateAuthority({ commonName: "describe-ca", now });
const client = issueClientKeyAndCertificate({
  caCertificatePem: authority.certificatePem,
  caPrivateKeyPem: authority.privateKeyPem,
  commonName: "Doe, Jane #1",
  organizations: ["system:masters", "ops+dev"],
  validitySeconds: 7200,
  now,
});

/** What openssl says about a certificate, in the shapes describeCertificate promises. */
function opensslView(pem: string) {
  const file = workspace.write("view.pem", pem);
  // Each answer comes as `label=value`; the value may itself contain '='.
  const line = (args: string[]): string => {
    const output = workspace.run(["x509", "-in", file, "-noout", ...args]).trim();
    return output.slice(output.indexOf("=") + 1);
  };
  return {
    subject: line(["-subject", "-nameopt", "RFC2253"]),
    issuer: line(["-issuer", "-nameopt", "RFC2253"]),
    serialNumber: line(["-serial"]),
    fingerprintSha256: line(["-fingerprint", "-sha256"]),
    ...certificateDates(workspace, file),
  };
}

describe("describeCertificate", () => {
  it("agrees with openssl about a CA certificate", () => {
    const description = describeCertificate(authority.certificatePem);
    expect(description).toMatchObject(opensslView(authority.certificatePem));
    expect(description.subject).toBe("CN=describe-ca");
    expect(description.isCertificateAuthority).toBe(true);
    expect(description.fingerprintSha256).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/);
  });

  it("agrees with openssl about a client certificate, escaping special characters as RFC 4514 does", () => {
    const description = describeCertificate(client.certificatePem);
    expect(description).toMatchObject(opensslView(client.certificatePem));
    expect(description.subject).toBe("CN=Doe\\, Jane #1,O=ops\\+dev,O=system:masters");
    expect(description.issuer).toBe("CN=describe-ca");
    expect(description.isCertificateAuthority).toBe(false);
    expect(description.notAfter.toISOString()).toBe("2026-05-04T10:30:00.000Z");
  });

  it("returns canonical PEM with LF line endings, whatever it was given", () => {
    const crlf = client.certificatePem.replace(/\n/g, "\r\n");
    const description = describeCertificate(`leading text\r\n${crlf}`);
    expect(description.pem).toBe(client.certificatePem);
    expect(description.pem).not.toContain("\r");
  });

  it("refuses anything but exactly one certificate", () => {
    expect(() => describeCertificate("nothing here")).toThrow(/no PEM block/);
    expect(() => describeCertificate(authority.certificatePem + client.certificatePem)).toThrow(/one PEM block, found 2/);
    expect(() => describeCertificate(client.privateKeyPem)).toThrow(/CERTIFICATE, found PRIVATE KEY/);
  });
});
