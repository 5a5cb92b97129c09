// decide() as a table, as Cluster API tests its phase and status functions: (operation, cluster, driver report, now) → the whole transition.
import { describe, expect, it } from "vitest";
import type { ClusterRow, NodeGroupRow, OperationRow, OperationStageRow } from "../../src/db/schema/index.js";
import type { OperationType } from "../../src/domain/enums.js";
import type { Observation, StageObservation, StageStatus } from "../../src/orchestration/driver.js";
import { backoffMs, changedStages, decide, MAX_TRANSIENT_FAILURES } from "../../src/orchestration/reconcile/decide.js";
import { NO_PROGRESS, parseOperationRequest, readProgress, type OperationProgress } from "../../src/orchestration/reconcile/operation-specs.js";
import type { DriverReport, OperationScope, Transition } from "../../src/orchestration/reconcile/types.js";
import { clusterSpec } from "../../src/orchestration/spec.js";

const STARTED = Date.parse("2026-01-01T00:00:00Z");
const MINUTE = 60_000;
const CLUSTER = "c0000000-0000-4000-8000-000000000001";
const MASTERS = "g0000000-0000-4000-8000-00000000000m";
const WORKERS = "g0000000-0000-4000-8000-00000000000w";
const EXTRA = "g0000000-0000-4000-8000-00000000000x";
const TEMPLATE = "t0000000-0000-4000-8000-000000000001";
const TARGET = "t0000000-0000-4000-8000-000000000002";
const SETTINGS = { driverName: "simulated", timeScale: MINUTE, leaseMs: 30_000, intervalMs: 100 };

function clusterRow(overrides: Partial<ClusterRow> = {}): ClusterRow {
  return {
    id: CLUSTER, projectId: "p1", templateId: TEMPLATE, name: "demo", status: "CREATE_IN_PROGRESS", statusReason: "Cluster create request accepted",
    healthStatus: "UNKNOWN", healthStatusReason: {}, nodeCount: 2, masterCount: 1, flavorId: "m1.small", masterFlavorId: "m1.small", keypair: null,
    labels: [{ key: "kube_tag", value: "v1.30.0" }], createTimeout: 60, discoveryUrl: null, apiAddress: null, masterAddresses: [], nodeAddresses: [],
    coeVersion: null, containerVersion: null, stackId: "stack-1", faults: {}, dockerVolumeSize: null, fixedNetwork: null, fixedSubnet: null,
    floatingIpEnabled: true, masterLbEnabled: false, trustCredentials: null, createdBy: "u1", resourceVersion: 3,
    createdAt: new Date(STARTED), updatedAt: new Date(STARTED), ...overrides,
  } as ClusterRow;
}

function groupRow(id: string, name: string, role: string, status: string, overrides: Partial<NodeGroupRow> = {}): NodeGroupRow {
  return {
    id, projectId: "p1", clusterId: CLUSTER, name, role, isDefault: name.startsWith("default"), nodeCount: role === "master" ? 1 : 2, minNodeCount: 0, maxNodeCount: null,
    flavorId: null, imageId: null, dockerVolumeSize: null, labels: [{ key: "kube_tag", value: "v1.30.0" }], status, statusReason: null, nodeAddresses: [],
    stackId: "stack-1", version: null, resourceVersion: 1, createdAt: new Date(STARTED), updatedAt: new Date(STARTED), ...overrides,
  } as NodeGroupRow;
}

interface Given {
  type: OperationType;
  spec?: Record<string, unknown>;
  cluster?: Partial<ClusterRow> | null;
  /** Status of [masters, workers] (and a third, "extra", group when given). */
  groups?: string[];
  progress?: Partial<OperationProgress>;
  stages?: [string, StageStatus][];
  percent?: number;
  leaseLeftMs?: number;
}

function scopeOf(given: Given): OperationScope {
  const statuses = given.groups ?? ["CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS"];
  const groups = [groupRow(MASTERS, "default-master", "master", statuses[0]!), groupRow(WORKERS, "default-worker", "worker", statuses[1]!)];
  if (statuses[2]) groups.push(groupRow(EXTRA, "extra", "worker", statuses[2]));
  const operation = {
    id: "op1", projectId: "p1", clusterId: CLUSTER, type: given.type, status: "RUNNING", spec: given.spec ?? {}, progress: {},
    stages: (given.stages ?? []).map(([name, status]): OperationStageRow => ({ name, status, startedAt: null, finishedAt: null })),
    percent: given.percent ?? 0, requestId: null, errorCode: null, errorMessage: null, leaseOwner: "w1",
    leaseExpiresAt: new Date(STARTED + 10 * MINUTE + (given.leaseLeftMs ?? 25_000)), attempts: 1, createdBy: "u1", cancelledBy: null, notBefore: null,
    startedAt: new Date(STARTED), finishedAt: null, createdAt: new Date(STARTED), updatedAt: new Date(STARTED),
  } as OperationRow;
  const cluster = given.cluster === null ? undefined : clusterRow(given.cluster);
  const template = { id: TEMPLATE, coe: "KUBERNETES", clusterDistro: "fedora-coreos", serverType: "VM", imageId: "img", networkDriver: "flannel", tlsDisabled: false } as never;
  let request: OperationScope["request"] = null;
  let requestProblem: string | undefined;
  try {
    request = parseOperationRequest(operation);
  } catch (error) {
    requestProblem = (error as Error).message;
  }
  return {
    operation, request, ...(requestProblem ? { requestProblem } : {}), progress: { ...NO_PROGRESS, submitted: true, ...given.progress },
    cluster, groups: cluster ? groups : [], spec: cluster ? clusterSpec(cluster, template, groups) : null, settings: SETTINGS,
  };
}

function observed(state: Observation["state"], stages: [string, StageStatus][], extra: Partial<Observation> = {}): DriverReport {
  const stageObservations = stages.map(([name, status]): StageObservation => ({ name, description: `the ${name} stage`, status }));
  const percent = state === "COMPLETE" ? 100 : Math.round((100 * stages.filter(([, status]) => status === "DONE").length) / Math.max(1, stages.length));
  return { kind: "observed", observation: { state, action: null, operation: null, stages: stageObservations, percent, faults: {}, masterAddresses: [], nodeAddresses: [], nodeGroups: [], ...extra } };
}

/** The transition, in the words the table uses. */
function summary(transition: Transition) {
  const cluster = transition.cluster;
  const changes = cluster && "changes" in cluster ? cluster.changes : undefined;
  return {
    operation: transition.operation?.status ?? (transition.operation ? "written" : null),
    errorCode: transition.operation?.errorCode ?? null,
    cluster: cluster === null ? null : "delete" in cluster ? "deleted" : (changes!.status ?? "observed"),
    reason: changes?.statusReason,
    faults: changes?.faults,
    groups: Object.fromEntries(transition.nodeGroups.map((change) => [change.id.slice(-1), change.delete ? "deleted" : (change.changes.status ?? "observed")])),
    events: transition.events.map((event) => [event.type, event.stage ?? event.status].filter(Boolean).join(":")),
    hooks: transition.hooks ? (transition.hooks.point === "afterSubmit" ? "afterSubmit" : `afterComplete${transition.hooks.failed ? ":failed" : ""}`) : null,
    requeue: transition.requeue,
    renewLease: transition.renewLease,
    progress: transition.operation?.progress ?? null,
  };
}

type Summary = ReturnType<typeof summary>;

interface Row {
  name: string;
  given: Given;
  report: DriverReport;
  /** Minutes after the operation started, on the driver's clock (the wall clock stays at 10). */
  at?: number;
  expected: Partial<Summary>;
}

const POLL = { afterMs: 100, release: false };
const CREATE_STAGES: [string, StageStatus][] = [["etcd", "DONE"], ["masters", "RUNNING"], ["workers", "PENDING"]];
const UPGRADE = { templateId: TARGET, targetLabels: [{ key: "kube_tag", value: "v1.31.0" }], maxBatchSize: 1, nodeGroupId: null };
const RESIZE = { nodeGroupId: WORKERS, nodeCount: 3, nodesToRemove: [] };

const TABLE: Row[] = [
  // Submission
  {
    name: "create, not yet submitted: the driver accepted it → stack id recorded, afterSubmit hooks, observed at once",
    given: { type: "CLUSTER_CREATE", spec: { templateId: TEMPLATE }, progress: { submitted: false } },
    report: { kind: "submitted", stackId: "stack-2" },
    expected: { operation: "written", cluster: "observed", events: [], hooks: "afterSubmit", requeue: { afterMs: 0, release: false }, progress: { submitted: true, stackId: "stack-2", transientFailures: 0 } },
  },
  {
    name: "resize refused by the driver → FAILED with its code, UPDATE_FAILED, hooks told it failed",
    given: { type: "CLUSTER_RESIZE", spec: RESIZE, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["UPDATE_COMPLETE", "UPDATE_IN_PROGRESS"], progress: { submitted: false } },
    report: { kind: "rejected", code: "STACK_NOT_FOUND", reason: "the cluster has no stack to change" },
    expected: { operation: "FAILED", errorCode: "STACK_NOT_FOUND", cluster: "UPDATE_FAILED", reason: "the cluster has no stack to change", faults: { "default-worker": "the cluster has no stack to change" }, groups: { m: "UPDATE_COMPLETE", w: "UPDATE_FAILED" }, events: ["STATUS_CHANGED:UPDATE_FAILED"], hooks: "afterComplete:failed", requeue: null },
  },
  // Progress, with partial stages
  {
    name: "create in progress, stages partly seen: the changed ones reported, a PENDING one never",
    given: { type: "CLUSTER_CREATE", stages: [["etcd", "RUNNING"]] },
    report: observed("IN_PROGRESS", CREATE_STAGES),
    expected: { operation: "written", cluster: "observed", reason: "Creating: the masters stage (stage 2 of 3)", events: ["PROGRESS:etcd", "PROGRESS:masters"], hooks: null, requeue: POLL },
  },
  {
    name: "in progress, nothing changed, lease fresh → writes nothing",
    given: { type: "CLUSTER_CREATE", stages: CREATE_STAGES, percent: 33, cluster: { statusReason: "Creating: the masters stage (stage 2 of 3)" } },
    report: observed("IN_PROGRESS", CREATE_STAGES),
    expected: { operation: null, cluster: null, events: [], renewLease: false, requeue: POLL },
  },
  {
    name: "in progress, nothing changed, lease half gone → renews it only",
    given: { type: "CLUSTER_CREATE", stages: CREATE_STAGES, percent: 33, cluster: { statusReason: "Creating: the masters stage (stage 2 of 3)" }, leaseLeftMs: 10_000 },
    report: observed("IN_PROGRESS", CREATE_STAGES),
    expected: { operation: null, cluster: null, events: [], renewLease: true, requeue: POLL },
  },
  {
    name: "in progress with a hint 50 ms ahead → looks again just after it",
    given: { type: "CLUSTER_CREATE", stages: CREATE_STAGES, percent: 33 },
    report: observed("IN_PROGRESS", CREATE_STAGES, { nextChangeAt: STARTED + 10 * MINUTE + 50 }),
    expected: { events: [], requeue: { afterMs: 51, release: false } },
  },
  {
    name: "in progress with a hint an hour ahead → at most the progress interval",
    given: { type: "CLUSTER_CREATE", stages: CREATE_STAGES, percent: 33 },
    report: observed("IN_PROGRESS", CREATE_STAGES, { nextChangeAt: STARTED + 70 * MINUTE }),
    expected: { requeue: { afterMs: 2_000, release: false } },
  },
  {
    name: "in progress, node addresses observed → cluster and group fields written, no event",
    given: { type: "CLUSTER_CREATE", stages: CREATE_STAGES, percent: 33, cluster: { statusReason: "Creating: the masters stage (stage 2 of 3)" } },
    report: observed("IN_PROGRESS", CREATE_STAGES, {
      masterAddresses: ["10.0.0.3"],
      nodeGroups: [{ uuid: MASTERS, name: "default-master", role: "master", action: "CREATE", state: "IN_PROGRESS", nodeCount: 1, nodeAddresses: ["10.0.0.3"], nodeNames: ["m0"], version: "v1.30.0", imageId: "img" }],
    }),
    expected: { operation: "written", cluster: "observed", groups: { m: "observed" }, events: [], requeue: POLL },
  },
  // Success
  {
    name: "create complete → SUCCEEDED, CREATE_COMPLETE, groups complete, the last stages then the status",
    given: { type: "CLUSTER_CREATE", stages: CREATE_STAGES, percent: 33 },
    report: observed("COMPLETE", [["etcd", "DONE"], ["masters", "DONE"], ["workers", "DONE"]]),
    expected: { operation: "SUCCEEDED", errorCode: null, cluster: "CREATE_COMPLETE", reason: "Stack CREATE completed successfully", faults: {}, groups: { m: "CREATE_COMPLETE", w: "CREATE_COMPLETE" }, events: ["PROGRESS:masters", "PROGRESS:workers", "STATUS_CHANGED:CREATE_COMPLETE"], hooks: "afterComplete", requeue: null },
  },
  {
    name: "update complete → UPDATE_COMPLETE; a group it did not touch keeps its status",
    given: { type: "CLUSTER_UPDATE", spec: RESIZE, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["CREATE_COMPLETE", "UPDATE_IN_PROGRESS"], stages: [["scale", "RUNNING"]] },
    report: observed("COMPLETE", [["scale", "DONE"]]),
    expected: { operation: "SUCCEEDED", cluster: "UPDATE_COMPLETE", reason: "Stack UPDATE completed successfully", groups: { m: "CREATE_COMPLETE", w: "UPDATE_COMPLETE" }, events: ["PROGRESS:scale", "STATUS_CHANGED:UPDATE_COMPLETE"] },
  },
  {
    name: "resize complete → UPDATE_COMPLETE",
    given: { type: "CLUSTER_RESIZE", spec: RESIZE, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["UPDATE_COMPLETE", "UPDATE_IN_PROGRESS"], stages: [["scale", "DONE"]], percent: 90 },
    report: observed("COMPLETE", [["scale", "DONE"]]),
    expected: { operation: "SUCCEEDED", cluster: "UPDATE_COMPLETE", groups: { m: "UPDATE_COMPLETE", w: "UPDATE_COMPLETE" }, events: ["STATUS_CHANGED:UPDATE_COMPLETE"] },
  },
  {
    name: "repair complete → UPDATE_COMPLETE",
    given: { type: "CLUSTER_REPAIR", spec: { ...RESIZE, nodeCount: 2, nodesToRemove: ["demo-node-1"], automatic: "repair" }, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["CREATE_COMPLETE", "UPDATE_IN_PROGRESS"] },
    report: observed("COMPLETE", []),
    expected: { operation: "SUCCEEDED", cluster: "UPDATE_COMPLETE", groups: { m: "CREATE_COMPLETE", w: "UPDATE_COMPLETE" }, events: ["STATUS_CHANGED:UPDATE_COMPLETE"] },
  },
  {
    name: "rollback complete → ROLLBACK_COMPLETE",
    given: { type: "CLUSTER_ROLLBACK", spec: { rollbackOf: "op0" }, cluster: { status: "ROLLBACK_IN_PROGRESS" }, groups: ["UPDATE_IN_PROGRESS", "UPDATE_IN_PROGRESS"] },
    report: observed("COMPLETE", []),
    expected: { operation: "SUCCEEDED", cluster: "ROLLBACK_COMPLETE", reason: "Rollback completed successfully", groups: { m: "UPDATE_COMPLETE", w: "UPDATE_COMPLETE" } },
  },
  {
    name: "CA rotation complete → UPDATE_COMPLETE, hooks promote the new CAs",
    given: { type: "CLUSTER_CA_ROTATE", spec: { phase: "ROTATE" }, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["CREATE_COMPLETE", "CREATE_COMPLETE"] },
    report: observed("COMPLETE", []),
    expected: { operation: "SUCCEEDED", cluster: "UPDATE_COMPLETE", groups: { m: "CREATE_COMPLETE", w: "CREATE_COMPLETE" }, hooks: "afterComplete" },
  },
  {
    name: "node group added → UPDATE_COMPLETE, the new group CREATE_COMPLETE",
    given: { type: "NODE_GROUP_CREATE", spec: { nodeGroupId: EXTRA }, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["CREATE_COMPLETE", "CREATE_COMPLETE", "CREATE_IN_PROGRESS"] },
    report: observed("COMPLETE", []),
    expected: { operation: "SUCCEEDED", cluster: "UPDATE_COMPLETE", groups: { m: "CREATE_COMPLETE", w: "CREATE_COMPLETE", x: "CREATE_COMPLETE" } },
  },
  {
    name: "node group deleted → its row goes, the others stay",
    given: { type: "NODE_GROUP_DELETE", spec: { nodeGroupId: EXTRA }, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["CREATE_COMPLETE", "CREATE_COMPLETE", "DELETE_IN_PROGRESS"] },
    report: observed("COMPLETE", []),
    expected: { operation: "SUCCEEDED", cluster: "UPDATE_COMPLETE", groups: { m: "CREATE_COMPLETE", w: "CREATE_COMPLETE", x: "deleted" } },
  },
  {
    name: "delete: the stack is gone → SUCCEEDED, the cluster row deleted, DELETE_COMPLETE and DELETED",
    given: { type: "CLUSTER_DELETE", spec: { from: "CREATE_COMPLETE" }, cluster: { status: "DELETE_IN_PROGRESS" }, groups: ["DELETE_IN_PROGRESS", "DELETE_IN_PROGRESS"], stages: [["teardown", "RUNNING"]] },
    report: observed("NOT_FOUND", [["teardown", "DONE"]]),
    expected: { operation: "SUCCEEDED", cluster: "deleted", groups: {}, events: ["PROGRESS:teardown", "STATUS_CHANGED:DELETE_COMPLETE", "DELETED:DELETE_COMPLETE"], hooks: "afterComplete", requeue: null },
  },
  {
    name: "cancel: the delete of a create cancelled before its stack was built → gone at the first look",
    given: { type: "CLUSTER_DELETE", spec: { from: "CREATE_FAILED" }, cluster: { status: "DELETE_IN_PROGRESS", stackId: null, statusReason: "Create cancelled by alice" }, groups: ["DELETE_IN_PROGRESS", "DELETE_IN_PROGRESS"] },
    report: observed("NOT_FOUND", []),
    expected: { operation: "SUCCEEDED", cluster: "deleted", events: ["STATUS_CHANGED:DELETE_COMPLETE", "DELETED:DELETE_COMPLETE"], requeue: null },
  },
  {
    name: "cancel: a retry of a cancelled update is an ordinary update from UPDATE_FAILED",
    given: { type: "CLUSTER_UPDATE", spec: RESIZE, cluster: { status: "UPDATE_IN_PROGRESS", statusReason: "Update cancelled by alice during stage scale" }, groups: ["UPDATE_FAILED", "UPDATE_IN_PROGRESS"] },
    report: observed("COMPLETE", []),
    expected: { operation: "SUCCEEDED", cluster: "UPDATE_COMPLETE", groups: { m: "UPDATE_FAILED", w: "UPDATE_COMPLETE" } },
  },
  // Upgrade's labels
  {
    name: "upgrade of the whole cluster complete → UPDATE_COMPLETE",
    given: { type: "CLUSTER_UPGRADE", spec: UPGRADE, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["UPDATE_IN_PROGRESS", "UPDATE_IN_PROGRESS"] },
    report: observed("COMPLETE", [["upgrade:default-master:1", "DONE"]]),
    expected: { operation: "SUCCEEDED", cluster: "UPDATE_COMPLETE", groups: { m: "UPDATE_COMPLETE", w: "UPDATE_COMPLETE" }, events: ["PROGRESS:upgrade:default-master:1", "STATUS_CHANGED:UPDATE_COMPLETE"] },
  },
  // Failure
  {
    name: "create fails at a stage with the driver's faults → CREATE_FAILED, faults and group reasons from the driver",
    given: { type: "CLUSTER_CREATE", stages: CREATE_STAGES, percent: 33 },
    report: observed("FAILED", [["etcd", "DONE"], ["masters", "FAILED"], ["workers", "PENDING"]], { reason: "masters failed to boot", faults: { "default-master": "server m0 went to ERROR" } }),
    expected: { operation: "FAILED", errorCode: "STAGE_FAILED", cluster: "CREATE_FAILED", reason: "masters failed to boot", faults: { "default-master": "server m0 went to ERROR" }, groups: { m: "CREATE_FAILED", w: "CREATE_FAILED" }, events: ["PROGRESS:masters", "STATUS_CHANGED:CREATE_FAILED"], hooks: "afterComplete:failed", requeue: null },
  },
  {
    name: "update fails without faults → the touched group carries the reason",
    given: { type: "NODE_GROUP_UPDATE", spec: { nodeGroupId: EXTRA }, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["CREATE_COMPLETE", "CREATE_COMPLETE", "UPDATE_IN_PROGRESS"] },
    report: observed("FAILED", [["scale", "FAILED"]], { reason: "quota exceeded" }),
    expected: { operation: "FAILED", cluster: "UPDATE_FAILED", faults: { extra: "quota exceeded" }, groups: { m: "CREATE_COMPLETE", w: "CREATE_COMPLETE", x: "UPDATE_FAILED" }, events: ["PROGRESS:scale", "STATUS_CHANGED:UPDATE_FAILED"] },
  },
  {
    name: "upgrade fails → UPDATE_FAILED, labels untouched",
    given: { type: "CLUSTER_UPGRADE", spec: UPGRADE, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["UPDATE_IN_PROGRESS", "UPDATE_IN_PROGRESS"] },
    report: observed("FAILED", [], { reason: "drain timed out" }),
    expected: { operation: "FAILED", errorCode: "STAGE_FAILED", cluster: "UPDATE_FAILED", groups: { m: "UPDATE_FAILED", w: "UPDATE_FAILED" } },
  },
  {
    name: "delete fails → DELETE_FAILED, the cluster stays",
    given: { type: "CLUSTER_DELETE", spec: { from: "CREATE_COMPLETE" }, cluster: { status: "DELETE_IN_PROGRESS" }, groups: ["DELETE_IN_PROGRESS", "DELETE_IN_PROGRESS"] },
    report: observed("FAILED", [["teardown", "FAILED"]], { reason: "a volume is still attached" }),
    expected: { operation: "FAILED", errorCode: "STAGE_FAILED", cluster: "DELETE_FAILED", reason: "a volume is still attached", groups: { m: "DELETE_FAILED", w: "DELETE_FAILED" }, events: ["PROGRESS:teardown", "STATUS_CHANGED:DELETE_FAILED"] },
  },
  {
    name: "create whose stack disappeared → STACK_NOT_FOUND",
    given: { type: "CLUSTER_CREATE", stages: CREATE_STAGES },
    report: observed("NOT_FOUND", []),
    expected: { operation: "FAILED", errorCode: "STACK_NOT_FOUND", cluster: "CREATE_FAILED", reason: "the cluster's stack disappeared" },
  },
  {
    name: "the cluster is gone → FAILED CLUSTER_GONE, nothing else written, no hooks",
    given: { type: "CLUSTER_UPDATE", spec: RESIZE, cluster: null },
    report: { kind: "none" },
    expected: { operation: "FAILED", errorCode: "CLUSTER_GONE", cluster: null, groups: {}, events: [], hooks: null, requeue: null },
  },
  {
    name: "a request that does not fit its schema (resize without nodeCount) → FAILED INVALID_REQUEST",
    given: { type: "CLUSTER_RESIZE", spec: { nodeGroupId: WORKERS }, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["CREATE_COMPLETE", "UPDATE_IN_PROGRESS"], progress: { submitted: false } },
    report: { kind: "none" },
    expected: { operation: "FAILED", errorCode: "INVALID_REQUEST", cluster: "UPDATE_FAILED", hooks: null, requeue: null },
  },
  // Timeout
  {
    name: "create past its createTimeout on the driver's clock → TIMEOUT naming the running stage",
    given: { type: "CLUSTER_CREATE", stages: CREATE_STAGES, percent: 33 },
    report: observed("IN_PROGRESS", CREATE_STAGES),
    at: 61,
    expected: { operation: "FAILED", errorCode: "TIMEOUT", cluster: "CREATE_FAILED", reason: 'Create timed out after 60 minutes while in stage "masters" (the masters stage); delete the cluster, or raise createTimeout and create it again', events: ["STATUS_CHANGED:CREATE_FAILED"], requeue: null },
  },
  {
    name: "create at exactly its createTimeout → still in progress",
    given: { type: "CLUSTER_CREATE", stages: CREATE_STAGES, percent: 33, cluster: { statusReason: "Creating: the masters stage (stage 2 of 3)" } },
    report: observed("IN_PROGRESS", CREATE_STAGES),
    at: 60,
    expected: { operation: null, requeue: POLL },
  },
  {
    name: "createTimeout 0 never times out",
    given: { type: "CLUSTER_CREATE", stages: CREATE_STAGES, percent: 33, cluster: { createTimeout: 0, statusReason: "Creating: the masters stage (stage 2 of 3)" } },
    report: observed("IN_PROGRESS", CREATE_STAGES),
    at: 10_000,
    expected: { operation: null, requeue: POLL },
  },
  {
    name: "a resize within the cluster's createTimeout → still in progress",
    given: { type: "CLUSTER_RESIZE", spec: RESIZE, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["CREATE_COMPLETE", "UPDATE_IN_PROGRESS"], stages: [["scale", "RUNNING"]] },
    report: observed("IN_PROGRESS", [["scale", "RUNNING"]]),
    at: 59,
    expected: { cluster: "observed", reason: "Resizing: the scale stage (stage 1 of 1)", events: [], requeue: POLL },
  },
  {
    name: "a hung resize past the cluster's createTimeout → TIMEOUT, UPDATE_FAILED naming the running stage",
    given: { type: "CLUSTER_RESIZE", spec: RESIZE, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["CREATE_COMPLETE", "UPDATE_IN_PROGRESS"], stages: [["scale", "RUNNING"]] },
    report: observed("IN_PROGRESS", [["scale", "RUNNING"]]),
    at: 61,
    expected: { operation: "FAILED", errorCode: "TIMEOUT", cluster: "UPDATE_FAILED", reason: 'Resize timed out after 60 minutes (the cluster\'s createTimeout) while in stage "scale" (the scale stage)', groups: { m: "CREATE_COMPLETE", w: "UPDATE_FAILED" }, events: ["STATUS_CHANGED:UPDATE_FAILED"], hooks: "afterComplete:failed", requeue: null },
  },
  {
    name: "a rolling upgrade past createTimeout in all, its running batch started 5 minutes ago → progress, not TIMEOUT",
    given: { type: "CLUSTER_UPGRADE", spec: UPGRADE, cluster: { status: "UPDATE_IN_PROGRESS", statusReason: "Upgrading: the upgrade:default-worker:22 stage (stage 2 of 2)" }, groups: ["UPDATE_IN_PROGRESS", "UPDATE_IN_PROGRESS"], stages: [["upgrade:masters", "DONE"], ["upgrade:default-worker:22", "RUNNING"]] },
    report: observed("IN_PROGRESS", [["upgrade:masters", "DONE"], ["upgrade:default-worker:22", "RUNNING"]], { stages: [{ name: "upgrade:masters", description: "the upgrade:masters stage", status: "DONE", startedAt: STARTED, finishedAt: STARTED + 20 * MINUTE }, { name: "upgrade:default-worker:22", description: "the upgrade:default-worker:22 stage", status: "RUNNING", startedAt: STARTED + 85 * MINUTE }] }),
    at: 90,
    // Written: the running batch's start is recorded; no TIMEOUT, no status change.
    expected: { operation: "written", events: [], requeue: POLL },
  },
  {
    name: "an upgrade whose running batch started over createTimeout ago → TIMEOUT naming it",
    given: { type: "CLUSTER_UPGRADE", spec: UPGRADE, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["UPDATE_IN_PROGRESS", "UPDATE_IN_PROGRESS"], stages: [["upgrade:masters", "DONE"], ["upgrade:default-worker:2", "RUNNING"]] },
    report: observed("IN_PROGRESS", [["upgrade:masters", "DONE"], ["upgrade:default-worker:2", "RUNNING"]], { stages: [{ name: "upgrade:masters", description: "the upgrade:masters stage", status: "DONE", startedAt: STARTED, finishedAt: STARTED + 20 * MINUTE }, { name: "upgrade:default-worker:2", description: "the upgrade:default-worker:2 stage", status: "RUNNING", startedAt: STARTED + 20 * MINUTE }] }),
    at: 81,
    expected: { operation: "FAILED", errorCode: "TIMEOUT", cluster: "UPDATE_FAILED", reason: 'Upgrade timed out after 60 minutes (the cluster\'s createTimeout) while in stage "upgrade:default-worker:2" (the upgrade:default-worker:2 stage)', requeue: null },
  },
  {
    name: "a hung update past the timeout → TIMEOUT, UPDATE_FAILED",
    given: { type: "CLUSTER_UPDATE", spec: RESIZE, cluster: { status: "UPDATE_IN_PROGRESS", createTimeout: 30 }, groups: ["UPDATE_IN_PROGRESS", "UPDATE_IN_PROGRESS"], stages: [["rolling", "RUNNING"]] },
    report: observed("IN_PROGRESS", [["rolling", "RUNNING"]]),
    at: 31,
    expected: { operation: "FAILED", errorCode: "TIMEOUT", cluster: "UPDATE_FAILED", reason: 'Update timed out after 30 minutes (the cluster\'s createTimeout) while in stage "rolling" (the rolling stage)', requeue: null },
  },
  {
    name: "a hung upgrade past the timeout → TIMEOUT, UPDATE_FAILED, the labels not rewritten",
    given: { type: "CLUSTER_UPGRADE", spec: UPGRADE, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["UPDATE_IN_PROGRESS", "UPDATE_IN_PROGRESS"], stages: [["upgrade:masters", "RUNNING"]] },
    report: observed("IN_PROGRESS", [["upgrade:masters", "RUNNING"]]),
    at: 61,
    expected: { operation: "FAILED", errorCode: "TIMEOUT", cluster: "UPDATE_FAILED", requeue: null },
  },
  {
    name: "a hung delete past the timeout → TIMEOUT, DELETE_FAILED (the cluster stays, with the reason)",
    given: { type: "CLUSTER_DELETE", cluster: { status: "DELETE_IN_PROGRESS" }, groups: ["DELETE_IN_PROGRESS", "DELETE_IN_PROGRESS"], stages: [["teardown", "RUNNING"]] },
    report: observed("IN_PROGRESS", [["teardown", "RUNNING"]]),
    at: 61,
    expected: { operation: "FAILED", errorCode: "TIMEOUT", cluster: "DELETE_FAILED", reason: 'Delete timed out after 60 minutes (the cluster\'s createTimeout) while in stage "teardown" (the teardown stage)', groups: { m: "DELETE_FAILED", w: "DELETE_FAILED" }, events: ["STATUS_CHANGED:DELETE_FAILED"], requeue: null },
  },
  {
    name: "a driver not answering past the timeout → still a backoff (DRIVER_UNAVAILABLE bounds it), not a TIMEOUT",
    given: { type: "NODE_GROUP_DELETE", spec: { nodeGroupId: WORKERS }, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["UPDATE_COMPLETE", "DELETE_IN_PROGRESS"], progress: { transientFailures: 2 } },
    report: { kind: "unavailable", message: "the simulated driver did not answer observe within 15000 ms" },
    at: 61,
    expected: { operation: "written", cluster: null, requeue: { afterMs: 800, release: true } },
  },
  {
    name: "createTimeout 0 bounds no other operation either",
    given: { type: "CLUSTER_RESIZE", spec: RESIZE, cluster: { status: "UPDATE_IN_PROGRESS", createTimeout: 0, statusReason: "Resizing: the scale stage (stage 1 of 1)" }, groups: ["CREATE_COMPLETE", "UPDATE_IN_PROGRESS"], stages: [["scale", "RUNNING"]] },
    report: observed("IN_PROGRESS", [["scale", "RUNNING"]]),
    at: 10_000,
    expected: { operation: null, requeue: POLL },
  },
  // Transient driver errors
  {
    name: "first transient error on submission → requeue after 200 ms, lease handed back, count recorded",
    given: { type: "CLUSTER_CREATE", spec: { templateId: TEMPLATE }, progress: { submitted: false } },
    report: { kind: "unavailable", message: "ECONNRESET" },
    expected: { operation: "written", cluster: null, events: [], hooks: null, requeue: { afterMs: 200, release: true }, progress: { submitted: false, stackId: null, transientFailures: 1 } },
  },
  {
    name: "fifth transient error in a row while observing → 3.2 s",
    given: { type: "CLUSTER_UPGRADE", spec: UPGRADE, cluster: { status: "UPDATE_IN_PROGRESS" }, progress: { transientFailures: 4 } },
    report: { kind: "unavailable", message: "503 Service Unavailable" },
    expected: { cluster: null, events: [], requeue: { afterMs: 3_200, release: true }, progress: { submitted: true, stackId: null, transientFailures: 5 } },
  },
  {
    name: `transient error number ${MAX_TRANSIENT_FAILURES} → FAILED DRIVER_UNAVAILABLE with what the driver said`,
    given: { type: "CLUSTER_CREATE", stages: CREATE_STAGES, percent: 33, progress: { transientFailures: MAX_TRANSIENT_FAILURES - 1 } },
    report: { kind: "unavailable", message: "ECONNRESET" },
    expected: { operation: "FAILED", errorCode: "DRIVER_UNAVAILABLE", cluster: "CREATE_FAILED", reason: "the simulated driver kept failing: ECONNRESET", events: ["STATUS_CHANGED:CREATE_FAILED"], requeue: null },
  },
  {
    name: "an answer after transient errors resets the count, even when nothing else changed",
    given: { type: "CLUSTER_CREATE", stages: CREATE_STAGES, percent: 33, cluster: { statusReason: "Creating: the masters stage (stage 2 of 3)" }, progress: { transientFailures: 3 } },
    report: observed("IN_PROGRESS", CREATE_STAGES),
    expected: { operation: "written", cluster: null, events: [], requeue: POLL, progress: { submitted: true, stackId: null, transientFailures: 0 } },
  },
];

describe("decide: one reconcile tick as data", () => {
  it.each(TABLE.map((row) => [row.name, row] as const))("%s", (_name, row) => {
    const scope = scopeOf(row.given);
    const transition = decide(scope, row.report, { wall: new Date(STARTED + 10 * MINUTE), clock: STARTED + (row.at ?? 10) * MINUTE });
    const got = summary(transition);
    const compared = Object.fromEntries(Object.keys(row.expected).map((key) => [key, got[key as keyof Summary]]));
    expect(compared).toEqual(row.expected);
  });

  it("is pure: the same inputs give the same transition, and the scope is not touched", () => {
    const row = TABLE.find((candidate) => candidate.name.startsWith("create complete"))!;
    const scope = scopeOf(row.given);
    const before = structuredClone(scope);
    const now = { wall: new Date(STARTED + 10 * MINUTE), clock: STARTED + 10 * MINUTE };
    expect(decide(scope, row.report, now)).toEqual(decide(scope, row.report, now));
    expect(scope).toEqual(before);
  });

  it("stamps rows and events with the wall time, and measures createTimeout on the driver's clock", () => {
    const scope = scopeOf({ type: "CLUSTER_CREATE", stages: CREATE_STAGES, percent: 33 });
    const wall = new Date(STARTED + 10 * MINUTE);
    const transition = decide(scope, observed("COMPLETE", [["etcd", "DONE"], ["masters", "DONE"], ["workers", "DONE"]]), { wall, clock: STARTED + 59 * MINUTE });
    expect(transition.operation?.finishedAt).toEqual(wall);
    expect(transition.events.every((event) => event.occurredAt === wall)).toBe(true);
  });

  it("gives a successful upgrade's target template and kube_tag to the cluster, or to its one group", () => {
    const whole = decide(scopeOf({ type: "CLUSTER_UPGRADE", spec: UPGRADE, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["UPDATE_IN_PROGRESS", "UPDATE_IN_PROGRESS"] }), observed("COMPLETE", []), { wall: new Date(), clock: STARTED });
    const changes = whole.cluster && "changes" in whole.cluster ? whole.cluster.changes : {};
    expect(changes).toMatchObject({ templateId: TARGET, labels: [{ key: "kube_tag", value: "v1.31.0" }] });
    expect(whole.nodeGroups.map((change) => !change.delete && change.changes.labels)).toEqual([[{ key: "kube_tag", value: "v1.31.0" }], [{ key: "kube_tag", value: "v1.31.0" }]]);

    const one = decide(scopeOf({ type: "CLUSTER_UPGRADE", spec: { ...UPGRADE, nodeGroupId: WORKERS }, cluster: { status: "UPDATE_IN_PROGRESS" }, groups: ["CREATE_COMPLETE", "UPDATE_IN_PROGRESS"] }), observed("COMPLETE", []), { wall: new Date(), clock: STARTED });
    const oneChanges = one.cluster && "changes" in one.cluster ? one.cluster.changes : {};
    expect(oneChanges).not.toHaveProperty("templateId");
    expect(one.nodeGroups.map((change) => !change.delete && change.changes.labels)).toEqual([undefined, [{ key: "kube_tag", value: "v1.31.0" }]]);

    const failed = decide(scopeOf({ type: "CLUSTER_UPGRADE", spec: UPGRADE, cluster: { status: "UPDATE_IN_PROGRESS" } }), observed("FAILED", []), { wall: new Date(), clock: STARTED });
    expect(failed.nodeGroups.every((change) => !change.delete && change.changes.labels === undefined)).toBe(true);
  });
});

describe("the stage-diff rule, shared by progress and outcome", () => {
  const rows: { recorded: [string, StageStatus][]; observed: [string, StageStatus][]; reported: string[] }[] = [
    { recorded: [], observed: [["a", "PENDING"], ["b", "PENDING"]], reported: [] },
    { recorded: [], observed: [["a", "RUNNING"], ["b", "PENDING"]], reported: ["a"] },
    { recorded: [["a", "RUNNING"]], observed: [["a", "RUNNING"], ["b", "PENDING"]], reported: [] },
    { recorded: [["a", "RUNNING"], ["b", "PENDING"]], observed: [["a", "DONE"], ["b", "RUNNING"]], reported: ["a", "b"] },
    { recorded: [["a", "DONE"], ["b", "RUNNING"]], observed: [["a", "DONE"], ["b", "FAILED"], ["c", "PENDING"]], reported: ["b"] },
    { recorded: [["a", "RUNNING"]], observed: [["a", "PENDING"]], reported: [] },
    { recorded: [], observed: [["a", "DONE"], ["b", "DONE"]], reported: ["a", "b"] },
  ];
  it.each(rows)("recorded $recorded, observed $observed → reports $reported", ({ recorded, observed: seen, reported }) => {
    const stages = seen.map(([name, status]) => ({ name, description: name, status }));
    expect(changedStages(recorded.map(([name, status]) => ({ name, status })), stages).map((stage) => stage.name)).toEqual(reported);
    // The same rule whether the operation is still running or just finished.
    const given: Given = { type: "CLUSTER_CREATE", stages: recorded };
    const running = decide(scopeOf(given), observed("IN_PROGRESS", seen), { wall: new Date(), clock: STARTED });
    const done = decide(scopeOf(given), observed("COMPLETE", seen), { wall: new Date(), clock: STARTED });
    const stagesOf = (transition: Transition) => transition.events.filter((event) => event.type === "PROGRESS").map((event) => event.stage);
    expect(stagesOf(running)).toEqual(reported);
    expect(stagesOf(done)).toEqual(reported);
  });
});

describe("operation specs and progress", () => {
  it("backs off 200 ms, 400 ms, … 12.8 s", () => {
    expect(Array.from({ length: MAX_TRANSIENT_FAILURES - 1 }, (_, index) => backoffMs(index + 1))).toEqual([200, 400, 800, 1_600, 3_200, 6_400, 12_800]);
  });

  it("reads the progress of a row written before progress had its own column", () => {
    expect(readProgress({ spec: { templateId: TEMPLATE, submitted: true, stackId: "stack-9" }, progress: {} })).toEqual({ submitted: true, stackId: "stack-9", transientFailures: 0 });
    expect(readProgress({ spec: { templateId: TEMPLATE }, progress: {} })).toEqual(NO_PROGRESS);
    expect(readProgress({ spec: {}, progress: { submitted: true, stackId: "s", transientFailures: 2 } })).toEqual({ submitted: true, stackId: "s", transientFailures: 2 });
  });

  it.each([
    ["CLUSTER_RESIZE", { nodeGroupId: WORKERS, nodeCount: 3, submitted: true, stackId: "old" }, { nodeGroupId: WORKERS, nodeCount: 3, nodesToRemove: [] }],
    ["CLUSTER_UPGRADE", { templateId: TARGET }, { templateId: TARGET, targetLabels: [], maxBatchSize: 1, nodeGroupId: null }],
    ["CLUSTER_CA_ROTATE", {}, { phase: "ROTATE" }],
    ["CLUSTER_CA_ROTATE", { phase: "RETIRE_PREVIOUS" }, { phase: "RETIRE_PREVIOUS" }],
    ["CLUSTER_DELETE", { from: "CREATE_COMPLETE" }, { from: "CREATE_COMPLETE" }],
    // What the autopilot writes (orchestration/autopilot.ts): a scale and a repair.
    ["CLUSTER_RESIZE", { nodeGroupId: WORKERS, nodeCount: 3, nodesToRemove: [], previous: { templateId: TEMPLATE, nodeCount: 2, groups: [{ id: WORKERS, nodeCount: 2 }] }, automatic: "scale" },
      { nodeGroupId: WORKERS, nodeCount: 3, nodesToRemove: [], previous: { templateId: TEMPLATE, nodeCount: 2, groups: [{ id: WORKERS, nodeCount: 2 }] }, automatic: "scale" }],
    ["CLUSTER_REPAIR", { nodeGroupId: WORKERS, nodeCount: 2, nodesToRemove: ["demo-node-1"], automatic: "repair" }, { nodeGroupId: WORKERS, nodeCount: 2, nodesToRemove: ["demo-node-1"], automatic: "repair" }],
    // History the reconciler does not read never fails an operation: it reads as absent.
    ["NODE_GROUP_UPDATE", { nodeGroupId: EXTRA, previous: "garbled" }, { nodeGroupId: EXTRA }],
    ["CLUSTER_ROLLBACK", { rollbackOf: "op0", restore: { templateId: TEMPLATE, nodeCount: 2, groups: [] } }, { rollbackOf: "op0", restore: { templateId: TEMPLATE, nodeCount: 2, groups: [] } }],
  ] as const)("parses a %s spec %j (old rows included) to %j", (type, spec, parsed) => {
    expect(parseOperationRequest({ id: "op", type, spec })).toEqual({ type, spec: parsed });
  });

  it("refuses a spec that does not fit its type, and an unknown type", () => {
    expect(() => parseOperationRequest({ id: "op", type: "NODE_GROUP_DELETE", spec: {} })).toThrow(/unreadable/);
    expect(() => parseOperationRequest({ id: "op", type: "CLUSTER_EXPLODE", spec: {} })).toThrow(/unknown operation type/);
  });
});
