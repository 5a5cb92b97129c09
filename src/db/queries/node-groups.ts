// Queries on node groups: batched by cluster, since a cluster has few and they are read together.
import { asc, desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../client.js";
import { nodeGroups, type NodeGroupRow } from "../schema/index.js";

export async function nodeGroupsByClusterIds(executor: Executor, clusterIds: readonly string[]): Promise<NodeGroupRow[]> {
  if (clusterIds.length === 0) return [];
  // Masters first, then workers, then extra groups by age: the order `openstack coe nodegroup list` shows.
  return executor
    .select()
    .from(nodeGroups)
    .where(inArray(nodeGroups.clusterId, [...clusterIds]))
    .orderBy(desc(nodeGroups.isDefault), asc(nodeGroups.role), asc(nodeGroups.createdAt), asc(nodeGroups.id));
}

export async function nodeGroupsByIds(executor: Executor, ids: readonly string[]): Promise<NodeGroupRow[]> {
  if (ids.length === 0) return [];
  return executor.select().from(nodeGroups).where(inArray(nodeGroups.id, [...ids]));
}

export async function findNodeGroup(executor: Executor, id: string): Promise<NodeGroupRow | undefined> {
  const [row] = await executor.select().from(nodeGroups).where(eq(nodeGroups.id, id));
  return row;
}
