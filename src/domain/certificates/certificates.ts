// A cluster's certificate authorities as the domain sees them: kinds, states, and which CA signs and which are trusted.
import type { CertificateRecord } from "../../db/queries/certificates.js";
import type { Coe } from "../enums.js";

export const CERTIFICATE_KINDS = ["KUBERNETES", "ETCD", "FRONT_PROXY"] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/**
 * ACTIVE signs and is trusted; PENDING was made by a rotation whose rollout is still running (not
 * trusted, never signs); RETIRING is the previous CA after a rotation, still trusted until phase two.
 */
export const CERTIFICATE_STATES = ["ACTIVE", "PENDING", "RETIRING"] as const;
export type CertificateState = (typeof CERTIFICATE_STATES)[number];

/** A CA row as every read path sees it: the encrypted private key is never selected outside signing. */
export type { CertificateRecord };

/**
 * The CAs a cluster of this engine gets. Only Kubernetes has the three: etcd's peers and the
 * aggregation layer's front proxy trust their own CAs. The other engines get none here, since
 * this API's credentials are kubeconfigs.
 */
export function kindsFor(coe: Coe | string): readonly CertificateKind[] {
  return coe === "KUBERNETES" ? CERTIFICATE_KINDS : [];
}

/** Subject common name of a new CA: the cluster's name, with the kind for the two auxiliary CAs. */
export function authorityCommonName(clusterName: string, kind: CertificateKind): string {
  switch (kind) {
    case "KUBERNETES":
      return clusterName;
    case "ETCD":
      return `${clusterName} etcd`;
    case "FRONT_PROXY":
      return `${clusterName} front-proxy`;
  }
}

function newestFirst<Row extends Pick<CertificateRecord, "generation">>(rows: Row[]): Row[] {
  return [...rows].sort((left, right) => right.generation - left.generation);
}

/** The CA that signs new certificates of this kind: the newest ACTIVE one. */
export function signingAuthority<Row extends Pick<CertificateRecord, "kind" | "state" | "generation">>(rows: readonly Row[], kind: CertificateKind): Row | undefined {
  return newestFirst(rows.filter((row) => row.kind === kind && row.state === "ACTIVE"))[0];
}

/** The CAs clients and nodes trust for this kind: ACTIVE and RETIRING, newest first; never PENDING. */
export function trustedAuthorities<Row extends Pick<CertificateRecord, "kind" | "state" | "generation">>(rows: readonly Row[], kind: CertificateKind): Row[] {
  return newestFirst(rows.filter((row) => row.kind === kind && (row.state === "ACTIVE" || row.state === "RETIRING")));
}
