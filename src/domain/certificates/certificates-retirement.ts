// Phase two of a CA rotation when nobody starts it: once the grace period is over, the previous CAs are retired by an ordinary operation.
import { and, eq, inArray, lte, notExists } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { certificates, clusters, operations } from "../../db/schema/index.js";
import type { Logger } from "../../logger.js";
import { rotateClusterCa } from "../clusters/cluster-lifecycle.js";
import type { DomainContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Principal } from "../tenancy/principal.js";
import { SETTLED_STATUSES } from "../clusters/status-machine.js";
import { PeriodicTask } from "../../orchestration/periodic-task.js";

/** Whom automatic retirements are recorded as (the operation's createdBy). */
export const RETIREMENT_PRINCIPAL: Principal = { id: "system:ca-retirement", name: "turnkey", isGlobalAdmin: true, projectRoles: new Map() };

export interface CaRetirementOptions {
  db: Database;
  /** TURNKEY_CA_ROTATION_GRACE_SECONDS: how long a RETIRING CA stays trusted after its rotation. */
  graceSeconds: number;
  /** TURNKEY_CA_RETIREMENT_INTERVAL_MS: how often to look. */
  intervalMs: number;
  announce(cursors: bigint[]): void;
  logger: Logger;
}

/** Clusters looked at per round; the rest wait for the next. */
const BATCH_SIZE = 100;

/**
 * A small periodic task rather than a step of the health monitor: retiring is a change to the
 * cluster (an operation, a status, events), while health checks only observe. Several replicas may
 * run it at once; the cluster row lock and the status check let one of them record the operation.
 */
export class CaRetirementTask {
  private readonly context: DomainContext;
  private readonly task: PeriodicTask;

  constructor(private readonly options: CaRetirementOptions) {
    this.context = {
      db: options.db,
      principal: RETIREMENT_PRINCIPAL,
      // Rotation reads neither: they are about templates and cluster types.
      policy: { ciliumEnabled: false },
      unsupportedClusterType: () => null,
      announce: options.announce,
    };
    this.task = new PeriodicTask(options.intervalMs, () => this.retireDue(), (error) => options.logger.warn({ err: error }, "retiring previous CAs failed; trying again next round"));
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One round: records a RETIRE_PREVIOUS operation for each settled cluster whose grace period is over; returns their ids. */
  async retireDue(now: Date = new Date()): Promise<string[]> {
    const { db } = this.options;
    const cutoff = new Date(now.getTime() - this.options.graceSeconds * 1000);
    const due = await db
      .selectDistinct({ clusterId: certificates.clusterId })
      .from(certificates)
      .innerJoin(clusters, eq(clusters.id, certificates.clusterId))
      .where(
        and(
          eq(certificates.state, "RETIRING"),
          lte(certificates.updatedAt, cutoff),
          inArray(clusters.status, [...SETTLED_STATUSES]),
          notExists(db.select({ id: operations.id }).from(operations).where(and(eq(operations.clusterId, clusters.id), inArray(operations.status, ["PENDING", "RUNNING"])))),
        ),
      )
      .limit(BATCH_SIZE);
    const started: string[] = [];
    for (const { clusterId } of due) {
      try {
        await rotateClusterCa(this.context, clusterId, { phase: "RETIRE_PREVIOUS" });
        started.push(clusterId);
      } catch (error) {
        // The cluster moved on between the query and the lock (another replica, a user's change): next round.
        if (!(error instanceof DomainError)) throw error;
        this.options.logger.debug({ clusterId, reason: error.message }, "previous CA not retired this round");
      }
    }
    return started;
  }
}
