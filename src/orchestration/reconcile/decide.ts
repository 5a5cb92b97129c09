// The pure core of a reconcile tick: from what was loaded and what the driver said, the whole transition as data (no I/O, no clock).
import type { NewClusterEvent } from "../../db/queries/cluster-events.js";
import type { ClusterRow, NodeGroupRow, OperationStageRow } from "../../db/schema/index.js";
import type { ClusterStatus, OperationType } from "../../domain/enums.js";
import type { Label } from "../../domain/labels.js";
import { statusPath } from "../../domain/clusters/status-machine.js";
import { upgradedLabels } from "../../domain/clusters/upgrade-rules.js";
import type { Observation, StageObservation } from "../driver.js";
import type { OperationRequest } from "./operation-specs.js";
import type { NodeGroupChange, Now, OperationScope, DriverReport, Requeue, Transition } from "./types.js";

/** Transient driver errors in a row before the operation fails with DRIVER_UNAVAILABLE. */
export const MAX_TRANSIENT_FAILURES = 8;

/** The backoff after the n-th transient error in a row: 200 ms, 400 ms, … 12.8 s (at most 30 s). */
export function backoffMs(failures: number): number {
  return Math.min(30_000, 100 * 2 ** failures);
}

/** A tiny floor so a hinted change a few ms away does not spin. */
const HINTED_FLOOR_MS = 5;

/** Longest pause between two observations of one operation, so progress stays visible. */
const PROGRESS_INTERVAL_MS = 2_000;

interface Outcome {
  failed: boolean;
  code?: string;
  reason?: string;
  observation?: Observation;
}

const NOTHING: Omit<Transition, "requeue"> = { operation: null, cluster: null, allNodeGroups: null, nodeGroups: [], events: [], hooks: null, renewLease: false };

export function decide(scope: OperationScope, report: DriverReport, now: Now): Transition {
  const { operation, cluster } = scope;
  if (!cluster || !scope.spec) return finish(scope, { failed: true, code: "CLUSTER_GONE", reason: "the cluster no longer exists" }, now);
  if (!scope.request) return finish(scope, { failed: true, code: "INVALID_REQUEST", reason: scope.requestProblem ?? "the operation's parameters are unreadable" }, now);
  switch (report.kind) {
    case "none":
      return finish(scope, { failed: true, code: "INVALID_REQUEST", reason: "nothing could be asked of the driver" }, now);
    case "submitted":
      return {
        ...NOTHING,
        operation: { progress: { ...scope.progress, submitted: true, stackId: report.stackId, transientFailures: 0 }, updatedAt: now.wall },
        cluster: { changes: { stackId: report.stackId } },
        allNodeGroups: { stackId: report.stackId },
        hooks: { point: "afterSubmit" },
        // Observed at once: the action's first stage has just started, and its subscribers should hear of it now.
        requeue: { afterMs: 0, release: false },
      };
    case "rejected":
      return finish(scope, { failed: true, code: report.code, reason: report.reason }, now);
    case "unavailable":
      // A driver that stops answering (a call past its deadline, src/orchestration/reconcile/load.ts, included) ends in DRIVER_UNAVAILABLE after MAX_TRANSIENT_FAILURES.
      return backoff(scope, report.message, now);
    case "observed":
      break;
  }
  const { observation } = report;
  const timedOut = timeoutReason(scope, observation, now);
  if (timedOut) return finish(scope, { failed: true, code: "TIMEOUT", reason: timedOut, observation }, now);
  if (observation.state === "IN_PROGRESS") return progress(scope, observation, now);
  if (observation.state === "NOT_FOUND") {
    // Magnum's poller: a missing stack means delete succeeded, and anything else failed.
    return operation.type === "CLUSTER_DELETE"
      ? finish(scope, { failed: false, observation }, now)
      : finish(scope, { failed: true, code: "STACK_NOT_FOUND", reason: "the cluster's stack disappeared", observation }, now);
  }
  if (observation.state === "FAILED") return finish(scope, { failed: true, code: "STAGE_FAILED", reason: observation.reason ?? "the driver reported a failure", observation }, now);
  return finish(scope, { failed: false, observation }, now);
}

/** The scope as it stands once the submission is recorded (what the next tick would load): for observing at once. */
export function submittedScope(scope: OperationScope, stackId: string): OperationScope {
  return {
    ...scope,
    progress: { ...scope.progress, submitted: true, stackId, transientFailures: 0 },
    ...(scope.cluster ? { cluster: { ...scope.cluster, stackId } } : {}),
  };
}

/**
 * The submission's transition with the action's first observation folded in, so the one transaction that records the
 * stack id also announces the first stage (no load and commit of a tick of its own in between); null when the
 * observation is more than plain progress (an outcome, a backoff, a change of status), which its own tick handles.
 */
export function withFirstObservation(submitted: Transition, observed: Transition): Transition | null {
  if (observed.requeue === null || observed.requeue.release || observed.hooks !== null || observed.operation?.status !== undefined) return null;
  if (observed.cluster && "delete" in observed.cluster) return null;
  if (!submitted.operation || !submitted.cluster || "delete" in submitted.cluster) return null;
  const { progress: _recovered, ...observedOperation } = observed.operation ?? {};
  return {
    ...submitted,
    operation: { ...submitted.operation, ...observedOperation },
    cluster: { changes: { ...submitted.cluster.changes, ...(observed.cluster?.changes ?? {}) } },
    nodeGroups: observed.nodeGroups,
    events: observed.events,
    requeue: observed.requeue,
  };
}

/** A driver that did not answer: requeue with a growing backoff, the lease handed back; at the limit, fail with what it said. */
function backoff(scope: OperationScope, message: string, now: Now): Transition {
  const failures = scope.progress.transientFailures + 1;
  if (failures >= MAX_TRANSIENT_FAILURES) {
    return finish(scope, { failed: true, code: "DRIVER_UNAVAILABLE", reason: `the ${scope.settings.driverName} driver kept failing: ${message}` }, now);
  }
  return { ...NOTHING, operation: { progress: { ...scope.progress, transientFailures: failures } }, requeue: { afterMs: backoffMs(failures), release: true } };
}

/** How an operation is named in its timeout's reason. */
const OPERATION_NOUNS: Record<OperationType, string> = {
  CLUSTER_CREATE: "Create",
  CLUSTER_UPDATE: "Update",
  CLUSTER_RESIZE: "Resize",
  CLUSTER_UPGRADE: "Upgrade",
  CLUSTER_ROLLBACK: "Rollback",
  CLUSTER_DELETE: "Delete",
  CLUSTER_CA_ROTATE: "CA rotation",
  NODE_GROUP_CREATE: "Node group create",
  NODE_GROUP_UPDATE: "Node group update",
  NODE_GROUP_DELETE: "Node group delete",
  CLUSTER_REPAIR: "Repair",
};

/**
 * Every operation is bounded by the cluster's createTimeout (a create as a whole, any other operation per stage) (minutes on the driver's clock; 0: unbounded), as Magnum
 * bounds a stack's create and its updates by the cluster's timeout: a stage that hangs ends in the operation's FAILED
 * status with the reason, never in progress forever.
 */
function timeoutReason(scope: OperationScope, observation: Observation, now: Now): string | null {
  const { operation, cluster } = scope;
  if (!cluster || cluster.createTimeout <= 0 || observation.state !== "IN_PROGRESS") return null;
  const type = operation.type as OperationType;
  const stage = observation.stages.find((candidate) => candidate.status === "RUNNING");
  // A create is bounded as a whole (Magnum's create_timeout). Any other operation is bounded per stage: a rolling
  // upgrade of many nodes may rightly run for hours, batch after batch, but no one stage may hang past the timeout.
  const since = type !== "CLUSTER_CREATE" && stage?.startedAt !== undefined ? stage.startedAt : (operation.startedAt ?? operation.createdAt).getTime();
  if (now.clock - since <= cluster.createTimeout * scope.settings.timeScale) return null;
  const where = stage ? ` while in stage "${stage.name}" (${stage.description})` : "";
  const minutes = `${cluster.createTimeout} minute${cluster.createTimeout === 1 ? "" : "s"}`;
  if (type === "CLUSTER_CREATE") return `Create timed out after ${minutes}${where}; delete the cluster, or raise createTimeout and create it again`;
  return `${OPERATION_NOUNS[type] ?? "Operation"} timed out after ${minutes} (the cluster's createTimeout)${where}`;
}

/**
 * The pause before the next observation: until the driver's announced next change when it gives one
 * (so a stage boundary is seen at once, with no polling in between), else one beat; at most the
 * progress interval, so the percent keeps moving and the lease stays fresh.
 */
export function pollDelay(scope: OperationScope, observation: Observation, now: Now): Requeue {
  const { intervalMs, leaseMs } = scope.settings;
  if (observation.nextChangeAt === undefined) return { afterMs: intervalMs, release: false };
  const ceiling = Math.max(intervalMs, Math.min(PROGRESS_INTERVAL_MS, leaseMs / 3));
  return { afterMs: Math.min(ceiling, Math.max(HINTED_FLOOR_MS, observation.nextChangeAt - now.clock + 1)), release: false };
}

function progress(scope: OperationScope, observation: Observation, now: Now): Transition {
  const { operation, cluster, groups, progress: done } = scope;
  const requeue = pollDelay(scope, observation, now);
  if (!cluster) return { ...NOTHING, requeue };
  const type = operation.type as OperationType;
  // Magnum's status_reason carries Heat's current resource; ours names the running stage.
  const reason = stageReason(type, observation.stages);
  const events = stageEvents(scope, observation, now, reason ?? cluster.statusReason);
  const clusterChanges = observedClusterFields(cluster, observation);
  if (reason !== null && reason !== cluster.statusReason) clusterChanges.statusReason = reason;
  const groupChanges = observedGroupFields(groups, observation);
  const recovered = done.transientFailures > 0;
  const changed = events.length > 0 || operation.percent !== observation.percent || Object.keys(clusterChanges).length > 0 || groupChanges.length > 0 || recovered;
  if (!changed) {
    const leaseLeft = (operation.leaseExpiresAt?.getTime() ?? 0) - now.wall.getTime();
    return { ...NOTHING, renewLease: leaseLeft < scope.settings.leaseMs / 2, requeue };
  }
  return {
    ...NOTHING,
    operation: { stages: observation.stages.map(stageRow), percent: observation.percent, updatedAt: now.wall, ...(recovered ? { progress: { ...done, transientFailures: 0 } } : {}) },
    cluster: Object.keys(clusterChanges).length > 0 ? { changes: { ...clusterChanges, updatedAt: now.wall } } : null,
    nodeGroups: groupChanges.map((change) => ({ id: change.id, changes: { ...change.fields, updatedAt: now.wall } })),
    events,
    requeue,
  };
}

/** The operation's end: its status and the cluster's, faults, node groups, events, and the cluster's removal after a delete. */
function finish(scope: OperationScope, outcome: Outcome, now: Now): Transition {
  const { operation, cluster, groups, request } = scope;
  const type = operation.type as OperationType;
  const { observation, failed } = outcome;
  const percent = failed ? (observation?.percent ?? operation.percent) : 100;
  const transition: Transition = {
    ...NOTHING,
    operation: {
      status: failed ? "FAILED" : "SUCCEEDED",
      stages: observation ? observation.stages.map(stageRow) : operation.stages,
      percent,
      errorCode: failed ? (outcome.code ?? "FAILED") : null,
      errorMessage: failed ? (outcome.reason ?? null) : null,
      finishedAt: now.wall,
      updatedAt: now.wall,
      leaseOwner: null,
      leaseExpiresAt: null,
    },
    requeue: null,
  };
  if (!cluster) return transition;
  const events: NewClusterEvent[] = observation ? stageEvents(scope, observation, now, undefined) : [];
  transition.events = events;
  // Hooks need the parsed request; an operation whose request is unreadable never submitted anything to undo.
  if (request) transition.hooks = { point: "afterComplete", failed };

  if (type === "CLUSTER_DELETE" && !failed) {
    // Node groups and certificates go with the cluster (cascade); its events and operations stay as history.
    transition.cluster = { delete: true };
    events.push(clusterEvent(scope, now, { type: "STATUS_CHANGED", status: "DELETE_COMPLETE", previousStatus: cluster.status, statusReason: "Cluster deleted", percent: 100 }));
    events.push(clusterEvent(scope, now, { type: "DELETED", status: "DELETE_COMPLETE", statusReason: "Cluster deleted" }));
    return transition;
  }

  const path = statusPath(type);
  const status: ClusterStatus = failed ? path.failed : path.succeeded;
  const reason = failed ? (outcome.reason ?? "failed") : successReason(type);
  const faults = failed ? (observation?.faults && Object.keys(observation.faults).length ? observation.faults : faultsFor(groups, request, reason)) : {};
  const fields: Partial<ClusterRow> = { ...(observation ? observedClusterFields(cluster, observation) : {}), status, statusReason: reason, faults, updatedAt: now.wall, resourceVersion: cluster.resourceVersion + 1 };
  const upgraded = upgradedGroups(request, failed);
  if (upgraded.wholeCluster && request?.type === "CLUSTER_UPGRADE") {
    fields.templateId = request.spec.templateId;
    fields.labels = upgradedLabels(cluster.labels, upgraded.targetLabels);
  }
  transition.cluster = { changes: fields };

  const removed = type === "NODE_GROUP_DELETE" && !failed ? nodeGroupIdOf(request) : null;
  transition.nodeGroups = groups.map((group): NodeGroupChange => {
    if (group.id === removed) return { id: group.id, delete: true };
    const observed = observation?.nodeGroups.find((candidate) => candidate.uuid === group.id);
    const groupStatus = settledGroupStatus(group.status, failed);
    return {
      id: group.id,
      changes: {
        status: groupStatus,
        statusReason: failed && groupStatus.endsWith("_FAILED") ? (faults[group.name] ?? reason) : null,
        ...(observed ? { nodeAddresses: observed.nodeAddresses, version: observed.version } : {}),
        ...(upgraded.wholeCluster || upgraded.nodeGroupId === group.id ? { labels: upgradedLabels(group.labels, upgraded.targetLabels) } : {}),
        updatedAt: now.wall,
      },
    };
  });
  events.push(clusterEvent(scope, now, { type: "STATUS_CHANGED", status, previousStatus: cluster.status, statusReason: reason, percent }));
  return transition;
}

/**
 * The one stage-diff rule, for progress and outcome alike: a stage is reported when its status differs
 * from the one the operation recorded, once it has started (a stage still PENDING is never reported).
 */
export function changedStages(recorded: readonly Pick<OperationStageRow, "name" | "status">[], observed: readonly StageObservation[]): StageObservation[] {
  const before = new Map(recorded.map((stage) => [stage.name, stage.status]));
  return observed.filter((stage) => stage.status !== "PENDING" && before.get(stage.name) !== stage.status);
}

/** PROGRESS events for the stages that changed; while running they carry the cluster's statusReason. */
function stageEvents(scope: OperationScope, observation: Observation, now: Now, statusReason: string | null | undefined): NewClusterEvent[] {
  return changedStages(scope.operation.stages, observation.stages).map((stage) =>
    clusterEvent(scope, now, { type: "PROGRESS", stage: stage.name, percent: observation.percent, details: stageDetails(stage), ...(statusReason !== undefined ? { statusReason } : {}) }),
  );
}

function clusterEvent(scope: OperationScope, now: Now, fields: Partial<NewClusterEvent>): NewClusterEvent {
  const cluster = scope.cluster!;
  return { projectId: cluster.projectId, clusterId: cluster.id, operationId: scope.operation.id, occurredAt: now.wall, type: "PROGRESS", ...fields };
}

/** What a PROGRESS event says of its stage; `transitionAt` is when the driver saw it change (epoch ms). */
function stageDetails(stage: StageObservation): Record<string, unknown> {
  const transitionAt = stage.status === "RUNNING" ? stage.startedAt : stage.finishedAt;
  return { stageStatus: stage.status, description: stage.description, ...(transitionAt ? { transitionAt } : {}) };
}

function stageRow(stage: StageObservation): OperationStageRow {
  return {
    name: stage.name,
    status: stage.status,
    startedAt: stage.startedAt ? new Date(stage.startedAt).toISOString() : null,
    finishedAt: stage.finishedAt ? new Date(stage.finishedAt).toISOString() : null,
  };
}

const OPERATION_VERBS: Record<OperationType, string> = {
  CLUSTER_CREATE: "Creating",
  CLUSTER_UPDATE: "Updating",
  CLUSTER_RESIZE: "Resizing",
  CLUSTER_UPGRADE: "Upgrading",
  CLUSTER_ROLLBACK: "Rolling back",
  CLUSTER_DELETE: "Deleting",
  CLUSTER_CA_ROTATE: "Rotating the CA",
  NODE_GROUP_CREATE: "Adding a node group",
  NODE_GROUP_UPDATE: "Updating a node group",
  NODE_GROUP_DELETE: "Deleting a node group",
  CLUSTER_REPAIR: "Repairing",
};

/** The cluster's statusReason while an operation runs: "Creating: Booting 3 master servers (stage 3 of 8)"; null before the first stage. */
export function stageReason(type: OperationType, stages: readonly Pick<StageObservation, "name" | "description" | "status">[]): string | null {
  const index = stages.findIndex((stage) => stage.status === "RUNNING");
  if (index < 0) return null;
  const verb = OPERATION_VERBS[type] ?? "Working";
  return `${verb}: ${stages[index]!.description} (stage ${index + 1} of ${stages.length})`;
}

/** The node group an operation is about, when it is about one. */
export function nodeGroupIdOf(request: OperationRequest | null): string | null {
  if (!request || !("nodeGroupId" in request.spec)) return null;
  return request.spec.nodeGroupId ?? null;
}

/** Which labels a finished operation rewrites: a successful upgrade gives the cluster (or its one group) the target's kube_tag. */
export function upgradedGroups(request: OperationRequest | null, failed: boolean): { wholeCluster: boolean; nodeGroupId: string | null; targetLabels: Label[] } {
  if (request?.type !== "CLUSTER_UPGRADE" || failed) return { wholeCluster: false, nodeGroupId: null, targetLabels: [] };
  const { nodeGroupId, targetLabels } = request.spec;
  return { wholeCluster: nodeGroupId === null, nodeGroupId, targetLabels };
}

function successReason(type: OperationType): string {
  switch (type) {
    case "CLUSTER_CREATE":
      return "Stack CREATE completed successfully";
    case "CLUSTER_ROLLBACK":
      return "Rollback completed successfully";
    default:
      return "Stack UPDATE completed successfully";
  }
}

/** A node group's status once the operation ends: what was in progress becomes complete or failed. */
function settledGroupStatus(current: string, failed: boolean): ClusterStatus {
  if (!current.endsWith("_IN_PROGRESS")) return current as ClusterStatus;
  return current.replace("_IN_PROGRESS", failed ? "_FAILED" : "_COMPLETE") as ClusterStatus;
}

function faultsFor(groups: NodeGroupRow[], request: OperationRequest | null, reason: string): Record<string, string> {
  const nodeGroupId = nodeGroupIdOf(request);
  const touched = groups.filter((group) => group.status.endsWith("_IN_PROGRESS") || group.id === nodeGroupId);
  return Object.fromEntries((touched.length ? touched : groups).map((group) => [group.name, reason]));
}

function same(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

function observedClusterFields(cluster: ClusterRow, observation: Observation): Partial<ClusterRow> {
  const next: Partial<ClusterRow> = {
    apiAddress: observation.apiAddress ?? cluster.apiAddress,
    masterAddresses: observation.masterAddresses,
    nodeAddresses: observation.nodeAddresses,
    coeVersion: observation.coeVersion ?? cluster.coeVersion,
    containerVersion: observation.containerVersion ?? cluster.containerVersion,
  };
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => !same(value, cluster[key as keyof ClusterRow]))) as Partial<ClusterRow>;
}

function observedGroupFields(groups: NodeGroupRow[], observation: Observation): { id: string; fields: Partial<NodeGroupRow> }[] {
  const changes: { id: string; fields: Partial<NodeGroupRow> }[] = [];
  for (const group of groups) {
    const observed = observation.nodeGroups.find((candidate) => candidate.uuid === group.id);
    if (!observed) continue;
    const fields: Partial<NodeGroupRow> = {};
    if (!same(observed.nodeAddresses, group.nodeAddresses)) fields.nodeAddresses = observed.nodeAddresses;
    if (observed.version && observed.version !== group.version) fields.version = observed.version;
    if (Object.keys(fields).length > 0) changes.push({ id: group.id, fields });
  }
  return changes;
}
