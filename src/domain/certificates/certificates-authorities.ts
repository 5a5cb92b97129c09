// Writes a cluster's CA rows: new authorities with their keys encrypted at rest, and the state changes of a rotation.
import { randomUUID } from "node:crypto";
import { and, eq, inArray, max } from "drizzle-orm";
import type { Transaction } from "../../db/client.js";
import { certificates, type ClusterRow } from "../../db/schema/index.js";
import { createCertificateAuthority, describeCertificate, encryptSecret, rsaKeys } from "../../pki/index.js";
import { authorityCommonName, type CertificateKind, type CertificateState } from "./certificates.js";
import type { CertificateOptions } from "./certificates-settings.js";

/** A new CA ready to store: its certificate, and its private key already encrypted. */
export interface PreparedAuthority {
  kind: CertificateKind;
  pem: string;
  encryptedPrivateKey: string;
  serialNumber: string;
  fingerprintSha256: string;
  notBefore: Date;
  notAfter: Date;
}

/**
 * Makes one CA per kind. The slow part (the keys, on the thread pool) runs before any transaction
 * opens; the private key exists in clear only in memory, for the moment it takes to encrypt it.
 */
export async function prepareAuthorities(options: CertificateOptions, clusterName: string, kinds: readonly CertificateKind[], now: Date): Promise<PreparedAuthority[]> {
  const keys = await Promise.all(kinds.map(() => rsaKeys.take(options.caKeyBits)));
  return kinds.map((kind, index) => {
    const authority = createCertificateAuthority({ commonName: authorityCommonName(clusterName, kind), key: keys[index]!, validityDays: options.caValidityDays, now });
    const { pem, serialNumber, fingerprintSha256, notBefore, notAfter } = describeCertificate(authority.certificatePem);
    return { kind, pem, encryptedPrivateKey: encryptSecret(authority.privateKeyPem, options.secretKey), serialNumber, fingerprintSha256, notBefore, notAfter };
  });
}

export async function insertAuthorities(
  transaction: Transaction,
  cluster: Pick<ClusterRow, "id" | "projectId">,
  authorities: readonly PreparedAuthority[],
  placement: { generation: number; state: CertificateState; now: Date },
): Promise<void> {
  if (authorities.length === 0) return;
  const { generation, state, now } = placement;
  await transaction
    .insert(certificates)
    .values(authorities.map((authority) => ({ ...authority, id: randomUUID(), projectId: cluster.projectId, clusterId: cluster.id, generation, state, createdAt: now, updatedAt: now })));
}

/** Kinds the cluster already has a CA of, in any state. */
export async function kindsPresent(transaction: Transaction, clusterId: string): Promise<Set<string>> {
  const rows = await transaction.selectDistinct({ kind: certificates.kind }).from(certificates).where(eq(certificates.clusterId, clusterId));
  return new Set(rows.map((row) => row.kind));
}

/** One generation number for every kind a rotation makes, so the kinds of a cluster rotate in step. */
export async function nextGeneration(transaction: Transaction, clusterId: string): Promise<number> {
  const [row] = await transaction.select({ newest: max(certificates.generation) }).from(certificates).where(eq(certificates.clusterId, clusterId));
  return (row?.newest ?? 0) + 1;
}

/** Drops CAs of a rotation that failed or was superseded: nothing may keep a CA the cluster never rolled out. */
export async function discardPendingAuthorities(transaction: Transaction, clusterId: string): Promise<void> {
  await transaction.delete(certificates).where(and(eq(certificates.clusterId, clusterId), eq(certificates.state, "PENDING")));
}

/**
 * Phase one succeeded: the new CAs sign from now on and the ones they replace stay trusted as
 * RETIRING. `updatedAt` of a RETIRING row is when its grace period started.
 */
export async function promotePendingAuthorities(transaction: Transaction, clusterId: string, now: Date): Promise<void> {
  const pending = await transaction
    .selectDistinct({ kind: certificates.kind })
    .from(certificates)
    .where(and(eq(certificates.clusterId, clusterId), eq(certificates.state, "PENDING")));
  if (pending.length === 0) return;
  const kinds = pending.map((row) => row.kind);
  await transaction
    .update(certificates)
    .set({ state: "RETIRING", updatedAt: now })
    .where(and(eq(certificates.clusterId, clusterId), eq(certificates.state, "ACTIVE"), inArray(certificates.kind, kinds)));
  await transaction
    .update(certificates)
    .set({ state: "ACTIVE", updatedAt: now })
    .where(and(eq(certificates.clusterId, clusterId), eq(certificates.state, "PENDING")));
}

/** Phase two succeeded: the previous CAs are gone, keys and all, and certificates they signed stop verifying. */
export async function removeRetiringAuthorities(transaction: Transaction, clusterId: string): Promise<void> {
  await transaction.delete(certificates).where(and(eq(certificates.clusterId, clusterId), eq(certificates.state, "RETIRING")));
}
