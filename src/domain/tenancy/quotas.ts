// Quotas: per-project limits, checked in the same transaction as the change so parallel requests cannot overshoot.
import type { Executor, Transaction } from "../../db/client.js";
import { appendClusterEventRowsWith, type ClusterEventRow, type NewClusterEvent } from "../../db/queries/cluster-events.js";
import { limitsAndUsage, limitsAndUsageColumns, limitsAndUsageOf, lockProjectForQuota, nodeGroupCountIn, projectUsage, quotaRowsOf, type LimitsAndUsage } from "../../db/queries/quotas.js";
import { DomainError } from "../errors.js";

export const QUOTA_RESOURCES = ["CLUSTERS", "NODES", "NODE_GROUPS_PER_CLUSTER"] as const;
export type QuotaResource = (typeof QUOTA_RESOURCES)[number];

/** CLUSTERS is Magnum's only quota (default 20); the others close its gaps. */
export const DEFAULT_QUOTAS: Record<QuotaResource, number> = { CLUSTERS: 20, NODES: 500, NODE_GROUPS_PER_CLUSTER: 10 };

export async function limitsOf(executor: Executor, projectId: string): Promise<Record<QuotaResource, number>> {
  const rows = await quotaRowsOf(executor, projectId);
  const limits = { ...DEFAULT_QUOTAS };
  for (const row of rows) limits[row.resource as QuotaResource] = row.limit;
  return limits;
}

export const usageOf: (executor: Executor, projectId: string) => Promise<{ CLUSTERS: number; NODES: number }> = projectUsage;

export interface QuotaRequest {
  /** Clusters added. */
  clusters?: number;
  /** Nodes added across the project (negative when shrinking: never refused). */
  nodes?: number;
  /** A cluster gaining a node group. */
  nodeGroupIn?: string;
  /** The input field to blame. */
  field: string;
  /**
   * True when the transaction has already written the clusters and nodes it asks for (a create checks after its
   * inserts): usage then includes them, and the project lock is held only from the check to the commit.
   */
  written?: boolean;
}

/**
 * Locks the project row (every quota-relevant write of a project queues here, so a check and its
 * write cannot interleave with another's), then compares usage plus the request with the limits.
 * NO KEY UPDATE, not UPDATE: rows that merely reference the project (events, operations written by
 * the reconciler while it holds the event-append lock) must not wait for it, or the two deadlock.
 *
 * Exact under concurrency either way: the lock is held to the commit, and the usage is read by a statement
 * of its own after the lock is granted, so it sees every change committed by whoever held the lock before. A
 * `written` request (rows inserted before the lock, as a create does) is counted in that usage; rows another
 * transaction inserted but has not committed are not, and that transaction checks (and counts this one's
 * committed rows) when it gets the lock in turn. Checking last keeps the lock's hold to two round trips and
 * the commit, instead of every statement of the create queueing behind it.
 */
export async function enforceQuota(transaction: Transaction, projectId: string, request: QuotaRequest): Promise<void> {
  await lockProjectForQuota(transaction, projectId);
  await judgeQuota(transaction, await limitsAndUsage(transaction, projectId), request);
}

/**
 * enforceQuota for a `written` request, and the request's events appended in the usage statement itself: the
 * project lock is then held for the lock statement, that one statement and the commit (a create's whole hold).
 * A refusal throws after the append, which the transaction's rollback undoes (its NOTIFY goes only at commit).
 */
export async function enforceQuotaAndAppend(transaction: Transaction, projectId: string, request: QuotaRequest & { written: true }, events: NewClusterEvent[]): Promise<ClusterEventRow[]> {
  await lockProjectForQuota(transaction, projectId);
  const { rows, extra } = await appendClusterEventRowsWith<{ clusters: unknown; nodes: unknown; limits: unknown }>(transaction, events, limitsAndUsageColumns(projectId));
  await judgeQuota(transaction, limitsAndUsageOf(extra), request);
  return rows;
}

async function judgeQuota(transaction: Transaction, { limits: rows, ...usage }: LimitsAndUsage, request: QuotaRequest): Promise<void> {
  const limits = { ...DEFAULT_QUOTAS };
  for (const row of rows) limits[row.resource as QuotaResource] = row.limit;
  // What was in use before this request: a written request is already in the counts.
  const used = request.written ? { CLUSTERS: usage.CLUSTERS - (request.clusters ?? 0), NODES: usage.NODES - (request.nodes ?? 0) } : usage;
  const exceeded = (resource: QuotaResource, limit: number, inUse: number, asked: number) =>
    new DomainError({
      code: "QUOTA_EXCEEDED",
      // Too many clusters is no single field's fault; too many nodes is the count's.
      field: resource === "CLUSTERS" ? [] : [request.field],
      message: `quota ${resource} exceeded: the limit is ${limit}, ${inUse} in use, this asks for ${asked} more`,
      limit,
      used: inUse,
    });
  if (request.clusters && used.CLUSTERS + request.clusters > limits.CLUSTERS) throw exceeded("CLUSTERS", limits.CLUSTERS, used.CLUSTERS, request.clusters);
  if (request.nodes && request.nodes > 0 && used.NODES + request.nodes > limits.NODES) throw exceeded("NODES", limits.NODES, used.NODES, request.nodes);
  if (request.nodeGroupIn) {
    // Counts the groups the cluster has (a written request's group among them).
    const inCluster = (await nodeGroupCountIn(transaction, request.nodeGroupIn)) - (request.written ? 1 : 0);
    if (inCluster + 1 > limits.NODE_GROUPS_PER_CLUSTER) throw exceeded("NODE_GROUPS_PER_CLUSTER", limits.NODE_GROUPS_PER_CLUSTER, inCluster, 1);
  }
}
