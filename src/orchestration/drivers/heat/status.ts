// Heat statuses to cluster and node-group statuses, as Magnum's Heat poller maps them
// (magnum/drivers/heat/driver.py, HeatPoller): pure functions, tested as a table.

import {
  type ObservationState,
  type OperationAction,
  type StackAction,
  clusterActionOf,
} from "../../driver.js";

export type HeatState = "IN_PROGRESS" | "FAILED" | "COMPLETE";

/** "CREATE_IN_PROGRESS" → CREATE and IN_PROGRESS; a status Heat never gives has a null state. */
export function splitStatus(status: string): { action: string; state: HeatState | null } {
  for (const state of ["IN_PROGRESS", "FAILED", "COMPLETE"] as const) {
    if (status.endsWith(`_${state}`)) return { action: status.slice(0, -state.length - 1), state };
  }
  return { action: status, state: null };
}

/** Magnum's _sync_missing_heat_stack: the status a node group takes when its stack has vanished. */
export function missingStackStatus(operation: OperationAction): string {
  const action = clusterActionOf(operation);
  if (action === "DELETE") return "DELETE_COMPLETE";
  return `${action}_FAILED`;
}

export interface NodeGroupStatus {
  name: string;
  /** A Heat status: the stack's for default groups, the group's own otherwise. */
  status: string;
  isDefault: boolean;
}

/**
 * Magnum's aggregate_nodegroup_statuses: in progress beats failed beats complete. Without
 * non-default groups the cluster takes the default groups' (the stack's) status; with them, the
 * action is DELETE when the default master is being deleted and UPDATE otherwise. A cluster that
 * was neither CREATE_COMPLETE nor CREATE_IN_PROGRESS before does not go back to CREATE_COMPLETE.
 * A failed cluster's reason lists the failed groups.
 */
export function aggregateStatus(
  groups: readonly NodeGroupStatus[],
  defaultStatus: string,
  previous: string | null,
): { status: string; reason: string | null } {
  const nonDefault = groups.some((group) => !group.isDefault);
  const action = defaultStatus.startsWith("DELETE") ? "DELETE" : "UPDATE";
  let status = previous ?? defaultStatus;
  for (const state of ["IN_PROGRESS", "FAILED", "COMPLETE"] as const) {
    if (groups.some((group) => group.status.endsWith(`_${state}`))) {
      status = nonDefault ? `${action}_${state}` : defaultStatus;
      break;
    }
  }
  if (status === "CREATE_COMPLETE" && previous !== null && previous !== "CREATE_COMPLETE" && previous !== "CREATE_IN_PROGRESS") {
    status = "UPDATE_COMPLETE";
  }
  const reason = status.endsWith("_FAILED")
    ? groups
        .filter((group) => group.status.endsWith("_FAILED"))
        .map((group) => `${group.name} failed`)
        .join(", ")
    : null;
  return { status, reason: reason === "" ? null : reason };
}

/** Magnum's failure statuses: anything FAILED, and a rollback even when it completed. */
export function isFailure(status: string): boolean {
  return status.endsWith("_FAILED") || status === "ROLLBACK_COMPLETE";
}

/**
 * The Observation's state for a Heat status reached by `operation`. The action is the operation's
 * (a create that Heat finished through a recovery update is still the create); the state is Heat's.
 */
export function observedState(status: string, operation: OperationAction): { action: StackAction; state: ObservationState } {
  const action = clusterActionOf(operation);
  if (isFailure(status)) return { action, state: "FAILED" };
  const { state } = splitStatus(status);
  if (state === "COMPLETE") return { action, state: "COMPLETE" };
  return { action, state: "IN_PROGRESS" };
}
