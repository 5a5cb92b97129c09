import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { createCertificateAuthority, issueClientKeyAndCertificate, renderKubeconfig } from "../../../src/pki/index.js";
import { createOpenSslWorkspace } from "./openssl.js";

const workspace = createOpenSslWorkspace();
afterAll(() => workspace.dispose());

const now = new Date();
const authority = createCertificateAuthority({ commonName: "cluster-ca", now });
const client = issueClientKeyAndCertificate({
  caCertificatePem: authority.certificatePem,
  caPrivateKeyPem: authority.privateKeyPem,
  commonName: "admin",
  organizations: ["system:masters"],
  validitySeconds: 3600,
  now,
});
const base64 = (text: string): string => Buffer.from(text).toString("base64");

// kubectl, when installed, is a reader nobody here wrote; without it the string checks still run.
const kubectlInstalled = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;

function kubectlView(kubeconfig: string): Record<string, unknown> {
  const file = `${workspace.directory}/${workspace.write("kubeconfig.yaml", kubeconfig)}`;
  const result = spawnSync("kubectl", ["config", "view", "--raw", "-o", "json", "--kubeconfig", file], { encoding: "utf8" });
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe("renderKubeconfig", () => {
  const withTls = renderKubeconfig({
    clusterName: "prod-east",
    server: "https://203.0.113.10:6443",
    caBundlePem: authority.certificatePem,
    userName: "admin",
    clientCertificatePem: client.certificatePem,
    clientKeyPem: client.privateKeyPem,
  });

  it("writes one cluster, user and context with base64 data fields", () => {
    expect(withTls).toContain("apiVersion: v1\nkind: Config\n");
    expect(withTls).toContain('clusters:\n- name: "prod-east"\n  cluster:\n    server: "https://203.0.113.10:6443"\n');
    expect(withTls).toContain(`    certificate-authority-data: ${base64(authority.certificatePem)}\n`);
    expect(withTls).toContain(`    client-certificate-data: ${base64(client.certificatePem)}\n`);
    expect(withTls).toContain(`    client-key-data: ${base64(client.privateKeyPem)}\n`);
    expect(withTls).toContain('contexts:\n- name: "admin@prod-east"\n  context:\n    cluster: "prod-east"\n    user: "admin"\n');
    expect(withTls).toContain('current-context: "admin@prod-east"\n');
    expect(withTls.match(/^- name:/gm)).toHaveLength(3);
  });

  it("only names the server when the cluster runs without TLS", () => {
    const plain = renderKubeconfig({ clusterName: "dev", server: "http://127.0.0.1:8080", caBundlePem: null, userName: "dev" });
    expect(plain).toContain('  cluster:\n    server: "http://127.0.0.1:8080"\nusers:\n');
    expect(plain).toContain('  user: {}\n');
    expect(plain).not.toContain("-data:");
  });

  it.skipIf(!kubectlInstalled)("is read back by kubectl with the same values", () => {
    const view = kubectlView(withTls) as {
      clusters: { name: string; cluster: { server: string; "certificate-authority-data": string } }[];
      users: { name: string; user: { "client-certificate-data": string; "client-key-data": string } }[];
      "current-context": string;
    };
    expect(view["current-context"]).toBe("admin@prod-east");
    expect(view.clusters[0]?.cluster.server).toBe("https://203.0.113.10:6443");
    expect(view.clusters[0]?.cluster["certificate-authority-data"]).toBe(base64(authority.certificatePem));
    expect(view.users[0]?.user["client-key-data"]).toBe(base64(client.privateKeyPem));
  });

  it.skipIf(!kubectlInstalled)("keeps names with YAML punctuation intact", () => {
    const awkward = 'team: "ops" # east - 1';
    const view = kubectlView(
      renderKubeconfig({ clusterName: awkward, server: "http://10.0.0.1", caBundlePem: null, userName: "- me" }),
    ) as { clusters: { name: string }[]; users: { name: string }[]; "current-context": string };
    expect(view.clusters[0]?.name).toBe(awkward);
    expect(view.users[0]?.name).toBe("- me");
    expect(view["current-context"]).toBe(`- me@${awkward}`);
  });

  it("refuses a certificate without its key, and a server that is not a URL", () => {
    const base = { clusterName: "c", caBundlePem: null, userName: "u" };
    expect(() => renderKubeconfig({ ...base, server: "https://x", clientCertificatePem: client.certificatePem })).toThrow(/together/);
    expect(() => renderKubeconfig({ ...base, server: "203.0.113.10:6443" })).toThrow(/http or https URL/);
  });
});
