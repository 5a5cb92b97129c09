// Auto-healing and auto-scaling (Magnum's auto_healing_enabled and auto_scaling_enabled labels): a periodic round that records repair and resize operations.
//
// Magnum's Heat driver deploys these as add-ons inside the cluster (magnum-auto-healer or Draino, and the
// cluster-autoscaler with the magnum provider), which call Magnum's resize API with nodes_to_remove; the
// control plane itself never decides. Turnkey decides here instead, from what the driver observes, and
// records the same kind of operation a user's resize records: its stages stream like any other, quotas
// apply, and nothing is started while another operation runs on the cluster.
import { and, eq, inArray, isNotNull, notExists } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { findCluster } from "../db/queries/clusters.js";
import { clusterTemplates, clusters, nodeGroups, operations, type ClusterRow, type NodeGroupRow } from "../db/schema/index.js";
import type { DomainContext } from "../domain/context.js";
import { DEFAULT_WORKER_GROUP, type ClusterStatus } from "../domain/enums.js";
import { DomainError } from "../domain/errors.js";
import { activeOperation, ACTIVE_OPERATION_STATUSES, recordOperation } from "../domain/clusters/operations.js";
import { enforceQuota } from "../domain/tenancy/quotas.js";
import { SETTLED_STATUSES } from "../domain/clusters/status-machine.js";
import type { Logger } from "../logger.js";
import type { Driver, Label } from "./driver.js";
import { labelEnabled } from "./labels.js";
import { clusterSpec } from "./spec.js";

export interface AutopilotOptions {
  db: Database;
  driver: Driver;
  eventsCommitted(cursors: bigint[]): void;
  logger: Logger;
}

export interface GroupView {
  id: string;
  name: string;
  role: string;
  nodeCount: number;
  minNodeCount: number;
  maxNodeCount: number | null;
  /** Kubernetes node names, as the driver observes them. */
  nodeNames: string[];
}

export type AutopilotDecision =
  | { kind: "repair"; nodeGroupId: string; nodeCount: number; nodesToRemove: string[]; reason: string }
  | { kind: "scale"; nodeGroupId: string; nodeCount: number; reason: string };

/** What to do with one settled, idle cluster: heal first (a broken node is worse than a busy one), then scale. */
export function decide(input: { labels: readonly Label[]; healthStatus: string; healthStatusReason: Record<string, string>; groups: GroupView[]; demand: number | null }): AutopilotDecision | null {
  if (labelEnabled(input.labels, "auto_healing_enabled") && input.healthStatus === "UNHEALTHY") {
    const notReady = Object.entries(input.healthStatusReason)
      .filter(([key, value]) => key.endsWith(".Ready") && value === "False")
      .map(([key]) => key.slice(0, -".Ready".length));
    // Masters are not replaced: etcd membership would have to move with them (Magnum's auto-healer leaves them too).
    for (const group of input.groups.filter((candidate) => candidate.role !== "master")) {
      const broken = group.nodeNames.filter((name) => notReady.includes(name));
      if (broken.length > 0) {
        return { kind: "repair", nodeGroupId: group.id, nodeCount: group.nodeCount, nodesToRemove: broken, reason: `Auto-healing: replacing unhealthy node${broken.length === 1 ? "" : "s"} ${broken.join(", ")} of ${group.name}` };
      }
    }
  }
  if (labelEnabled(input.labels, "auto_scaling_enabled") && input.demand !== null) {
    const group = input.groups.find((candidate) => candidate.name === DEFAULT_WORKER_GROUP && candidate.role !== "master");
    if (!group) return null;
    // The cluster-autoscaler's bounds: never below min_node_count, never above max_node_count (no max: no growth).
    const ceiling = group.maxNodeCount ?? group.nodeCount;
    const target = Math.min(Math.max(Math.ceil(input.demand), group.minNodeCount, 0), Math.max(ceiling, group.minNodeCount));
    if (target !== group.nodeCount) {
      const direction = target > group.nodeCount ? "up" : "down";
      return { kind: "scale", nodeGroupId: group.id, nodeCount: target, reason: `Auto-scaling ${group.name} ${direction} to ${target} nodes for a workload of ${input.demand} (bounds ${group.minNodeCount} to ${group.maxNodeCount ?? "none"})` };
    }
  }
  return null;
}

/** Who the operations are recorded as: no user asked for them. */
const SYSTEM = { healing: "system:auto-healer", scaling: "system:autoscaler" } as const;

/** Auto-healing and auto-scaling; the composition root (src/app.ts) runs round as a periodic task. */
export class Autopilot {
  constructor(private readonly options: AutopilotOptions) {}

  /** One round over settled, idle clusters that enable either label; returns the operations recorded. */
  async round(): Promise<number> {
    const { db, driver } = this.options;
    const candidates = await db
      .select({ cluster: clusters, template: clusterTemplates })
      .from(clusters)
      .innerJoin(clusterTemplates, eq(clusterTemplates.id, clusters.templateId))
      .where(
        and(
          inArray(clusters.status, [...SETTLED_STATUSES]),
          isNotNull(clusters.stackId),
          notExists(db.select({ id: operations.id }).from(operations).where(and(eq(operations.clusterId, clusters.id), inArray(operations.status, [...ACTIVE_OPERATION_STATUSES])))),
        ),
      );
    let recorded = 0;
    for (const { cluster, template } of candidates) {
      if (!labelEnabled(cluster.labels, "auto_healing_enabled") && !labelEnabled(cluster.labels, "auto_scaling_enabled")) continue;
      const groups = await db.select().from(nodeGroups).where(eq(nodeGroups.clusterId, cluster.id));
      const spec = clusterSpec(cluster, template, groups);
      const observation = await driver.observe(spec, cluster.stackId);
      const views = groups.map((group): GroupView => ({
        id: group.id,
        name: group.name,
        role: group.role,
        nodeCount: group.nodeCount,
        minNodeCount: group.minNodeCount,
        maxNodeCount: group.maxNodeCount,
        nodeNames: observation.nodeGroups.find((observed) => observed.uuid === group.id)?.nodeNames ?? [],
      }));
      const decision = decide({ labels: cluster.labels, healthStatus: cluster.healthStatus, healthStatusReason: cluster.healthStatusReason, groups: views, demand: driver.workloadDemand?.(spec) ?? null });
      if (decision && (await this.record(cluster, decision))) recorded += 1;
    }
    return recorded;
  }

  /** Records the decision as an operation, unless the cluster changed meanwhile or the quota says no. */
  private async record(seen: ClusterRow, decision: AutopilotDecision): Promise<boolean> {
    const { db, logger } = this.options;
    try {
      const cursors = await db.transaction(async (transaction) => {
        // Lock order as the mutations': cluster row, node groups, then the quota's project row.
        const cluster = await findCluster(transaction, seen.id, true);
        if (!cluster || cluster.resourceVersion !== seen.resourceVersion || !SETTLED_STATUSES.includes(cluster.status as ClusterStatus)) return [];
        if (await activeOperation(transaction, cluster.id)) return [];
        const groups: NodeGroupRow[] = await transaction.select().from(nodeGroups).where(eq(nodeGroups.clusterId, cluster.id)).for("no key update");
        const group = groups.find((candidate) => candidate.id === decision.nodeGroupId);
        if (!group) return [];
        await enforceQuota(transaction, cluster.projectId, { nodes: decision.nodeCount - group.nodeCount, field: "nodeCount" });
        const now = new Date();
        await transaction.update(nodeGroups).set({ nodeCount: decision.nodeCount, status: "UPDATE_IN_PROGRESS", statusReason: null, updatedAt: now, resourceVersion: group.resourceVersion + 1 }).where(eq(nodeGroups.id, group.id));
        const workers = groups.filter((candidate) => candidate.role !== "master").reduce((sum, candidate) => sum + (candidate.id === group.id ? decision.nodeCount : candidate.nodeCount), 0);
        await transaction.update(clusters).set({ nodeCount: workers }).where(eq(clusters.id, cluster.id));
        const previous = { templateId: cluster.templateId, nodeCount: cluster.nodeCount, groups: groups.map((entry) => ({ id: entry.id, nodeCount: entry.nodeCount })) };
        const healing = decision.kind === "repair";
        // recordOperation reads only the principal's id (createdBy) from its context.
        const system = { principal: { id: healing ? SYSTEM.healing : SYSTEM.scaling } } as unknown as DomainContext;
        const spec = { nodeGroupId: group.id, nodeCount: decision.nodeCount, nodesToRemove: healing ? decision.nodesToRemove : [], previous, automatic: decision.kind };
        const operation = await recordOperation(transaction, system, cluster, healing ? "CLUSTER_REPAIR" : "CLUSTER_RESIZE", spec, null, decision.reason);
        return [operation.cursor];
      });
      if (cursors.length === 0) return false;
      this.options.eventsCommitted(cursors);
      logger.info({ clusterId: seen.id, decision }, "autopilot recorded an operation");
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === "QUOTA_EXCEEDED") {
        logger.warn({ clusterId: seen.id, decision, reason: error.message }, "autopilot held back by the project's quota");
        return false;
      }
      throw error;
    }
  }
}
