// The PKI additions the certificate services use: keys made off the event loop, and kubeconfigs for a key the user keeps.
import { describe, expect, it } from "vitest";
import { createCertificateAuthority, describeCertificate, generateRsaKeyAsync, issueClientKeyAndCertificate, renderKubeconfig } from "../../src/pki/index.js";

describe("generateRsaKeyAsync", () => {
  it("makes a key that a CA and a client certificate can be built on", async () => {
    const [caKey, clientKey] = await Promise.all([generateRsaKeyAsync(), generateRsaKeyAsync()]);
    expect(caKey.privateKey.n.bitLength()).toBe(2048);
    const ca = createCertificateAuthority({ commonName: "async", key: caKey, now: new Date() });
    expect(ca.privateKeyPem).toBe(caKey.privateKeyPem);
    const issued = issueClientKeyAndCertificate({ caCertificatePem: ca.certificatePem, caPrivateKeyPem: ca.privateKeyPem, commonName: "u", organizations: [], validitySeconds: 60, now: new Date(), key: clientKey });
    expect(issued.privateKeyPem).toBe(clientKey.privateKeyPem);
    expect(describeCertificate(issued.certificatePem).issuer).toBe("CN=async");
  });

  it("refuses sizes outside 2048 to 8192 bits before doing any work", async () => {
    await expect(generateRsaKeyAsync(1024)).rejects.toThrow(RangeError);
  });
});

describe("renderKubeconfig with a client key path", () => {
  const base = { clusterName: "demo", server: "https://192.0.2.1:6443", caBundlePem: "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n", userName: "alice" };

  it("writes client-key as a quoted path beside the embedded certificate", () => {
    const yaml = renderKubeconfig({ ...base, clientCertificatePem: "cert", clientKeyPath: "/home/alice/.kube/key.pem" });
    expect(yaml).toContain(`    client-certificate-data: ${Buffer.from("cert").toString("base64")}\n    client-key: "/home/alice/.kube/key.pem"\n`);
    expect(yaml).not.toContain("client-key-data");
  });

  it("takes the key as PEM or as a path, not both, and never a path without a certificate", () => {
    expect(() => renderKubeconfig({ ...base, clientCertificatePem: "cert", clientKeyPem: "key", clientKeyPath: "key.pem" })).toThrow(/not both/);
    expect(() => renderKubeconfig({ ...base, clientKeyPath: "key.pem" })).toThrow(/together/);
    expect(() => renderKubeconfig({ ...base, clientCertificatePem: "cert", clientKeyPath: " " })).toThrow(/client key path/);
  });
});
