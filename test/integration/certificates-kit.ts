// Helpers for the certificate suites: openssl as the judge, kubeconfig parts, and the rows a refusal must not leave.
import { count, eq } from "drizzle-orm";
import { expect } from "vitest";
import { ClusterCertificatesDocument, ClusterCredentialsCreateDocument, type ClusterCredentialsCreateInput } from "../../src/client/generated/graphql.js";
import { certificates, idempotencyKeys } from "../../src/db/schema/index.js";
import type { TestServer } from "../support/server.js";
import type { CommandResult, OpenSslWorkspace } from "../unit/pki/openssl.js";

export { createOpenSslWorkspace, makeCsr } from "../unit/pki/openssl.js";

let files = 0;

/** `openssl verify` of `certificatePem` against `trustedPem` (one CA or a bundle), as a client certificate. */
export function verifyClient(workspace: OpenSslWorkspace, trustedPem: string, certificatePem: string): CommandResult {
  files += 1;
  const trusted = workspace.write(`trusted-${files}.pem`, trustedPem);
  const leaf = workspace.write(`client-${files}.pem`, certificatePem);
  return workspace.attempt(["verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", trusted, leaf]);
}

/** `openssl x509 -text` of a PEM certificate. */
export function certificateText(workspace: OpenSslWorkspace, pem: string): string {
  files += 1;
  return workspace.run(["x509", "-noout", "-text", "-in", workspace.write(`text-${files}.pem`, pem)]);
}

export interface KubeconfigParts {
  server: string;
  caBundlePem: string | null;
  clientCertificatePem: string | null;
  clientKeyPem: string | null;
  clientKeyPath: string | null;
  currentContext: string;
}

/** The fields of a kubeconfig this server writes (one cluster, one user, one context), read back. */
export function kubeconfigParts(yaml: string): KubeconfigParts {
  const value = (key: string) => new RegExp(`^\\s*${key}: (.+)$`, "m").exec(yaml)?.[1] ?? null;
  const decoded = (key: string) => {
    const data = value(key);
    return data === null ? null : Buffer.from(data, "base64").toString("utf8");
  };
  const quoted = (key: string) => {
    const raw = value(key);
    return raw === null ? null : (JSON.parse(raw) as string);
  };
  return {
    server: quoted("server")!,
    caBundlePem: decoded("certificate-authority-data"),
    clientCertificatePem: decoded("client-certificate-data"),
    clientKeyPem: decoded("client-key-data"),
    clientKeyPath: quoted("client-key"),
    currentContext: quoted("current-context")!,
  };
}

export async function certificatesOf(api: TestServer, clusterId: string) {
  const data = await api.query(ClusterCertificatesDocument, { id: clusterId });
  return data.cluster;
}

export async function credentials(api: TestServer, input: ClusterCredentialsCreateInput, token?: string) {
  const data = await api.query(ClusterCredentialsCreateDocument, { input }, token);
  expect(data.clusterCredentialsCreate.userErrors).toEqual([]);
  return { ...data.clusterCredentialsCreate, parts: kubeconfigParts(data.clusterCredentialsCreate.kubeconfig!) };
}

/** The uuid inside a global id. */
export function uuidOf(globalId: string): string {
  return Buffer.from(globalId, "base64url").toString("utf8").split(":")[1]!;
}

/** Certificate rows of a cluster (every state), read from the database itself. */
export async function certificateRowCount(api: TestServer, clusterId: string): Promise<number> {
  const [row] = await api.server.database.db.select({ rows: count() }).from(certificates).where(eq(certificates.clusterId, uuidOf(clusterId)));
  return row?.rows ?? 0;
}

export async function idempotencyKeyCount(api: TestServer): Promise<number> {
  const [row] = await api.server.database.db.select({ rows: count() }).from(idempotencyKeys);
  return row?.rows ?? 0;
}

/** The stored rows of a cluster's CAs, private key column included: for the at-rest checks only. */
export async function storedAuthorities(api: TestServer, clusterId: string) {
  return api.server.database.db.select().from(certificates).where(eq(certificates.clusterId, uuidOf(clusterId)));
}
