// Certificate rows: batched reads without private keys for the API, and the one read that fetches a signing key.
import { and, asc, desc, eq, getTableColumns, inArray } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { certificates } from "../../db/schema/index.js";
import type { CertificateKind, CertificateRecord } from "./certificates.js";

const { encryptedPrivateKey: _privateKey, ...publicColumns } = getTableColumns(certificates);

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
export async function signingAuthorityWithKey(executor: Executor, clusterId: string, kind: CertificateKind) {
  const [row] = await executor
    .select({ pem: certificates.pem, encryptedPrivateKey: certificates.encryptedPrivateKey })
    .from(certificates)
    .where(and(eq(certificates.clusterId, clusterId), eq(certificates.kind, kind), eq(certificates.state, "ACTIVE")))
    .orderBy(desc(certificates.generation))
    .limit(1);
  return row;
}
