// The operation hooks that keep a cluster's CAs in step with its operations: made on create, rotated in two phases, never left pending.
import {
  discardPendingAuthorities,
  insertAuthorities,
  kindsPresent,
  nextGeneration,
  prepareAuthorities,
  promotePendingAuthorities,
  removeRetiringAuthorities,
  type PreparedAuthority,
} from "../../domain/certificates/certificates-authorities.js";
import type { CertificateOptions } from "../../domain/certificates/certificates-settings.js";
import { kindsFor, type CertificateKind } from "../../domain/certificates/certificates.js";
import type { ClusterSpec } from "../driver.js";
import type { OperationRequest } from "../reconcile/operation-specs.js";
import type { OperationHook } from "./hook.js";

/** The CA kinds a cluster should have; none when its template turns TLS off. */
function wantedKinds(spec: ClusterSpec): readonly CertificateKind[] {
  return spec.tlsDisabled ? [] : kindsFor(spec.coe);
}

function requirePrepared(prepared: PreparedAuthority[] | undefined): PreparedAuthority[] {
  if (!prepared) throw new Error("a certificates hook ran without its beforeSubmit step");
  return prepared;
}

/**
 * CLUSTER_CREATE: the kubernetes, etcd and front-proxy CAs. The reconciler calls it in the transaction that
 * records the driver submission, so it runs once per operation; it still skips kinds the cluster
 * already has, so a create retried after a crash makes nothing twice.
 */
export function certificatesHook(options: CertificateOptions): OperationHook<PreparedAuthority[]> {
  return {
    name: "certificates",
    appliesTo: (type) => type === "CLUSTER_CREATE",
    beforeSubmit: ({ cluster, spec }) => prepareAuthorities(options, cluster.name, wantedKinds(spec), new Date()),
    async afterSubmit(transaction, { cluster, prepared }) {
      const present = await kindsPresent(transaction, cluster.id);
      const missing = requirePrepared(prepared).filter((authority) => !present.has(authority.kind));
      await insertAuthorities(transaction, cluster, missing, { generation: 1, state: "ACTIVE", now: new Date() });
    },
  };
}

/** A CA rotation's first phase, which makes new CAs (the second, RETIRE_PREVIOUS, drops the old ones). */
function rotates(request: OperationRequest): boolean {
  return request.type === "CLUSTER_CA_ROTATE" && request.spec.phase === "ROTATE";
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
export function caRotationHook(options: CertificateOptions): OperationHook<PreparedAuthority[]> {
  return {
    name: "certificate-rotation",
    appliesTo: (type) => type === "CLUSTER_CA_ROTATE" || type === "CLUSTER_DELETE",
    beforeSubmit: async ({ request, cluster, spec }) => (rotates(request) ? prepareAuthorities(options, cluster.name, wantedKinds(spec), new Date()) : []),
    async afterSubmit(transaction, { request, cluster, prepared }) {
      await discardPendingAuthorities(transaction, cluster.id);
      if (!rotates(request)) return;
      const generation = await nextGeneration(transaction, cluster.id);
      await insertAuthorities(transaction, cluster, requirePrepared(prepared), { generation, state: "PENDING", now: new Date() });
    },
    async afterComplete(transaction, { request, cluster, failed }) {
      if (request.type !== "CLUSTER_CA_ROTATE") return;
      if (rotates(request)) {
        await (failed ? discardPendingAuthorities(transaction, cluster.id) : promotePendingAuthorities(transaction, cluster.id, new Date()));
      } else if (!failed) {
        await removeRetiringAuthorities(transaction, cluster.id);
      }
    },
  };
}

export function certificateHooks(options: CertificateOptions): OperationHook<PreparedAuthority[]>[] {
  return [certificatesHook(options), caRotationHook(options)];
}
