// The data the reconcile loop passes between its three steps: what load() found, what the driver said, and the transition decide() returns.
import type { NewClusterEvent } from "../../db/queries/cluster-events.js";
import type { ClusterRow, ClusterTemplateRow, NodeGroupRow, OperationRow } from "../../db/schema/index.js";
import type { ClusterSpec, Observation } from "../driver.js";
import type { OperationProgress, OperationRequest } from "./operation-specs.js";

export interface ReconcileSettings {
  /** Named in the reason of an operation failed by a driver that kept failing. */
  driverName: string;
  /** Real milliseconds per simulated minute: createTimeout minutes are scaled like the driver's clock. */
  timeScale: number;
  /** How long a claim lasts; a tick that writes nothing renews it once half is gone. */
  leaseMs: number;
  /** Pause between two observations of one operation when the driver gives no hint. */
  intervalMs: number;
  /** Deadline of one driver call (default leaseMs): past it the driver counts as not answering. */
  callTimeoutMs?: number;
}

/** Everything decide() needs of the database, read at the start of a tick (Cluster API's scope). */
export interface OperationScope {
  operation: OperationRow;
  /** The operation's parameters by its type's schema; null when the row does not fit it (see requestProblem). */
  request: OperationRequest | null;
  requestProblem?: string;
  progress: OperationProgress;
  /** Undefined once the cluster is gone. */
  cluster: ClusterRow | undefined;
  groups: NodeGroupRow[];
  /** What the driver sees of the cluster; null when the cluster or its template is gone. */
  spec: ClusterSpec | null;
  /** CLUSTER_UPGRADE: the template upgraded to, null when it no longer exists. */
  upgradeTarget?: ClusterTemplateRow | null;
  settings: ReconcileSettings;
}

/** What the driver said in this tick: the answer to the one submission, or the latest observation. */
export type DriverReport =
  /** The action was accepted; its stack id must be stored before anything else. */
  | { kind: "submitted"; stackId: string }
  /** The action was refused for good (DriverError: invalid request, no stack to change, not supported). */
  | { kind: "rejected"; code: string; reason: string }
  | { kind: "observed"; observation: Observation }
  /** The driver did not answer (network, 5xx): retried after a backoff, up to a limit. */
  | { kind: "unavailable"; message: string }
  /** Nothing was asked: the cluster, its template, or a readable request is missing. */
  | { kind: "none" };

/** Two times: `wall` stamps rows and events; `clock` (the driver's, moved by tests) measures createTimeout and hints. */
export interface Now {
  wall: Date;
  clock: number;
}

export type OperationChanges = Partial<
  Pick<OperationRow, "status" | "stages" | "percent" | "errorCode" | "errorMessage" | "finishedAt" | "updatedAt" | "leaseOwner" | "leaseExpiresAt">
> & { progress?: OperationProgress };

export type NodeGroupChange = { id: string; delete: true } | { id: string; delete?: false; changes: Partial<NodeGroupRow> };

/** Which hooks run in the transaction that applies the transition. */
export type HookPoint = { point: "afterSubmit" } | { point: "afterComplete"; failed: boolean };

/**
 * When to look again. `release`: hand the lease back and let no worker claim the operation for `afterMs`
 * (a transient-error backoff: nobody sleeps holding a lease); otherwise the same worker ticks again.
 */
export interface Requeue {
  afterMs: number;
  release: boolean;
}

/** The whole outcome of one tick, as data: apply() writes it in one leased transaction. */
export interface Transition {
  operation: OperationChanges | null;
  cluster: { changes: Partial<ClusterRow> } | { delete: true } | null;
  /** Written to every node group of the cluster (the stack id on submission). */
  allNodeGroups: Partial<NodeGroupRow> | null;
  nodeGroups: NodeGroupChange[];
  events: NewClusterEvent[];
  hooks: HookPoint | null;
  /** Open the transaction only to extend the lease (nothing else changed). */
  renewLease: boolean;
  /** Null: the operation is finished. */
  requeue: Requeue | null;
}

/** Whether applying the transition writes anything at all (a tick that saw no change opens no transaction). */
export function writes(transition: Transition): boolean {
  return (
    transition.renewLease ||
    transition.operation !== null ||
    transition.cluster !== null ||
    transition.allNodeGroups !== null ||
    transition.nodeGroups.length > 0 ||
    transition.events.length > 0 ||
    transition.hooks !== null ||
    transition.requeue?.release === true
  );
}
