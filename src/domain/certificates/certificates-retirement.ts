// Phase two of a CA rotation when nobody starts it: once the grace period is over, the previous CAs are retired by an
// ordinary operation. The decision lives here; the query is db/queries/certificates.ts and the timer orchestration/tasks.
import type { Database } from "../../db/client.js";
import { rotateClusterCa } from "../clusters/cluster-lifecycle.js";
import { SETTLED_STATUSES } from "../clusters/status-machine.js";
import type { DomainContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Principal } from "../tenancy/principal.js";

/** Whom automatic retirements are recorded as (the operation's createdBy). */
export const RETIREMENT_PRINCIPAL: Principal = { id: "system:ca-retirement", name: "turnkey", isGlobalAdmin: true, projectRoles: new Map() };

/** Clusters looked at per round; the rest wait for the next. */
export const RETIREMENT_BATCH_SIZE = 100;

/** Cluster statuses a retirement may start from: settled ones (a running operation is never interrupted). */
export const RETIREMENT_STATUSES = SETTLED_STATUSES;

/** RETIRING CAs that started their grace period at or before this instant are due. */
export function retirementCutoff(now: Date, graceSeconds: number): Date {
  return new Date(now.getTime() - graceSeconds * 1000);
}

/** The context automatic retirements run in: the system principal, announcing what it records. */
export function retirementContext(db: Database, eventsCommitted: (cursors: bigint[]) => void): DomainContext {
  return {
    db,
    principal: RETIREMENT_PRINCIPAL,
    // Rotation reads neither: they are about templates and cluster types.
    policy: { ciliumEnabled: false },
    unsupportedClusterType: () => null,
    eventsCommitted,
  };
}

/**
 * Records a RETIRE_PREVIOUS operation on one due cluster: null when recorded, else why not (the cluster moved on
 * between the query and the lock: another replica, a user's change). Anything but a refusal propagates.
 */
export async function retirePreviousAuthorities(context: DomainContext, clusterId: string): Promise<string | null> {
  try {
    await rotateClusterCa(context, clusterId, { phase: "RETIRE_PREVIOUS" });
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.message;
  }
}
