// Queries on operations and the cluster event log.
import { and, desc, eq, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Executor, Transaction } from "../client.js";
import { rowsOf, selectRows } from "../row-reader.js";
import { operations, type OperationRow } from "../schema/index.js";

export type { OperationRow };

export async function operationsByIds(executor: Executor, ids: readonly string[]): Promise<OperationRow[]> {
  if (ids.length === 0) return [];
  return executor.select().from(operations).where(inArray(operations.id, [...ids]));
}

/** The newest operation of each cluster that has not finished: the cluster's `currentOperation`. */
export async function activeOperationsByClusterIds(executor: Executor, clusterIds: readonly string[]): Promise<OperationRow[]> {
  if (clusterIds.length === 0) return [];
  return executor
    .select()
    .from(operations)
    .where(and(inArray(operations.clusterId, [...clusterIds]), inArray(operations.status, ["PENDING", "RUNNING"])))
    .orderBy(desc(operations.createdAt));
}

export async function findOperation(executor: Executor, id: string): Promise<OperationRow | undefined> {
  // Through the row-reader's select list: the reconciler reads its operation on every tick.
  const [row] = await selectRows(executor, operations, sql`from ${operations} where ${operations.id} = ${id}`);
  return row;
}

/** The operation row locked FOR UPDATE; lock order as everywhere: the cluster row first, then this. */
export async function lockOperation(transaction: Transaction, id: string): Promise<OperationRow | undefined> {
  const [operation] = await transaction.select().from(operations).where(eq(operations.id, id)).for("update");
  return operation;
}

/**
 * Extends a lease if `workerId` still holds the operation (RUNNING, its owner); false when it does not. Fixed text, no
 * query builder: the reconciler runs it on every tick.
 *
 * With `lockClusterId` (in a transaction) it first locks that cluster's row FOR NO KEY UPDATE, as every writer of a
 * cluster does first, in the same statement: the lock is an InitPlan of the update's filter, so it is taken before the
 * operation's row is (the lock order every writer keeps: cluster, then operations). When the operation no longer
 * matches, the cluster may stay unlocked, and the caller rolls back anyway.
 */
export async function renewOperationLease(executor: Executor, lease: LeaseRenewal): Promise<boolean> {
  const { locked, renewal } = renewalParts(lease);
  const owned = rowsOf(await executor.execute(sql`${locked ? sql`with ${locked} ` : sql``}${renewal}`));
  return owned.length > 0;
}

export interface LeaseRenewal {
  operationId: string;
  workerId: string;
  leaseMs: number;
  lockClusterId?: string | null;
}

/** The cluster lock (a CTE, with `lockClusterId`) and the lease's update returning the operation's id, taken in that order. */
function renewalParts({ operationId, workerId, leaseMs, lockClusterId }: LeaseRenewal): { locked: SQL | null; renewal: SQL } {
  return {
    locked: lockClusterId ? sql`locked as (select "id" from "clusters" where "id" = ${lockClusterId} for no key update)` : null,
    renewal: sql`update "operations" set "lease_expires_at" = now() + ${leaseMs} * interval '1 millisecond'
      where "id" = ${operationId} and "status" = 'RUNNING' and "lease_owner" = ${workerId}${lockClusterId ? sql` and (select count(*) from locked) >= 0` : sql``} returning "id"`,
  };
}

/** The SQLSTATE leaseGuardStatement fails with when the lease is not held (division by zero: no row renewed). */
export const LEASE_NOT_HELD = "22012";

/**
 * renewOperationLease as a statement that fails (LEASE_NOT_HELD) unless the lease is held and renewed, for a
 * pipelined transaction (db/pipelined-transaction.ts): the statements sent behind it then fail too, and the commit
 * rolls back. The same statement inside, so the same locks in the same order.
 */
export function leaseGuardStatement(lease: LeaseRenewal): SQL {
  const { locked, renewal } = renewalParts(lease);
  return sql`with ${locked ? sql`${locked}, ` : sql``}renewed as (${renewal}) select 1 / (select count(*)::int from renewed) as "held"`;
}

export async function insertOperationRow(transaction: Transaction, values: typeof operations.$inferInsert): Promise<void> {
  await transaction.insert(operations).values(values);
}

export async function updateOperationRow(transaction: Transaction, id: string, values: PgUpdateSetSource<typeof operations>): Promise<void> {
  await transaction.update(operations).set(values).where(eq(operations.id, id));
}

/** Cancels the cluster's operations in one of `activeStatuses`; returns their ids. */
export async function cancelOperationsOf(transaction: Transaction, clusterId: string, activeStatuses: readonly string[], reason: string): Promise<string[]> {
  const cancelled = await transaction
    .update(operations)
    .set({ status: "CANCELLED", errorCode: "CANCELLED", errorMessage: reason, finishedAt: new Date(), updatedAt: new Date(), leaseOwner: null, leaseExpiresAt: null })
    .where(and(eq(operations.clusterId, clusterId), inArray(operations.status, [...activeStatuses])))
    .returning({ id: operations.id });
  return cancelled.map((row) => row.id);
}

/** One operation of the cluster in one of `activeStatuses`, if any. */
export async function operationOfClusterIn(transaction: Transaction, clusterId: string, activeStatuses: readonly string[]): Promise<OperationRow | undefined> {
  const [row] = await transaction
    .select()
    .from(operations)
    .where(and(eq(operations.clusterId, clusterId), inArray(operations.status, [...activeStatuses])))
    .limit(1);
  return row;
}

/** The cluster's newest FAILED operation, or CANCELLED by a user (operationCancel): what a rollback undoes. */
export async function lastFailedOperation(transaction: Transaction, clusterId: string): Promise<OperationRow | undefined> {
  const [failed] = await transaction
    .select()
    .from(operations)
    .where(and(eq(operations.clusterId, clusterId), or(eq(operations.status, "FAILED"), and(eq(operations.status, "CANCELLED"), isNotNull(operations.cancelledBy)))))
    .orderBy(desc(operations.createdAt))
    .limit(1);
  return failed;
}
