// Issues client certificates and kubeconfigs from a cluster's CA: the CSR vetted, the subject decided by policy, nothing kept.
import type { Executor } from "../../db/client.js";
import { findCluster } from "../../db/queries/clusters.js";
import { templateTlsAndCoe } from "../../db/queries/cluster-templates.js";
import type { ClusterRow } from "../../db/queries/clusters.js";
import {
  bundleCertificateAuthorities,
  CsrRejectedError,
  decryptSecret,
  describeCertificate,
  rsaKeys,
  inspectCsr,
  issueClientKeyAndCertificateAsync,
  renderKubeconfig,
  signClientCertificateAsync,
  type InspectedCsr,
} from "../../pki/index.js";
import { certificatesByClusterIds, signingAuthorityWithKey } from "../../db/queries/certificates.js";
import { certificateLifetime, certificateRefusal, groupsForRole, type CredentialRole } from "./certificates-policy.js";
import type { CertificateOptions } from "./certificates-settings.js";
import { kindsFor, trustedAuthorities } from "./certificates.js";
import type { DomainContext } from "../context.js";
import { badInput, DomainError, forbidden, invalidState, notFound, problem } from "../errors.js";
import { runOncePerRequestId } from "../idempotency.js";
import { canSee } from "../policy/index.js";
import { inTransaction } from "../transactions.js";

export interface SignRequest {
  clusterId: string;
  csr: string;
  ttlSeconds?: number | null;
  requestId?: string | null;
}

export interface CredentialsRequest {
  clusterId: string;
  role: CredentialRole;
  ttlSeconds?: number | null;
  /** A CSR for a key the user keeps; without one the server makes the key and embeds it. */
  csr?: string | null;
  /** Where that key lives, written as the kubeconfig's client-key; default key.pem. */
  clientKeyPath?: string | null;
}

export interface Credentials {
  kubeconfig: string;
  /** Null for a cluster with TLS disabled: its kubeconfig names the server only. */
  certificatePem: string | null;
  expiresAt: Date | null;
}

interface Target {
  cluster: ClusterRow;
  tlsDisabled: boolean;
  coe: string;
}

interface Authority {
  certificatePem: string;
  privateKeyPem: string;
  /** Every CA clients should trust now: the signing one, and the previous one while it retires. */
  bundlePem: string;
}

/** Signs a PEM CSR; the certificate is CN=<caller's name>, O=<the groups the CSR asks for, if policy allows each>. */
export async function signCertificate(context: DomainContext, options: CertificateOptions, request: SignRequest): Promise<string> {
  // The cluster first: for a cluster the caller may not see, the answer is NOT_FOUND whatever the CSR says.
  await visibleCluster(context.db, context, request.clusterId);
  const lifetime = certificateLifetime(request.ttlSeconds, options);
  const csr = inspectOrRefuse(request.csr, "csr");
  const groups = [...new Set(csr.subject.organizations)];
  const input = { clusterId: request.clusterId, csr: request.csr, ttlSeconds: request.ttlSeconds ?? null };
  // A refusal throws inside the transaction: no idempotency key, no row, nothing is written.
  const { result } = await inTransaction(context, (transaction) =>
    runOncePerRequestId(transaction, context.principal, "certificateSign", request.requestId, input, async () => {
      const target = await visibleCluster(transaction, context, request.clusterId);
      refuseUnlessAllowed(context, target.cluster, groups, options, "csr");
      const authority = await signingAuthority(transaction, target, options);
      const certificatePem = await signClientCertificateAsync({
        caCertificatePem: authority.certificatePem,
        caPrivateKeyPem: authority.privateKeyPem,
        csr,
        commonName: context.principal.name,
        organizations: groups,
        validitySeconds: lifetime,
        now: new Date(),
      });
      return { certificatePem };
    }),
  );
  return result.certificatePem!;
}

/** A kubeconfig for the caller in a role; made for this call and never stored. */
export async function createCredentials(context: DomainContext, options: CertificateOptions, request: CredentialsRequest): Promise<Credentials> {
  // Who may have which role on the cluster first: NOT_FOUND or FORBIDDEN before any check of the input.
  const target = await visibleCluster(context.db, context, request.clusterId);
  refuseUnlessAllowed(context, target.cluster, groupsForRole(request.role, options), options, "role");
  const lifetime = certificateLifetime(request.ttlSeconds, options);
  const csr = request.csr != null ? inspectOrRefuse(request.csr, "csr") : null;
  if (csr === null && request.clientKeyPath != null) {
    throw badInput("clientKeyPath", "clientKeyPath goes with a csr: without one the server makes the key and embeds it in the kubeconfig");
  }
  requireKubernetes(target);
  const { cluster } = target;
  const userName = context.principal.name;

  if (target.tlsDisabled) {
    if (csr) throw invalidState("csr", "the cluster has TLS disabled: there is no CA to sign the CSR");
    const server = requireApiAddress(cluster);
    return { kubeconfig: renderKubeconfig({ clusterName: cluster.name, server, caBundlePem: null, userName }), certificatePem: null, expiresAt: null };
  }
  const authority = await signingAuthority(context.db, target, options);
  const server = requireApiAddress(cluster);
  const signing = {
    caCertificatePem: authority.certificatePem,
    caPrivateKeyPem: authority.privateKeyPem,
    commonName: userName,
    organizations: groupsForRole(request.role, options),
    validitySeconds: lifetime,
    now: new Date(),
  };
  const clusterName = cluster.name;
  const caBundlePem = authority.bundlePem;
  if (csr) {
    const certificatePem = await signClientCertificateAsync({ ...signing, csr });
    const clientKeyPath = request.clientKeyPath ?? "key.pem";
    const kubeconfig = renderKubeconfig({ clusterName, server, caBundlePem, userName, clientCertificatePem: certificatePem, clientKeyPath });
    return { kubeconfig, certificatePem, expiresAt: describeCertificate(certificatePem).notAfter };
  }
  const issued = await issueClientKeyAndCertificateAsync({ ...signing, key: await rsaKeys.take(2048) });
  const kubeconfig = renderKubeconfig({ clusterName, server, caBundlePem, userName, clientCertificatePem: issued.certificatePem, clientKeyPem: issued.privateKeyPem });
  return { kubeconfig, certificatePem: issued.certificatePem, expiresAt: describeCertificate(issued.certificatePem).notAfter };
}

function inspectOrRefuse(pem: string, field: string): InspectedCsr {
  try {
    return inspectCsr(pem);
  } catch (error) {
    if (error instanceof CsrRejectedError) throw badInput(field, `${error.message} (${error.reason})`);
    throw error;
  }
}

async function visibleCluster(executor: Executor, context: DomainContext, clusterId: string): Promise<Target> {
  const cluster = await findCluster(executor, clusterId);
  if (!cluster || !canSee(context.principal, "cluster", cluster)) throw notFound("clusterId", "no such cluster");
  const template = await templateTlsAndCoe(executor, cluster.templateId);
  return { cluster, tlsDisabled: template?.tlsDisabled ?? false, coe: template?.coe ?? "KUBERNETES" };
}

function refuseUnlessAllowed(context: DomainContext, cluster: ClusterRow, groups: readonly string[], options: CertificateOptions, field: string): void {
  const refusal = certificateRefusal(context.principal, cluster, groups, options);
  if (refusal) throw forbidden(field, refusal);
}

function requireKubernetes(target: Target): void {
  if (kindsFor(target.coe).length === 0) {
    throw new DomainError(problem("NOT_SUPPORTED", "clusterId", `${target.coe} clusters have no Kubernetes CA: client certificates and kubeconfigs are for Kubernetes clusters`));
  }
}

function requireApiAddress(cluster: ClusterRow): string {
  const reason = apiUnavailableReason(cluster);
  if (reason || !cluster.apiAddress) throw invalidState("clusterId", reason ?? "the cluster has no API address");
  return cluster.apiAddress;
}

/**
 * Why the cluster's Kubernetes API cannot be counted on, or null when it can: credentials and signed
 * certificates are only worth having for an API that exists (Magnum hands out a config only for a built cluster).
 */
export function apiUnavailableReason(cluster: Pick<ClusterRow, "status" | "statusReason" | "apiAddress">): string | null {
  switch (cluster.status) {
    case "CREATE_FAILED":
      return `the cluster's create failed (${cluster.statusReason ?? "no reason recorded"}): its API is not known to serve; delete the cluster and create it again`;
    case "DELETE_IN_PROGRESS":
    case "DELETE_FAILED":
    case "DELETE_COMPLETE":
      return `the cluster is being deleted (status ${cluster.status}): its API is going away`;
  }
  if (!cluster.apiAddress) return `the cluster's API does not answer yet (status ${cluster.status}): wait for the api-server stage of the create`;
  return null;
}

/** The ACTIVE Kubernetes CA with its key opened, and the bundle to trust; refused when the cluster has none to use. */
async function signingAuthority(executor: Executor, target: Target, options: CertificateOptions): Promise<Authority> {
  const { cluster } = target;
  requireKubernetes(target);
  if (target.tlsDisabled) throw invalidState("clusterId", "the cluster has TLS disabled: it has no CA to issue certificates from");
  const unavailable = apiUnavailableReason(cluster);
  if (unavailable) throw invalidState("clusterId", unavailable);
  const authority = await signingAuthorityWithKey(executor, cluster.id, "KUBERNETES");
  if (!authority) {
    throw invalidState("clusterId", `the cluster has no CA yet (status ${cluster.status}): it is made when the create operation submits the cluster`);
  }
  const trusted = trustedAuthorities(await certificatesByClusterIds(executor, [cluster.id]), "KUBERNETES");
  return {
    certificatePem: authority.pem,
    privateKeyPem: decryptSecret(authority.encryptedPrivateKey, options.secretKey),
    bundlePem: bundleCertificateAuthorities(trusted.map((row) => row.pem)),
  };
}
