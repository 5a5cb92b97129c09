// Periodic health checks of settled clusters: healthStatus and its reasons from the driver, an event only on change.
import { and, eq, inArray, isNotNull, ne, notExists, or, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { appendClusterEvents } from "../db/queries/cluster-events.js";
import { clusterTemplates, clusters, nodeGroups, operations } from "../db/schema/index.js";
import { SETTLED_STATUSES } from "../domain/status-machine.js";
import type { Logger } from "../logger.js";
import type { Driver } from "./driver.js";
import { PeriodicTask } from "./periodic-task.js";
import { clusterSpec } from "./spec.js";

export interface HealthMonitorOptions {
  db: Database;
  driver: Driver;
  intervalMs: number;
  /** Clusters checked per round; a large fleet is covered over several rounds, least recently checked first. */
  batchSize: number;
  announce(cursors: bigint[]): void;
  logger: Logger;
}

export class HealthMonitor {
  private readonly task: PeriodicTask;

  constructor(private readonly options: HealthMonitorOptions) {
    this.task = new PeriodicTask(options.intervalMs, () => this.checkAll(), (error) => options.logger.warn({ err: error }, "health round failed"));
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One round; exported for tests and for an operator's "check now". */
  async checkAll(): Promise<number> {
    const { db, driver } = this.options;
    const candidates = await db
      .select({ cluster: clusters, template: clusterTemplates })
      .from(clusters)
      .innerJoin(clusterTemplates, eq(clusterTemplates.id, clusters.templateId))
      .where(
        and(
          inArray(clusters.status, [...SETTLED_STATUSES]),
          isNotNull(clusters.stackId),
          notExists(db.select({ id: operations.id }).from(operations).where(and(eq(operations.clusterId, clusters.id), inArray(operations.status, ["PENDING", "RUNNING"])))),
        ),
      )
      .orderBy(clusters.updatedAt)
      .limit(this.options.batchSize);
    if (candidates.length === 0) return 0;
    const groups = await db.select().from(nodeGroups).where(inArray(nodeGroups.clusterId, candidates.map((candidate) => candidate.cluster.id)));
    let changed = 0;
    for (const { cluster, template } of candidates) {
      const report = await driver.health(clusterSpec(cluster, template, groups.filter((group) => group.clusterId === cluster.id)), cluster.stackId);
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
        this.options.announce(cursors);
      }
    }
    return changed;
  }
}
