// Queries on node groups: batched by cluster, since a cluster has few and they are read together.
import { and, asc, desc, eq, getTableColumns, inArray, like, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Executor, Transaction } from "../client.js";
import { selectRows, uuidArray } from "../row-reader.js";
import { nodeGroups, type NewNodeGroupRow, type NodeGroupRow } from "../schema/index.js";

export type { NodeGroupRow };

/** The properties of a node group row (its columns), for callers that read rows narrowed to a few of them. */
export const NODE_GROUP_PROPERTIES: ReadonlySet<string> = new Set(Object.keys(getTableColumns(nodeGroups)));

/**
 * The node groups of the clusters, in the order `openstack coe nodegroup list` shows. With `properties`, the rows hold
 * those columns plus the id and the cluster's id (see selectRows: such rows go to one answer only).
 */
export async function nodeGroupsByClusterIds(executor: Executor, clusterIds: readonly string[], properties?: readonly string[]): Promise<NodeGroupRow[]> {
  if (clusterIds.length === 0) return [];
  const columns = properties ? [...new Set(["id", "clusterId", ...properties])].sort() : undefined;
  // Masters first, then workers, then extra groups by age.
  return selectRows(
    executor,
    nodeGroups,
    sql`from ${nodeGroups} where ${nodeGroups.clusterId} = any(${uuidArray(clusterIds)}) order by ${nodeGroups.isDefault} desc, ${nodeGroups.role}, ${nodeGroups.createdAt}, ${nodeGroups.id}`,
    columns,
  );
}

/** One cluster's node groups, oldest first (the order the cluster's spec lists them in, src/orchestration/spec.ts). */
export async function nodeGroupsOfClusterByAge(executor: Executor, clusterId: string): Promise<NodeGroupRow[]> {
  return selectRows(executor, nodeGroups, sql`from ${nodeGroups} where ${nodeGroups.clusterId} = ${clusterId} order by ${nodeGroups.createdAt}, ${nodeGroups.id}`);
}

export async function nodeGroupsByIds(executor: Executor, ids: readonly string[]): Promise<NodeGroupRow[]> {
  if (ids.length === 0) return [];
  return selectRows(executor, nodeGroups, sql`from ${nodeGroups} where ${nodeGroups.id} = any(${uuidArray(ids)})`);
}

export async function findNodeGroup(executor: Executor, id: string): Promise<NodeGroupRow | undefined> {
  const [row] = await selectRows(executor, nodeGroups, sql`from ${nodeGroups} where ${nodeGroups.id} = ${id}`);
  return row;
}

/** A cluster's node groups, locked FOR NO KEY UPDATE (the caller holds the cluster row lock). */
export async function lockNodeGroupsOf(transaction: Transaction, clusterId: string): Promise<NodeGroupRow[]> {
  return selectRows(transaction, nodeGroups, sql`from ${nodeGroups} where ${nodeGroups.clusterId} = ${clusterId} for no key update`);
}

export async function updateNodeGroupRow(transaction: Transaction, nodeGroupId: string, values: PgUpdateSetSource<typeof nodeGroups>): Promise<void> {
  await transaction.update(nodeGroups).set(values).where(eq(nodeGroups.id, nodeGroupId));
}

export async function updateNodeGroupsOfCluster(transaction: Transaction, clusterId: string, values: PgUpdateSetSource<typeof nodeGroups>): Promise<void> {
  await transaction.update(nodeGroups).set(values).where(eq(nodeGroups.clusterId, clusterId));
}

/** Every group of the cluster still in a *_IN_PROGRESS status moves to the matching *_FAILED one. */
export async function failNodeGroupsInProgress(transaction: Transaction, clusterId: string, statusReason: string, now: Date): Promise<void> {
  await transaction
    .update(nodeGroups)
    .set({ status: sql`replace(${nodeGroups.status}, '_IN_PROGRESS', '_FAILED')`, statusReason, updatedAt: now })
    .where(and(eq(nodeGroups.clusterId, clusterId), like(nodeGroups.status, "%\\_IN\\_PROGRESS")));
}

export async function insertNodeGroupRows(transaction: Transaction, values: NewNodeGroupRow | NewNodeGroupRow[]): Promise<void> {
  await transaction.insert(nodeGroups).values(values as NewNodeGroupRow[]);
}

/** A node group's new limits, on its way to UPDATE_IN_PROGRESS. */
export async function updateNodeGroupLimits(transaction: Transaction, nodeGroupId: string, values: PgUpdateSetSource<typeof nodeGroups>): Promise<void> {
  await transaction
    .update(nodeGroups)
    .set(values)
    .where(and(eq(nodeGroups.id, nodeGroupId)));
}
