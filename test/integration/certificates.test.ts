// Per-cluster CAs, CSR signing and kubeconfigs through the real server, each certificate judged by openssl.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CertificateSignDocument,
  ClusterCaRotateDocument,
  ClusterCredentialsCreateDocument,
  ClusterDeleteDocument,
  ClustersCertificateAuthoritiesDocument,
  NodeCertificateDocument,
  type CertificateSignInput,
} from "../../src/client/generated/graphql.js";
import { decryptSecret } from "../../src/pki/index.js";
import { DATABASES } from "../support/databases.js";
import { uniqueName } from "../support/fixtures.js";
import { createCluster, createTemplate, startFastServer, waitForStatus } from "../support/lifecycle.js";
import { ADMIN_TOKEN, SECRET_KEY, type TestServer } from "../support/server.js";
import {
  certificateRowCount,
  certificatesOf,
  certificateText,
  createOpenSslWorkspace,
  credentials,
  idempotencyKeyCount,
  kubeconfigParts,
  makeCsr,
  storedAuthorities,
  verifyClient,
} from "./certificates-kit.js";

const workspace = createOpenSslWorkspace();
afterAll(() => workspace.dispose());

/** The same request with one octet of its signature changed, as a tampering proxy would. */
function withForgedSignature(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s/g, ""), "base64");
  der.writeUInt8(der.readUInt8(der.length - 1) ^ 0x01, der.length - 1);
  return `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString("base64").match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE REQUEST-----\n`;
}

function csr(name: string, subject: string, extraArgs: string[] = []): string {
  return workspace.read(makeCsr(workspace, name, subject, extraArgs));
}

describe.each(DATABASES)("certificates on $label", (database) => {
  let api: TestServer;
  let templateId: string;
  let clusterId: string;
  let clusterName: string;

  beforeAll(async () => {
    api = await startFastServer(database);
    templateId = await createTemplate(api);
    clusterName = uniqueName("pki");
    clusterId = (await createCluster(api, templateId, { name: clusterName })).id;
    await waitForStatus(api, clusterId, ["CREATE_COMPLETE"]);
  });
  afterAll(async () => {
    await api?.close();
  });

  it("gives a cluster kubernetes, etcd and front-proxy CAs that openssl accepts as CAs", async () => {
    const cluster = await certificatesOf(api, clusterId);
    expect(cluster.certificateAuthorities.map((ca) => [ca.kind, ca.generation, ca.state])).toEqual([
      ["ETCD", 1, "ACTIVE"],
      ["FRONT_PROXY", 1, "ACTIVE"],
      ["KUBERNETES", 1, "ACTIVE"],
    ]);
    expect(cluster.certificateAuthority).toEqual(cluster.certificateAuthorities.find((ca) => ca.kind === "KUBERNETES"));
    expect(cluster.etcd.map((ca) => ca.subject)).toEqual([`CN=${clusterName} etcd`]);
    expect(cluster.frontProxy.map((ca) => ca.subject)).toEqual([`CN=${clusterName} front-proxy`]);
    for (const ca of cluster.certificateAuthorities) {
      expect(ca).toMatchObject({ isCertificateAuthority: true, issuer: ca.subject });
      const text = certificateText(workspace, ca.pem);
      expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
      expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign\s/);
      expect(text).toContain("X509v3 Subject Key Identifier");
      // New CAs are ECDSA P-256 by default (TURNKEY_PKI_CA_KEY).
      expect(text).toContain("Signature Algorithm: ecdsa-with-SHA256");
      expect(text).toContain("Public-Key: (256 bit)");
      expect(text).toContain("NIST CURVE: P-256");
      // A self-signed CA verifies against itself: its signature, extensions and dates are sound.
      expect(workspace.attempt(["verify", "-x509_strict", "-CAfile", workspace.write("self.pem", ca.pem), "self.pem"])).toMatchObject({ succeeded: true });
      const years = (Date.parse(ca.notAfter) - Date.parse(ca.notBefore)) / (365 * 24 * 3600 * 1000);
      expect(years).toBeGreaterThan(4.99);
      expect(years).toBeLessThan(5.01);
    }
    expect(cluster.certificateAuthorityBundle).toBe(cluster.certificateAuthority!.pem);
    expect(cluster.etcdBundle).toBe(cluster.etcd[0]!.pem);
    expect(cluster.conditions).toEqual([
      { type: "CertificateAuthorityExpiring", status: "FALSE", reason: "ValidBeyondWarningWindow", message: expect.stringContaining("the first CA to expire is the") },
      { type: "CertificateAuthorityRetirementPending", status: "FALSE", reason: "NoPreviousAuthority", message: null },
    ]);
    const node = await api.query(NodeCertificateDocument, { id: cluster.certificateAuthority!.id });
    expect(node.node).toEqual(cluster.certificateAuthority);
  });

  it("keeps CA private keys encrypted at rest and out of every field", async () => {
    const cluster = await certificatesOf(api, clusterId);
    const rows = await storedAuthorities(api, clusterId);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.encryptedPrivateKey).toMatch(/^v1:/);
      expect(row.encryptedPrivateKey).not.toContain("PRIVATE KEY");
      // The key opens with the server's secret key and belongs to the certificate the API shows.
      const key = decryptSecret(row.encryptedPrivateKey, SECRET_KEY);
      // The public half of the key (EC or RSA) is the certificate's public key.
      const keyModulus = workspace.run(["pkey", "-pubout", "-in", workspace.write("ca.key.pem", key)]);
      const certificateModulus = workspace.run(["x509", "-noout", "-pubkey", "-in", workspace.write("ca.cert.pem", cluster.certificateAuthorities.find((ca) => ca.pem === row.pem)!.pem)]);
      expect(keyModulus).toBe(certificateModulus);
    }
    const introspection = await api.raw(JSON.stringify({ query: "{ __type(name: \"Certificate\") { fields { name } } }" }), { authorization: `Bearer ${ADMIN_TOKEN}` });
    const fields = (JSON.parse(introspection.body) as { data: { __type: { fields: { name: string }[] } } }).data.__type.fields.map((field) => field.name);
    expect(fields.filter((name) => /key/i.test(name))).toEqual([]);
  });

  it("signs a CSR into a short-lived client certificate: CN is the caller, openssl verifies it against the CA", async () => {
    const cluster = await certificatesOf(api, clusterId);
    const request = csr("viewer", "/O=turnkey:viewers/CN=somebody-else");
    const data = await api.query(CertificateSignDocument, { input: { clusterId, csr: request } });
    expect(data.certificateSign.userErrors).toEqual([]);
    const certificate = data.certificateSign.certificate!;
    expect(certificate).toMatchObject({ subject: "CN=admin,O=turnkey:viewers", issuer: `CN=${clusterName}`, isCertificateAuthority: false, kind: null, generation: null, state: null });
    const verified = verifyClient(workspace, cluster.certificateAuthority!.pem, certificate.pem);
    expect(verified).toMatchObject({ succeeded: true, output: expect.stringMatching(/: OK\n$/) });
    const text = certificateText(workspace, certificate.pem);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment\s/);
    expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Client Authentication\s/);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/Subject: O\s?=\s?turnkey:viewers, CN\s?=\s?admin/);
    // 24 hours by default, back-dated five minutes for clock skew.
    expect(Date.parse(certificate.notAfter) - Date.parse(certificate.notBefore)).toBe((24 * 60 + 5) * 60 * 1000);
    // An issued certificate is not kept: its id is stable but finds nothing.
    expect((await api.query(NodeCertificateDocument, { id: certificate.id })).node).toBeNull();

    const hour = await api.query(CertificateSignDocument, { input: { clusterId, csr: request, ttlSeconds: 3600 } });
    const short = hour.certificateSign.certificate!;
    expect(Date.parse(short.notAfter) - Date.parse(short.notBefore)).toBe(65 * 60 * 1000);
    const tooLong = await api.query(CertificateSignDocument, { input: { clusterId, csr: request, ttlSeconds: 8 * 24 * 3600 } });
    expect(tooLong.certificateSign.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: ["ttlSeconds"] })]);
  });

  it("answers a repeated requestId with the first certificate", async () => {
    const input: CertificateSignInput = { clusterId, csr: csr("repeat", "/CN=repeat"), requestId: uniqueName("sign") };
    const first = await api.query(CertificateSignDocument, { input });
    const second = await api.query(CertificateSignDocument, { input });
    expect(second.certificateSign.certificate!.fingerprintSha256).toBe(first.certificateSign.certificate!.fingerprintSha256);
    const other = await api.query(CertificateSignDocument, { input: { ...input, ttlSeconds: 600 } });
    expect(other.certificateSign.userErrors).toEqual([expect.objectContaining({ code: "CONFLICT", field: ["requestId"] })]);
  });

  const refusals: [string, () => string, string, RegExp][] = [
    ["bad PEM", () => "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", "BAD_USER_INPUT", /BAD_PEM/],
    ["text that is no PEM at all", () => "please sign me", "BAD_USER_INPUT", /BAD_PEM/],
    ["a forged signature", () => withForgedSignature(csr("forged", "/CN=forged")), "BAD_USER_INPUT", /BAD_SIGNATURE/],
    ["a CA request", () => csr("ca", "/CN=sneaky", ["-addext", "basicConstraints=critical,CA:TRUE"]), "BAD_USER_INPUT", /CA_REQUESTED/],
    ["a 512-bit key", () => {
      workspace.run(["req", "-new", "-nodes", "-newkey", "rsa:512", "-subj", "/CN=weak", "-keyout", "weak.key.pem", "-out", "weak.csr.pem"]);
      return workspace.read("weak.csr.pem");
    }, "BAD_USER_INPUT", /512-bit.*KEY_TOO_SMALL/],
    ["an elliptic-curve key", () => {
      workspace.run(["req", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-subj", "/CN=ec", "-keyout", "ec.key.pem", "-out", "ec.csr.pem"]);
      return workspace.read("ec.csr.pem");
    }, "BAD_USER_INPUT", /KEY_TYPE/],
    ["an unknown critical extension", () => csr("unknown", "/CN=unknown", ["-addext", "1.2.3.4=critical,ASN1:UTF8String:x"]), "BAD_USER_INPUT", /1\.2\.3\.4.*UNKNOWN_CRITICAL_EXTENSION/],
    ["a group the server does not issue", () => csr("group", "/O=developers/CN=group"), "FORBIDDEN", /"developers" is not one this server issues/],
  ];

  it.each(refusals)("refuses %s with its error, and stores nothing", async (_label, make, code, message) => {
    const rowsBefore = await certificateRowCount(api, clusterId);
    const keysBefore = await idempotencyKeyCount(api);
    const data = await api.query(CertificateSignDocument, { input: { clusterId, csr: make(), requestId: uniqueName("refused") } });
    expect(data.certificateSign).toEqual({ certificate: null, userErrors: [{ code, field: ["csr"], message: expect.stringMatching(message) }] });
    expect(await certificateRowCount(api, clusterId)).toBe(rowsBefore);
    expect(await idempotencyKeyCount(api)).toBe(keysBefore);
  });

  it("makes an admin kubeconfig whose certificate openssl verifies against the CA bundle it carries", async () => {
    const cluster = await certificatesOf(api, clusterId);
    const made = await credentials(api, { clusterId, role: "ADMIN", ttlSeconds: 3600 });
    const { parts } = made;
    expect(parts).toMatchObject({ server: cluster.apiAddress, caBundlePem: cluster.certificateAuthorityBundle, currentContext: `admin@${clusterName}`, clientKeyPath: null });
    expect(parts.server).toMatch(/^https:\/\/[\d.]+:6443$/);
    // The transcript the closing note quotes: the kubeconfig's own CA data and certificate, as kubectl would use them.
    const caFile = workspace.write(`kubeconfig-ca-${database.label}.pem`, parts.caBundlePem!);
    const certificateFile = workspace.write(`kubeconfig-admin-${database.label}.pem`, parts.clientCertificatePem!);
    const verify = ["verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", caFile, certificateFile];
    const verified = workspace.run(verify);
    expect(verified).toBe(`${certificateFile}: OK\n`);
    const names = ["x509", "-noout", "-subject", "-issuer", "-enddate", "-in", certificateFile];
    console.info(`kubeconfig made through the API on ${database.label}:\n$ openssl ${verify.join(" ")}\n${verified}$ openssl ${names.join(" ")}\n${workspace.run(names)}`);
    const text = certificateText(workspace, parts.clientCertificatePem!);
    expect(text).toMatch(/Subject: O\s?=\s?system:masters, CN\s?=\s?admin/);
    expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Client Authentication\s/);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    // The key in the kubeconfig is the certificate's.
    const keyModulus = workspace.run(["rsa", "-noout", "-modulus", "-in", workspace.write("kubeconfig.key.pem", parts.clientKeyPem!)]);
    const certificateModulus = workspace.run(["x509", "-noout", "-modulus", "-in", workspace.write("kubeconfig.cert.pem", parts.clientCertificatePem!)]);
    expect(keyModulus).toBe(certificateModulus);
    expect(made.certificate!.pem).toBe(parts.clientCertificatePem);
    expect(made.expiresAt).toBe(made.certificate!.notAfter);
    expect(Date.parse(made.expiresAt!) - Date.now()).toBeLessThanOrEqual(3600 * 1000);
    // Nothing of it was stored: the cluster still has its three CA rows and nothing else.
    expect(await certificateRowCount(api, clusterId)).toBe(3);
  });

  it("makes a viewer kubeconfig, and one for a CSR whose key stays with the user", async () => {
    const viewer = await credentials(api, { clusterId, role: "VIEWER" });
    expect(certificateText(workspace, viewer.parts.clientCertificatePem!)).toMatch(/Subject: O\s?=\s?turnkey:viewers, CN\s?=\s?admin/);

    const request = csr("own-key", "/O=system:masters/CN=ignored");
    const own = await credentials(api, { clusterId, role: "VIEWER", csr: request, clientKeyPath: "/home/me/.kube/turnkey.key" });
    expect(own.parts).toMatchObject({ clientKeyPem: null, clientKeyPath: "/home/me/.kube/turnkey.key" });
    // The role decides the groups; what the CSR asked for is ignored.
    expect(own.certificate!.subject).toBe("CN=admin,O=turnkey:viewers");
    expect(verifyClient(workspace, own.parts.caBundlePem!, own.parts.clientCertificatePem!)).toMatchObject({ succeeded: true });
    const keyModulus = workspace.run(["rsa", "-noout", "-modulus", "-in", "own-key.key.pem"]);
    const certificateModulus = workspace.run(["x509", "-noout", "-modulus", "-in", workspace.write("own.cert.pem", own.parts.clientCertificatePem!)]);
    expect(keyModulus).toBe(certificateModulus);

    const stray = await api.query(ClusterCredentialsCreateDocument, { input: { clusterId, role: "ADMIN", clientKeyPath: "key.pem" } });
    expect(stray.clusterCredentialsCreate.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: ["clientKeyPath"] })]);
  });

  it("gives a TLS-disabled cluster no CA: a server-only kubeconfig, and refusals for signing and rotation", async () => {
    const plain = await createTemplate(api, { tlsDisabled: true });
    const { id } = await createCluster(api, plain);
    await waitForStatus(api, id, ["CREATE_COMPLETE"]);
    const cluster = await certificatesOf(api, id);
    expect(cluster).toMatchObject({ certificateAuthority: null, certificateAuthorities: [], certificateAuthorityBundle: null, conditions: [] });
    expect(await certificateRowCount(api, id)).toBe(0);

    const made = await credentials(api, { clusterId: id, role: "ADMIN" });
    expect(made).toMatchObject({ expiresAt: null, certificate: null });
    expect(made.parts).toMatchObject({ server: cluster.apiAddress, caBundlePem: null, clientCertificatePem: null, clientKeyPem: null });
    expect(made.kubeconfig).toContain("  user: {}");

    const signed = await api.query(CertificateSignDocument, { input: { clusterId: id, csr: csr("plain", "/CN=plain") } });
    expect(signed.certificateSign.userErrors).toEqual([expect.objectContaining({ code: "INVALID_STATE", field: ["clusterId"], message: expect.stringContaining("TLS disabled") })]);
    const rotated = await api.query(ClusterCaRotateDocument, { input: { id } });
    expect(rotated.clusterCaRotate.userErrors).toEqual([expect.objectContaining({ code: "INVALID_STATE", message: expect.stringContaining("TLS disabled") })]);
  });

  it("refuses certificates for engines without a Kubernetes CA, and for clusters it cannot find", async () => {
    const swarm = await createTemplate(api, { coe: "SWARM_MODE", networkDriver: "flannel", labels: [] });
    const { id } = await createCluster(api, swarm);
    await waitForStatus(api, id, ["CREATE_COMPLETE", "CREATE_FAILED"]);
    expect(await certificateRowCount(api, id)).toBe(0);
    const signed = await api.query(CertificateSignDocument, { input: { clusterId: id, csr: csr("swarm", "/CN=swarm") } });
    expect(signed.certificateSign.userErrors).toEqual([expect.objectContaining({ code: "NOT_SUPPORTED", field: ["clusterId"] })]);
    const missing = await api.query(ClusterCredentialsCreateDocument, { input: { clusterId: Buffer.from("Cluster:6d1dc6f8-0000-4000-8000-000000000000").toString("base64url"), role: "VIEWER" } });
    expect(missing.clusterCredentialsCreate.userErrors).toEqual([expect.objectContaining({ code: "NOT_FOUND", field: ["clusterId"] })]);
  });

  it("reads the CAs of a page of clusters in one statement, whatever the page size", async () => {
    const one = await api.request(ClustersCertificateAuthoritiesDocument, { first: 1 });
    const many = await api.request(ClustersCertificateAuthoritiesDocument, { first: 20 });
    expect(many.data!.clusters.nodes.length).toBeGreaterThan(1);
    expect(many.extensions?.sqlStatements).toBe(one.extensions?.sqlStatements);
  });

  it("removes every CA row of a cluster when it is deleted", async () => {
    const { id } = await createCluster(api, templateId);
    await waitForStatus(api, id, ["CREATE_COMPLETE"]);
    expect(await certificateRowCount(api, id)).toBe(3);
    const deleted = await api.query(ClusterDeleteDocument, { input: { id } });
    expect(deleted.clusterDelete.userErrors).toEqual([]);
    await waitForStatus(api, id, ["GONE"]);
    expect(await certificateRowCount(api, id)).toBe(0);
  });
});
