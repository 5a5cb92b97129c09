// The writing half of a reconcile tick: one transaction that proves the lease, writes the transition, runs the hooks and appends the events.
import { eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "../../db/client.js";
import { appendClusterEventRows, type NewClusterEvent } from "../../db/queries/cluster-events.js";
import { lockClusterRow } from "../../db/queries/clusters.js";
import { renewOperationLease } from "../../db/queries/operations.js";
import { clusters, nodeGroups, operations, type ClusterEventRow } from "../../db/schema/index.js";
import type { OperationType } from "../../domain/enums.js";
import type { AnyOperationHook } from "../hooks/hook.js";
import { LeaseLostError } from "./load.js";
import type { OperationScope, Transition } from "./types.js";

export interface Lease {
  operationId: string;
  /** The cluster row is locked first, as every mutation does (cluster, then operations, then the event log). */
  clusterId: string | null;
  workerId: string;
  leaseMs: number;
}

/**
 * Runs `work` in a transaction that first proves this worker still owns the operation and extends the
 * lease, then appends the events `work` returns. Returns their rows once committed: announce them
 * only then, so nobody hears of a change that could still roll back.
 */
export async function inLease(db: Database, lease: Lease, work: (transaction: Transaction) => Promise<NewClusterEvent[]>): Promise<ClusterEventRow[]> {
  return db.transaction(async (transaction) => {
    // Lock order everywhere: cluster row, then operation rows, then the event append lock. Mutations
    // (a delete cancelling this operation) take the same order, so the two never deadlock.
    if (lease.clusterId) await lockClusterRow(transaction, lease.clusterId);
    if (!(await renewLease(transaction, lease))) throw new LeaseLostError(lease.operationId);
    const events = await work(transaction);
    return appendClusterEventRows(transaction, events);
  });
}

/**
 * Extends the lease if this worker still holds the operation (RUNNING, its owner); false when it does not. On its own,
 * outside inLease, it takes only the operation's row lock: a delete cancelling the operation meanwhile either
 * committed (the row no longer matches) or holds that row until it commits, and then the row is read again.
 */
export function renewLease(executor: Database | Transaction, lease: Lease): Promise<boolean> {
  return renewOperationLease(executor, lease.operationId, lease.workerId, lease.leaseMs);
}

export interface HookRun {
  hooks: readonly AnyOperationHook[];
  /** What each applying hook's beforeSubmit returned, in the order of `hooksFor`. */
  prepared?: readonly unknown[];
}

/** The hooks that apply to the operation's type, in registration order. */
export function hooksFor(hooks: readonly AnyOperationHook[], type: string): AnyOperationHook[] {
  return hooks.filter((hook) => hook.appliesTo(type as OperationType));
}

/** Writes the transition in the leased transaction; returns the events to append. */
export async function apply(transaction: Transaction, scope: OperationScope, transition: Transition, hookRun: HookRun): Promise<NewClusterEvent[]> {
  const { operation, cluster, request } = scope;
  const changes = transition.operation;
  const release = transition.requeue?.release ? transition.requeue : null;
  if (changes || release) {
    await transaction
      .update(operations)
      .set({
        ...changes,
        // Backing off: the lease goes back and nobody claims the operation before its time.
        ...(release ? { leaseOwner: null, leaseExpiresAt: null, notBefore: sql`now() + ${release.afterMs} * interval '1 millisecond'` } : {}),
      })
      .where(eq(operations.id, operation.id));
  }
  if (!cluster) return transition.events;
  if (transition.hooks && request) {
    const applying = hooksFor(hookRun.hooks, operation.type);
    for (const [index, hook] of applying.entries()) {
      if (transition.hooks.point === "afterSubmit") await hook.afterSubmit?.(transaction, { operation, request, cluster, prepared: hookRun.prepared?.[index] });
      else await hook.afterComplete?.(transaction, { operation, request, cluster, failed: transition.hooks.failed });
    }
  }
  if (transition.cluster && "delete" in transition.cluster) {
    await transaction.delete(clusters).where(eq(clusters.id, cluster.id));
    return transition.events;
  }
  if (transition.cluster) await transaction.update(clusters).set(transition.cluster.changes).where(eq(clusters.id, cluster.id));
  if (transition.allNodeGroups) await transaction.update(nodeGroups).set(transition.allNodeGroups).where(eq(nodeGroups.clusterId, cluster.id));
  for (const change of transition.nodeGroups) {
    if (change.delete) await transaction.delete(nodeGroups).where(eq(nodeGroups.id, change.id));
    else await transaction.update(nodeGroups).set(change.changes).where(eq(nodeGroups.id, change.id));
  }
  return transition.events;
}
