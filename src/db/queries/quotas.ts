// Quota rows and what a project uses, and the project-row lock every quota-relevant write of a project queues on.
import { and, count, eq, sql, type SQL } from "drizzle-orm";
import type { Executor, Transaction } from "../client.js";
import { clusters, nodeGroups, projects, quotas } from "../schema/index.js";

/** The project's stored limits (resources without a row take the default). */
export async function quotaRowsOf(executor: Executor, projectId: string): Promise<{ resource: string; limit: number }[]> {
  return executor.select().from(quotas).where(eq(quotas.projectId, projectId));
}

export async function projectUsage(executor: Executor, projectId: string): Promise<{ CLUSTERS: number; NODES: number }> {
  const [clusterCount] = await executor.select({ total: count() }).from(clusters).where(eq(clusters.projectId, projectId));
  const [nodeTotal] = await executor.select({ total: sql<string>`coalesce(sum(${nodeGroups.nodeCount}), 0)` }).from(nodeGroups).where(eq(nodeGroups.projectId, projectId));
  return { CLUSTERS: clusterCount?.total ?? 0, NODES: Number(nodeTotal?.total ?? 0) };
}

/**
 * Locks the project row FOR NO KEY UPDATE, not UPDATE: rows that merely reference the project (events, operations
 * written by the reconciler while it holds the event-append lock) must not wait for it, or the two deadlock.
 */
export async function lockProjectForQuota(transaction: Transaction, projectId: string): Promise<void> {
  await transaction.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for("no key update");
}

/**
 * The stored limits and what the project uses, in one statement (one round trip while the project lock is held).
 * Run it after lockProjectForQuota, as a statement of its own: in READ COMMITTED it then takes a snapshot that
 * includes every change committed by the transaction the lock waited for.
 */
export interface LimitsAndUsage {
  limits: { resource: string; limit: number }[];
  CLUSTERS: number;
  NODES: number;
}

/** The output columns of limitsAndUsage (clusters, nodes, limits), to read them in another statement too. */
export function limitsAndUsageColumns(projectId: string): SQL {
  return sql`(select count(*) from ${clusters} where ${clusters.projectId} = ${projectId}) as clusters,
      (select coalesce(sum(${nodeGroups.nodeCount}), 0) from ${nodeGroups} where ${nodeGroups.projectId} = ${projectId}) as nodes,
      (select json_agg(json_build_object('resource', ${quotas.resource}, 'limit', ${quotas.limit})) from ${quotas} where ${quotas.projectId} = ${projectId}) as limits`;
}

/** A row of limitsAndUsageColumns as numbers and limit rows (the drivers answer counts and JSON differently). */
export function limitsAndUsageOf(row: { clusters: unknown; nodes: unknown; limits: unknown }): LimitsAndUsage {
  const limits = typeof row.limits === "string" ? (JSON.parse(row.limits) as { resource: string; limit: number }[]) : ((row.limits as { resource: string; limit: number }[] | null) ?? []);
  return { limits, CLUSTERS: Number(row.clusters), NODES: Number(row.nodes) };
}

/**
 * The stored limits and what the project uses, in one statement (one round trip while the project lock is held).
 * Run it after lockProjectForQuota, as a statement of its own: in READ COMMITTED it then takes a snapshot that
 * includes every change committed by the transaction the lock waited for.
 */
export async function limitsAndUsage(executor: Executor, projectId: string): Promise<LimitsAndUsage> {
  const rows = await executor.execute<{ clusters: number | string; nodes: number | string; limits: { resource: string; limit: number }[] | string | null }>(sql`select ${limitsAndUsageColumns(projectId)}`);
  // postgres.js and PGlite answer execute() differently: an array of rows, or { rows }.
  const row = (Array.isArray(rows) ? rows[0] : (rows as unknown as { rows: unknown[] }).rows[0]) as { clusters: number | string; nodes: number | string; limits: unknown };
  return limitsAndUsageOf(row);
}

export async function nodeGroupCountIn(transaction: Transaction, clusterId: string): Promise<number> {
  const [groups] = await transaction.select({ total: count() }).from(nodeGroups).where(and(eq(nodeGroups.clusterId, clusterId)));
  return groups?.total ?? 0;
}
