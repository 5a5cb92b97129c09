// The vocabulary of driver actions and how each maps onto Magnum's stack actions.

/** Actions that start an operation (everything but health). */
export const OPERATION_ACTIONS = [
  "create",
  "update",
  "resize",
  "upgrade",
  "delete",
  "rotateCa",
  "nodeGroupCreate",
  "nodeGroupUpdate",
  "nodeGroupDelete",
] as const;

export const DRIVER_ACTIONS = [...OPERATION_ACTIONS, "health"] as const;

export type DriverAction = (typeof DRIVER_ACTIONS)[number];

/** Actions that start an operation on the stack; health only reads. */
export type OperationAction = (typeof OPERATION_ACTIONS)[number];

/** The action half of a Magnum status such as UPDATE_IN_PROGRESS. */
export type StackAction = "CREATE" | "UPDATE" | "DELETE";

/** Magnum reports resize, upgrade, CA rotation and node group changes as cluster updates. */
export function clusterActionOf(action: OperationAction): StackAction {
  if (action === "create") return "CREATE";
  if (action === "delete") return "DELETE";
  return "UPDATE";
}

/** A node group being added or removed is itself created or deleted while its cluster updates. */
export function nodeGroupActionOf(action: OperationAction): StackAction {
  if (action === "nodeGroupCreate") return "CREATE";
  if (action === "nodeGroupDelete") return "DELETE";
  return clusterActionOf(action);
}
