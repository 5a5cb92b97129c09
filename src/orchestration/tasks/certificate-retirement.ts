// The round of automatic CA retirement (the composition root runs it on its periodic-task registry): each round finds the clusters whose grace period is over and records phase two.
import type { Database } from "../../db/client.js";
import { clustersDueForRetirement } from "../../db/queries/certificates.js";
import {
  RETIREMENT_BATCH_SIZE,
  RETIREMENT_STATUSES,
  retirePreviousAuthorities,
  retirementContext,
  retirementCutoff,
} from "../../domain/certificates/certificates-retirement.js";
import type { DomainContext } from "../../domain/context.js";
import type { Logger } from "../../logger.js";

export interface CaRetirementOptions {
  db: Database;
  /** TURNKEY_CA_ROTATION_GRACE_SECONDS: how long a RETIRING CA stays trusted after its rotation. */
  graceSeconds: number;
  eventsCommitted(cursors: bigint[]): void;
  logger: Logger;
}

/**
 * A small periodic task rather than a step of the health monitor: retiring is a change to the
 * cluster (an operation, a status, events), while health checks only observe. Several replicas may
 * run it at once; the cluster row lock and the status check let one of them record the operation.
 */
export class CaRetirementTask {
  private readonly context: DomainContext;

  constructor(private readonly options: CaRetirementOptions) {
    this.context = retirementContext(options.db, options.eventsCommitted);
  }

  /** One round: records a RETIRE_PREVIOUS operation for each settled cluster whose grace period is over; returns their ids. */
  async retireDue(now: Date = new Date()): Promise<string[]> {
    const due = await clustersDueForRetirement(this.options.db, retirementCutoff(now, this.options.graceSeconds), RETIREMENT_STATUSES, RETIREMENT_BATCH_SIZE);
    const started: string[] = [];
    for (const { clusterId } of due) {
      const refusal = await retirePreviousAuthorities(this.context, clusterId);
      if (refusal === null) started.push(clusterId);
      else this.options.logger.debug({ clusterId, reason: refusal }, "previous CA not retired this round");
    }
    return started;
  }
}
