// The operation phases that keep a cluster's CAs in step with its operations: made on create, rotated in two phases, never left pending.
import type { ClusterSpec } from "../orchestration/driver.js";
import type { OperationPhase } from "../orchestration/operation-runner.js";
import {
  discardPendingAuthorities,
  insertAuthorities,
  kindsPresent,
  nextGeneration,
  prepareAuthorities,
  promotePendingAuthorities,
  removeRetiringAuthorities,
  type PreparedAuthority,
} from "./certificates/certificates-authorities.js";
import { rotationPhaseOf } from "./certificates/certificates-rotation.js";
import type { CertificateOptions } from "./certificates/certificates-settings.js";
import { kindsFor, type CertificateKind } from "./certificates/certificates.js";

/** The CA kinds a cluster should have; none when its template turns TLS off. */
function wantedKinds(spec: ClusterSpec): readonly CertificateKind[] {
  return spec.tlsDisabled ? [] : kindsFor(spec.coe);
}

function requirePrepared(prepared: PreparedAuthority[] | undefined): PreparedAuthority[] {
  if (!prepared) throw new Error("a certificates phase ran without its prepare step");
  return prepared;
}

/**
 * CLUSTER_CREATE: the kubernetes, etcd and front-proxy CAs. The runner calls it in the transaction that
 * records the driver submission, so it runs once per operation; it still skips kinds the cluster
 * already has, so a create retried after a crash makes nothing twice.
 */
export function certificatesPhase(options: CertificateOptions): OperationPhase<PreparedAuthority[]> {
  return {
    name: "certificates",
    appliesTo: (type) => type === "CLUSTER_CREATE",
    prepare: ({ cluster, spec }) => prepareAuthorities(options, cluster.name, wantedKinds(spec), new Date()),
    async run(transaction, { cluster, prepared }) {
      const present = await kindsPresent(transaction, cluster.id);
      const missing = requirePrepared(prepared).filter((authority) => !present.has(authority.kind));
      await insertAuthorities(transaction, cluster, missing, { generation: 1, state: "ACTIVE", now: new Date() });
    },
  };
}

/**
 * CLUSTER_CA_ROTATE, phase ROTATE: new CAs are made PENDING when the driver is told to roll them out,
 * and take over (the old ones RETIRING, still trusted) only when it succeeds; on failure they are
 * dropped and the cluster goes on with the CAs it has. Phase RETIRE_PREVIOUS drops the RETIRING CAs
 * once the driver has rolled out the bundle without them; on failure they stay trusted.
 *
 * CLUSTER_DELETE also runs it: a delete cancels a rotation in flight, whose PENDING CAs would
 * otherwise outlive it if the delete then failed.
 */
export function caRotationPhase(options: CertificateOptions): OperationPhase<PreparedAuthority[]> {
  const rotates = (operation: { type: string; spec: Record<string, unknown> }) => operation.type === "CLUSTER_CA_ROTATE" && rotationPhaseOf(operation.spec) === "ROTATE";
  return {
    name: "certificate-rotation",
    appliesTo: (type) => type === "CLUSTER_CA_ROTATE" || type === "CLUSTER_DELETE",
    prepare: async ({ operation, cluster, spec }) => (rotates(operation) ? prepareAuthorities(options, cluster.name, wantedKinds(spec), new Date()) : []),
    async run(transaction, { operation, cluster, prepared }) {
      await discardPendingAuthorities(transaction, cluster.id);
      if (!rotates(operation)) return;
      const generation = await nextGeneration(transaction, cluster.id);
      await insertAuthorities(transaction, cluster, requirePrepared(prepared), { generation, state: "PENDING", now: new Date() });
    },
    async settle(transaction, { operation, cluster, failed }) {
      if (operation.type !== "CLUSTER_CA_ROTATE") return;
      if (rotates(operation)) {
        await (failed ? discardPendingAuthorities(transaction, cluster.id) : promotePendingAuthorities(transaction, cluster.id, new Date()));
      } else if (!failed) {
        await removeRetiringAuthorities(transaction, cluster.id);
      }
    },
  };
}

export function certificatePhases(options: CertificateOptions): OperationPhase<PreparedAuthority[]>[] {
  return [certificatesPhase(options), caRotationPhase(options)];
}
