// The writing half of a reconcile tick: one transaction that proves the lease, writes the transition, runs the hooks and appends the events.
import { eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "../../db/client.js";
import { appendClusterEventRows, type NewClusterEvent } from "../../db/queries/cluster-events.js";
import { renewOperationLease } from "../../db/queries/operations.js";
import { updateRowsWhere } from "../../db/row-writer.js";
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
 * What a transition's writes leave to do: the events to append, and the writes already sent but not yet answered
 * (see apply): the append goes out with them, in the same round trip.
 */
export interface PendingWrites {
  events: NewClusterEvent[];
  written: Promise<unknown>;
}

/**
 * Runs `work` in a transaction that first proves this worker still owns the operation and extends the
 * lease, then appends the events `work` returns. Returns their rows once committed: announce them
 * only then, so nobody hears of a change that could still roll back.
 *
 * The cluster lock and the lease renewal are one statement; a transition's writes go out together with the event
 * append (postgres.js pipelines them on the transaction's connection): a tick is four round trips (begin, lock and
 * lease, writes and append, commit) instead of seven or more. Those writes do not depend on each other's order (each
 * its own rows, under the cluster lock already held); if one fails, the transaction is aborted, every statement after
 * it fails too, and the whole transaction rolls back, as before.
 */
export async function inLease(db: Database, lease: Lease, work: (transaction: Transaction) => Promise<NewClusterEvent[] | PendingWrites>): Promise<ClusterEventRow[]> {
  return db.transaction(async (transaction) => {
    // Lock order everywhere: cluster row, then operation rows, then the event append lock. Mutations
    // (a delete cancelling this operation) take the same order, so the two never deadlock.
    if (!(await renewOperationLease(transaction, { ...lease, lockClusterId: lease.clusterId }))) throw new LeaseLostError(lease.operationId);
    const done = await work(transaction);
    if (Array.isArray(done)) return appendClusterEventRows(transaction, done);
    const [, rows] = await Promise.all([done.written, appendClusterEventRows(transaction, done.events)]);
    return rows;
  });
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

/**
 * Writes the transition in the leased transaction; returns the events to append, and the writes after the hooks still
 * in flight (answered together with the append: see inLease). The operation's own update and the hooks are awaited
 * in turn, since a hook reads what it writes.
 */
export async function apply(transaction: Transaction, scope: OperationScope, transition: Transition, hookRun: HookRun): Promise<PendingWrites> {
  const { operation, cluster, request } = scope;
  const changes = transition.operation;
  const release = transition.requeue?.release ? transition.requeue : null;
  const writes: Promise<unknown>[] = [];
  if (changes || release) {
    writes.push(
      updateRowsWhere(transaction, operations, "id", operation.id, {
        ...changes,
        // Backing off: the lease goes back and nobody claims the operation before its time.
        ...(release ? { leaseOwner: null, leaseExpiresAt: null, notBefore: sql`now() + ${release.afterMs} * interval '1 millisecond'` } : {}),
      }),
    );
  }
  const pending = (events: NewClusterEvent[]): PendingWrites => ({ events, written: Promise.all(writes) });
  if (!cluster) return pending(transition.events);
  if (transition.hooks && request) {
    await Promise.all(writes.splice(0));
    const applying = hooksFor(hookRun.hooks, operation.type);
    for (const [index, hook] of applying.entries()) {
      if (transition.hooks.point === "afterSubmit") await hook.afterSubmit?.(transaction, { operation, request, cluster, prepared: hookRun.prepared?.[index] });
      else await hook.afterComplete?.(transaction, { operation, request, cluster, failed: transition.hooks.failed });
    }
  }
  if (transition.cluster && "delete" in transition.cluster) {
    writes.push(transaction.delete(clusters).where(eq(clusters.id, cluster.id)).execute());
    return pending(transition.events);
  }
  // Each update's text written once per list of changed columns (db/row-writer.ts), not built again every tick.
  if (transition.cluster) writes.push(updateRowsWhere(transaction, clusters, "id", cluster.id, transition.cluster.changes));
  if (transition.allNodeGroups) writes.push(updateRowsWhere(transaction, nodeGroups, "clusterId", cluster.id, transition.allNodeGroups));
  for (const change of transition.nodeGroups) {
    writes.push(change.delete ? transaction.delete(nodeGroups).where(eq(nodeGroups.id, change.id)).execute() : updateRowsWhere(transaction, nodeGroups, "id", change.id, change.changes));
  }
  return pending(transition.events);
}
