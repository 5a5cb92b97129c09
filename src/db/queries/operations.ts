// Queries on operations and the cluster event log.
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../client.js";
import { operations, type OperationRow } from "../schema/index.js";

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
  const [row] = await executor.select().from(operations).where(eq(operations.id, id));
  return row;
}
