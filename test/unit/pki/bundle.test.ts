import { afterAll, describe, expect, it } from "vitest";
import {
  bundleCertificateAuthorities,
  createCertificateAuthority,
  issueClientKeyAndCertificate,
  splitCertificateBundle,
} from "../../../src/pki/index.js";
import { createOpenSslWorkspace } from "./openssl.js";

const workspace = createOpenSslWorkspace();
afterAll(() => workspace.dispose());

const now = new Date();
// A rotation keeps the CA's name, so the two are told apart only by key identifiers.
const oldAuthority = createCertificateAuthority({ commonName: "cluster-ca", now });
const newAuthority = createCertificateAuthority({ commonName: "cluster-ca", now });

function clientOf(authority: { certificatePem: string; privateKeyPem: string }, name: string): string {
  const { certificatePem } = issueClientKeyAndCertificate({
    caCertificatePem: authority.certificatePem,
    caPrivateKeyPem: authority.privateKeyPem,
    commonName: name,
    organizations: [],
    validitySeconds: 3600,
    now,
  });
  return workspace.write(`${name}.pem`, certificatePem);
}

const fromOld = clientOf(oldAuthority, "from-old");
const fromNew = clientOf(newAuthority, "from-new");

describe("bundleCertificateAuthorities", () => {
  it("trusts certificates from both CAs while old and new are bundled", () => {
    const bundle = workspace.write("both.pem", bundleCertificateAuthorities([oldAuthority.certificatePem, newAuthority.certificatePem]));
    expect(workspace.run(["verify", "-CAfile", bundle, fromOld])).toBe("from-old.pem: OK\n");
    expect(workspace.run(["verify", "-CAfile", bundle, fromNew])).toBe("from-new.pem: OK\n");
  });

  it("stops trusting the old CA's certificates once only the new CA is bundled", () => {
    const bundle = workspace.write("new-only.pem", bundleCertificateAuthorities([newAuthority.certificatePem]));
    const judgement = workspace.attempt(["verify", "-CAfile", bundle, fromOld]);
    expect(judgement.succeeded).toBe(false);
    expect(judgement.output).toContain("unable to get local issuer certificate");
    expect(workspace.run(["verify", "-CAfile", bundle, fromNew])).toBe("from-new.pem: OK\n");
  });

  it("accepts a bundle as input and lists each CA once, in order", () => {
    const first = bundleCertificateAuthorities([oldAuthority.certificatePem]);
    const extended = bundleCertificateAuthorities([first, oldAuthority.certificatePem.replace(/\n/g, "\r\n"), newAuthority.certificatePem]);
    expect(extended).toBe(oldAuthority.certificatePem + newAuthority.certificatePem);
    expect(splitCertificateBundle(extended)).toEqual([oldAuthority.certificatePem, newAuthority.certificatePem]);
  });

  it("refuses leaf certificates, other PEM blocks and an empty list", () => {
    expect(() => bundleCertificateAuthorities([workspace.read(fromOld)])).toThrow(/not a CA/);
    expect(() => bundleCertificateAuthorities([oldAuthority.privateKeyPem])).toThrow(/PRIVATE KEY/);
    expect(() => bundleCertificateAuthorities([])).toThrow(/at least one/);
  });
});
