// Which lifecycle action a cluster's status allows, and the statuses an action moves it through (Magnum's rules).
import type { ClusterStatus, OperationType } from "../enums.js";

/** Statuses in which a cluster is settled and healthy enough to change (Magnum's allow_update_status). */
export const SETTLED_STATUSES: readonly ClusterStatus[] = [
  "CREATE_COMPLETE",
  "UPDATE_COMPLETE",
  "RESUME_COMPLETE",
  "RESTORE_COMPLETE",
  "ROLLBACK_COMPLETE",
  "SNAPSHOT_COMPLETE",
  "CHECK_COMPLETE",
  "ADOPT_COMPLETE",
];

/**
 * Turnkey also lets a failed update be retried or rolled back (Magnum leaves UPDATE_FAILED a dead end),
 * and a failed rollback be retried.
 */
const RECOVERABLE: readonly ClusterStatus[] = ["UPDATE_FAILED", "ROLLBACK_FAILED"];

export type LifecycleAction =
  | "update"
  | "resize"
  | "upgrade"
  | "rotateCa"
  | "nodeGroupCreate"
  | "nodeGroupUpdate"
  | "nodeGroupDelete"
  | "rollback"
  | "delete";

/** Action → the statuses it may start from. Delete is allowed from every status. */
export const ALLOWED_FROM: Readonly<Record<LifecycleAction, readonly ClusterStatus[] | "ANY">> = {
  update: [...SETTLED_STATUSES, ...RECOVERABLE],
  resize: [...SETTLED_STATUSES, ...RECOVERABLE],
  upgrade: [...SETTLED_STATUSES, ...RECOVERABLE],
  nodeGroupCreate: [...SETTLED_STATUSES, ...RECOVERABLE],
  nodeGroupUpdate: [...SETTLED_STATUSES, ...RECOVERABLE],
  nodeGroupDelete: [...SETTLED_STATUSES, ...RECOVERABLE],
  // Rotating a CA on a cluster that is failing would leave nodes trusting different CAs.
  rotateCa: SETTLED_STATUSES,
  rollback: ["UPDATE_FAILED", "ROLLBACK_FAILED"],
  delete: "ANY",
};

export function isAllowed(action: LifecycleAction, status: ClusterStatus): boolean {
  const allowed = ALLOWED_FROM[action];
  return allowed === "ANY" || allowed.includes(status);
}

export function describeAllowed(action: LifecycleAction): string {
  const allowed = ALLOWED_FROM[action];
  return allowed === "ANY" ? "any status" : allowed.join(", ");
}

/** The status an operation puts the cluster in while it runs, and where it ends on success or failure. */
export interface StatusPath {
  running: ClusterStatus;
  succeeded: ClusterStatus;
  failed: ClusterStatus;
}

export function statusPath(type: OperationType): StatusPath {
  switch (type) {
    case "CLUSTER_CREATE":
      return { running: "CREATE_IN_PROGRESS", succeeded: "CREATE_COMPLETE", failed: "CREATE_FAILED" };
    case "CLUSTER_DELETE":
      return { running: "DELETE_IN_PROGRESS", succeeded: "DELETE_COMPLETE", failed: "DELETE_FAILED" };
    case "CLUSTER_ROLLBACK":
      return { running: "ROLLBACK_IN_PROGRESS", succeeded: "ROLLBACK_COMPLETE", failed: "ROLLBACK_FAILED" };
    default:
      return { running: "UPDATE_IN_PROGRESS", succeeded: "UPDATE_COMPLETE", failed: "UPDATE_FAILED" };
  }
}

export function isInProgress(status: ClusterStatus): boolean {
  return status.endsWith("_IN_PROGRESS");
}
