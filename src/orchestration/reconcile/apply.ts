// The writing half of a reconcile tick: one transaction that proves the lease, writes the transition, runs the hooks and appends the events.
import { eq, sql, type SQL } from "drizzle-orm";
import type postgres from "postgres";
import type { Database, Executor, Transaction } from "../../db/client.js";
import { PipelinedStatementError, runPipelined } from "../../db/pipelined-transaction.js";
import { appendClusterEventRows, appendedRows, appendStatement, type NewClusterEvent } from "../../db/queries/cluster-events.js";
import { LEASE_NOT_HELD, leaseGuardStatement, renewOperationLease } from "../../db/queries/operations.js";
import { updateSql } from "../../db/row-writer.js";
import { clusters, nodeGroups, operations, type ClusterEventRow } from "../../db/schema/index.js";
import type { OperationType } from "../../domain/enums.js";
import type { AnyOperationHook } from "../hooks/hook.js";
import { LeaseLostError } from "./load.js";
import type { HookPoint, OperationScope, Transition } from "./types.js";

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

/** Whether any of `applying` has work at the transition's hook point (a create's completion has none). */
export function runsHooksAt(applying: readonly AnyOperationHook[], hooks: HookPoint | null): boolean {
  if (!hooks) return false;
  return applying.some((hook) => (hooks.point === "afterSubmit" ? hook.afterSubmit : hook.afterComplete) !== undefined);
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
  const writes: Promise<unknown>[] = [];
  const own = operationWrite(transaction, scope, transition);
  if (own) writes.push(transaction.execute(own));
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
  for (const statement of clusterWrites(transaction, scope, transition)) writes.push(transaction.execute(statement));
  return pending(transition.events);
}

/**
 * A transition without hooks as one pipelined transaction on PostgreSQL (db/pipelined-transaction.ts): the lease guard
 * (the cluster lock and the lease renewal, failing unless the lease is held), the transition's writes, the event
 * append, and BEGIN and COMMIT around them, in one round trip instead of four. The same statements in the same order
 * as inLease with apply, so the same locks in the same order; a lost lease throws LeaseLostError and leaves nothing.
 * Returns the appended rows once committed.
 */
export async function applyPipelined(executor: Database, client: postgres.Sql, lease: Lease, scope: OperationScope, transition: Transition): Promise<ClusterEventRow[]> {
  if (transition.hooks) throw new Error("applyPipelined: a transition with hooks runs through inLease and apply");
  const statements: SQL[] = [leaseGuardStatement({ ...lease, lockClusterId: lease.clusterId })];
  const own = operationWrite(executor, scope, transition);
  if (own) statements.push(own);
  if (scope.cluster) statements.push(...clusterWrites(executor, scope, transition));
  const { events } = transition;
  if (events.length > 0) statements.push(appendStatement(events));
  try {
    const answers = await runPipelined(client, statements);
    return events.length > 0 ? appendedRows(answers.at(-1)!) : [];
  } catch (error) {
    if (error instanceof PipelinedStatementError && error.index === 0 && error.code === LEASE_NOT_HELD) throw new LeaseLostError(lease.operationId);
    throw error;
  }
}

/** The operation's own update (its changes, and handing the lease back when backing off), or null. */
function operationWrite(executor: Executor, scope: OperationScope, transition: Transition): SQL | null {
  const changes = transition.operation;
  const release = transition.requeue?.release ? transition.requeue : null;
  if (!changes && !release) return null;
  return updateSql(executor, operations, "id", scope.operation.id, {
    ...changes,
    // Backing off: the lease goes back and nobody claims the operation before its time.
    ...(release ? { leaseOwner: null, leaseExpiresAt: null, notBefore: sql`now() + ${release.afterMs} * interval '1 millisecond'` } : {}),
  });
}

/**
 * The cluster's and its node groups' writes (none without a cluster), independent of each other's order. Each update's
 * text written once per list of changed columns (db/row-writer.ts), not built again every tick.
 */
function clusterWrites(executor: Executor, scope: OperationScope, transition: Transition): SQL[] {
  const { cluster } = scope;
  if (!cluster) return [];
  if (transition.cluster && "delete" in transition.cluster) return [executor.delete(clusters).where(eq(clusters.id, cluster.id)).getSQL()];
  const statements: (SQL | null)[] = [];
  if (transition.cluster) statements.push(updateSql(executor, clusters, "id", cluster.id, transition.cluster.changes));
  if (transition.allNodeGroups) statements.push(updateSql(executor, nodeGroups, "clusterId", cluster.id, transition.allNodeGroups));
  for (const change of transition.nodeGroups) {
    statements.push(change.delete ? executor.delete(nodeGroups).where(eq(nodeGroups.id, change.id)).getSQL() : updateSql(executor, nodeGroups, "id", change.id, change.changes));
  }
  return statements.filter((statement): statement is SQL => statement !== null);
}
