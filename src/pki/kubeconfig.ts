// Renders a kubeconfig for one cluster, one user and one context, as YAML written by hand.

export interface KubeconfigOptions {
  clusterName: string;
  /** API server URL, e.g. `https://203.0.113.10:6443`. */
  server: string;
  /** PEM bundle the client trusts for the API server; null when the cluster runs without TLS. */
  caBundlePem: string | null;
  userName: string;
  /** Client certificate and key, both or neither; neither leaves authentication to the caller. */
  clientCertificatePem?: string;
  clientKeyPem?: string;
  /**
   * Instead of `clientKeyPem`: where the user keeps a key the server never saw (the kubeconfig of
   * a certificate signed from the user's own CSR), written as `client-key`, as `openstack coe
   * cluster config` writes `key.pem`.
   */
  clientKeyPath?: string;
}

/*
 * Every free-text value is written as a JSON string. JSON strings are valid YAML
 * double-quoted scalars, so a name with ':', '#', quotes or a leading '-' cannot change the
 * document's structure, and no YAML library is needed for a file this regular.
 */
export function renderKubeconfig(options: KubeconfigOptions): string {
  const { clusterName, server, caBundlePem, userName, clientCertificatePem, clientKeyPem, clientKeyPath } = options;
  requireText("cluster name", clusterName);
  requireText("user name", userName);
  requireServerUrl(server);
  if (clientKeyPem !== undefined && clientKeyPath !== undefined) {
    throw new TypeError("give the client key as PEM or as a path, not both");
  }
  const clientKey = clientKeyPem ?? clientKeyPath;
  if ((clientCertificatePem === undefined) !== (clientKey === undefined)) {
    throw new TypeError("client certificate and client key must be given together");
  }
  if (clientKeyPath !== undefined) {
    requireText("client key path", clientKeyPath);
  }
  if (caBundlePem !== null) {
    requireText("CA bundle", caBundlePem);
  }
  const contextName = `${userName}@${clusterName}`;

  const cluster = [`    server: ${quote(server)}`];
  if (caBundlePem !== null) {
    cluster.push(`    certificate-authority-data: ${base64(caBundlePem)}`);
  }
  const user =
    clientCertificatePem !== undefined && clientKey !== undefined
      ? [
          "  user:",
          `    client-certificate-data: ${base64(clientCertificatePem)}`,
          clientKeyPem !== undefined ? `    client-key-data: ${base64(clientKeyPem)}` : `    client-key: ${quote(clientKey)}`,
        ]
      : ["  user: {}"];

  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${quote(clusterName)}`,
    "  cluster:",
    ...cluster,
    "users:",
    `- name: ${quote(userName)}`,
    ...user,
    "contexts:",
    `- name: ${quote(contextName)}`,
    "  context:",
    `    cluster: ${quote(clusterName)}`,
    `    user: ${quote(userName)}`,
    `current-context: ${quote(contextName)}`,
    "preferences: {}",
    "",
  ].join("\n");
}

function quote(value: string): string {
  return JSON.stringify(value);
}

function base64(pem: string): string {
  return Buffer.from(pem, "utf8").toString("base64");
}

function requireText(label: string, value: string): void {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`${label} must be a non-empty string`);
  }
}

function requireServerUrl(server: string): void {
  let url: URL | undefined;
  try {
    url = new URL(server);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new TypeError(`server must be an http or https URL, got ${JSON.stringify(server)}`);
  }
}
