// Certificate rows: batched reads without private keys for the API, the one read that fetches a signing key, and the
// writes of a CA's life (new authorities, a rotation's state changes, retirement).
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, getTableColumns, inArray, lte, max, notExists } from "drizzle-orm";
import type { Database, Executor, Transaction } from "../client.js";
import { certificates, clusters, operations, type CertificateRow, type ClusterRow } from "../schema/index.js";

const { encryptedPrivateKey: _privateKey, ...publicColumns } = getTableColumns(certificates);

/** A CA row as every read path sees it: the encrypted private key is never selected outside signing. */
export type CertificateRecord = Omit<CertificateRow, "encryptedPrivateKey">;

/** A new CA ready to store: its certificate, and its private key already encrypted. */
export interface NewAuthority {
  kind: string;
  pem: string;
  encryptedPrivateKey: string;
  serialNumber: string;
  fingerprintSha256: string;
  notBefore: Date;
  notAfter: Date;
}

export async function certificatesByClusterIds(executor: Executor, clusterIds: readonly string[]): Promise<CertificateRecord[]> {
  if (clusterIds.length === 0) return [];
  return executor
    .select(publicColumns)
    .from(certificates)
    .where(inArray(certificates.clusterId, [...clusterIds]))
    .orderBy(asc(certificates.clusterId), asc(certificates.kind), desc(certificates.generation));
}

export async function certificatesByIds(executor: Executor, ids: readonly string[]): Promise<CertificateRecord[]> {
  if (ids.length === 0) return [];
  return executor.select(publicColumns).from(certificates).where(inArray(certificates.id, [...ids]));
}

/** The newest ACTIVE CA of a kind with its encrypted key; only issuing code calls this. */
export async function signingAuthorityWithKey(executor: Executor, clusterId: string, kind: string) {
  const [row] = await executor
    .select({ pem: certificates.pem, encryptedPrivateKey: certificates.encryptedPrivateKey })
    .from(certificates)
    .where(and(eq(certificates.clusterId, clusterId), eq(certificates.kind, kind), eq(certificates.state, "ACTIVE")))
    .orderBy(desc(certificates.generation))
    .limit(1);
  return row;
}

export async function insertAuthorities(
  transaction: Transaction,
  cluster: Pick<ClusterRow, "id" | "projectId">,
  authorities: readonly NewAuthority[],
  placement: { generation: number; state: string; now: Date },
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

/** The newest generation still RETIRING on the cluster (null: none). The caller holds the cluster row lock. */
export async function retiringGeneration(transaction: Transaction, clusterId: string): Promise<number | null> {
  const [retiring] = await transaction
    .select({ generation: max(certificates.generation) })
    .from(certificates)
    .where(and(eq(certificates.clusterId, clusterId), eq(certificates.state, "RETIRING")));
  return retiring?.generation ?? null;
}

/**
 * Clusters whose previous CA started retiring at or before `cutoff`, in one of `settledStatuses`, with no
 * PENDING or RUNNING operation: at most `limit` of them.
 */
export async function clustersDueForRetirement(db: Database, cutoff: Date, settledStatuses: readonly string[], limit: number): Promise<{ clusterId: string }[]> {
  return db
    .selectDistinct({ clusterId: certificates.clusterId })
    .from(certificates)
    .innerJoin(clusters, eq(clusters.id, certificates.clusterId))
    .where(
      and(
        eq(certificates.state, "RETIRING"),
        lte(certificates.updatedAt, cutoff),
        inArray(clusters.status, [...settledStatuses]),
        notExists(db.select({ id: operations.id }).from(operations).where(and(eq(operations.clusterId, clusters.id), inArray(operations.status, ["PENDING", "RUNNING"])))),
      ),
    )
    .limit(limit);
}
