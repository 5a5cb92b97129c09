// Periodic health checks of clusters whose nodes exist: healthStatus and its reasons from the driver, an event only on change.
import { and, eq, inArray, isNotNull, ne, or, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { appendClusterEvents } from "../db/queries/cluster-events.js";
import { clusterTemplates, clusters, nodeGroups } from "../db/schema/index.js";
import type { ClusterStatus } from "../domain/enums.js";
import { SETTLED_STATUSES } from "../domain/clusters/status-machine.js";
import type { Driver } from "./driver.js";
import { clusterSpec } from "./spec.js";

/**
 * Clusters whose nodes exist: settled ones, and those an operation is changing (their nodes keep their
 * health meanwhile, as Magnum's periodic health check runs whatever the stack does). Creates are left to
 * finish first (checking fifty clusters as they boot slowed their creates for nothing: until the API answers
 * their health is UNKNOWN anyway); deletes are left alone.
 */
export const OBSERVED_STATUSES: readonly ClusterStatus[] = [...SETTLED_STATUSES, "UPDATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "UPDATE_FAILED", "ROLLBACK_FAILED"];

export interface HealthMonitorOptions {
  db: Database;
  driver: Driver;
  /** Clusters checked per round; a large fleet is covered over several rounds, least recently checked first. */
  batchSize: number;
  eventsCommitted(cursors: bigint[]): void;
}

/** Health checks of settled clusters; the composition root (src/app.ts) runs checkAll as a periodic task. */
export class HealthMonitor {
  constructor(private readonly options: HealthMonitorOptions) {}

  /** One round; also for tests and for an operator's "check now". */
  async checkAll(): Promise<number> {
    const { db, driver } = this.options;
    const candidates = await db
      .select({ cluster: clusters, template: clusterTemplates })
      .from(clusters)
      .innerJoin(clusterTemplates, eq(clusterTemplates.id, clusters.templateId))
      .where(
        and(
          inArray(clusters.status, [...OBSERVED_STATUSES]),
          isNotNull(clusters.stackId),
        ),
      )
      .orderBy(clusters.updatedAt)
      .limit(this.options.batchSize);
    if (candidates.length === 0) return 0;
    const groups = await db.select().from(nodeGroups).where(inArray(nodeGroups.clusterId, candidates.map((candidate) => candidate.cluster.id)));
    let changed = 0;
    for (const { cluster, template } of candidates) {
      const report = await driver.health(clusterSpec(cluster, template, groups.filter((group) => group.clusterId === cluster.id)), cluster.stackId);
      // Nothing new: no transaction at all (PGlite runs one at a time, and mutations wait behind them).
      if (report.status === cluster.healthStatus && sameReason(report.reason, cluster.healthStatusReason)) continue;
      const cursors = await db.transaction(async (transaction) => {
        // Conditional on the old value: two replicas checking at once record one change, not two.
        const updated = await transaction
          .update(clusters)
          .set({ healthStatus: report.status, healthStatusReason: report.reason })
          .where(
            and(
              eq(clusters.id, cluster.id),
              or(ne(clusters.healthStatus, report.status), sql`${clusters.healthStatusReason} <> ${JSON.stringify(report.reason)}::jsonb`),
            ),
          )
          .returning({ id: clusters.id });
        if (updated.length === 0) return [];
        // While an operation runs, nodes come and go and the reason changes with each: only a change of status is news.
        if (!SETTLED_STATUSES.includes(cluster.status as ClusterStatus) && report.status === cluster.healthStatus) return [];
        return appendClusterEvents(transaction, [
          {
            projectId: cluster.projectId,
            clusterId: cluster.id,
            type: "HEALTH_CHANGED",
            healthStatus: report.status,
            status: cluster.status,
            details: { reason: report.reason, previousHealthStatus: cluster.healthStatus },
          },
        ]);
      });
      if (cursors.length > 0) {
        changed += 1;
        this.options.eventsCommitted(cursors);
      }
    }
    return changed;
  }
}

/** jsonb keeps its own key order, so compare entries, not strings. */
function sameReason(left: Record<string, string>, right: Record<string, string>): boolean {
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => right[key] === left[key]);
}
