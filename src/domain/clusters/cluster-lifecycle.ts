// Day-two lifecycle entry points (update, resize, upgrade, rollback, CA rotation, delete): check the rules, record intent and an operation.
import { authorize, canSee } from "../policy/index.js";
import { enforceQuota } from "../tenancy/quotas.js";
import { z } from "zod";
import type { Transaction } from "../../db/client.js";
import { findTemplateForShare, findTemplate, templateTlsDisabled } from "../../db/queries/cluster-templates.js";
import { findCluster, updateClusterRow, type ClusterRow } from "../../db/queries/clusters.js";
import { lockNodeGroupsOf, updateNodeGroupRow, updateNodeGroupsOfCluster, type NodeGroupRow } from "../../db/queries/node-groups.js";
import { lastFailedOperation } from "../../db/queries/operations.js";
import { checkRotationPhase, rotationReason, type CaRotationPhase } from "../certificates/certificates-rotation.js";
import type { DomainContext } from "../context.js";
import { DEFAULT_WORKER_GROUP } from "../enums.js";
import type { ClusterStatus } from "../enums.js";
import { badInput, conflict, DomainError, invalidState, missing, noSuch, notFound, problem } from "../errors.js";
import { runOncePerRequestId, type MutationResult } from "../idempotency.js";
import { activeOperation, cancelActiveOperations, recordOperation } from "./operations.js";
import { describeAllowed, isAllowed, type LifecycleAction } from "./status-machine.js";
import { inTransaction } from "../transactions.js";
import { upgradeProblems } from "./upgrade-rules.js";
import { parseOrThrow } from "../validation.js";

export interface ActionOptions {
  requestId?: string | null;
  expectedVersion?: number | null;
}

/** Node counts before an operation, so a failed update can be rolled back to them. */
export interface NodeCountSnapshot {
  templateId: string;
  nodeCount: number;
  groups: { id: string; nodeCount: number }[];
}

/** Loads and locks the cluster, and checks that the caller may act and the status allows the action. */
export async function lockClusterFor(
  transaction: Transaction,
  context: DomainContext,
  clusterId: string,
  action: LifecycleAction,
  options: ActionOptions,
  field = "id",
): Promise<ClusterRow> {
  const cluster = await findCluster(transaction, clusterId, true);
  if (!cluster) throw notFound(field, "no such cluster");
  authorize(context.principal, "cluster", action === "delete" ? "delete" : "update", cluster, field);
  if (options.expectedVersion != null && options.expectedVersion !== cluster.resourceVersion) {
    throw conflict("expectedVersion", `the cluster changed meanwhile: it is at version ${cluster.resourceVersion}, not ${options.expectedVersion}`);
  }
  if (!isAllowed(action, cluster.status as ClusterStatus)) {
    throw invalidState(field, `cannot ${describeAction(action)} a cluster in ${cluster.status}; allowed from ${describeAllowed(action)}`);
  }
  return cluster;
}

/**
 * Authorization before anything else looks at the input: NOT_FOUND for a cluster the caller cannot see,
 * FORBIDDEN for an action its role does not allow, whatever the rest of the input says. The transaction
 * checks again under the row lock (rights or the cluster may change in between).
 */
export async function authorizeClusterAction(context: DomainContext, clusterId: string, action: LifecycleAction, field = "id"): Promise<void> {
  const cluster = await findCluster(context.db, clusterId);
  if (!cluster) throw notFound(field, "no such cluster");
  authorize(context.principal, "cluster", action === "delete" ? "delete" : "update", cluster, field);
}

function describeAction(action: LifecycleAction): string {
  const words: Record<LifecycleAction, string> = {
    update: "update",
    resize: "resize",
    upgrade: "upgrade",
    rotateCa: "rotate the CA of",
    nodeGroupCreate: "add a node group to",
    nodeGroupUpdate: "update a node group of",
    nodeGroupDelete: "delete a node group of",
    rollback: "roll back",
    delete: "delete",
  };
  return words[action];
}

export async function groupsOf(transaction: Transaction, clusterId: string): Promise<NodeGroupRow[]> {
  return lockNodeGroupsOf(transaction, clusterId);
}

export function snapshotOf(cluster: ClusterRow, groups: NodeGroupRow[]): NodeCountSnapshot {
  return { templateId: cluster.templateId, nodeCount: cluster.nodeCount, groups: groups.map((group) => ({ id: group.id, nodeCount: group.nodeCount })) };
}

export function countProblems(group: Pick<NodeGroupRow, "minNodeCount" | "maxNodeCount" | "name">, nodeCount: number, field = "nodeCount") {
  if (nodeCount < group.minNodeCount) return [problem("BAD_USER_INPUT", field, `node group ${group.name} needs at least ${group.minNodeCount} nodes (minNodeCount)`)];
  if (group.maxNodeCount !== null && nodeCount > group.maxNodeCount) {
    return [problem("BAD_USER_INPUT", field, `node group ${group.name} allows at most ${group.maxNodeCount} nodes (maxNodeCount)`)];
  }
  return [];
}

/** Runs one lifecycle mutation: idempotency, transaction, then the announcement after commit. */
export async function runAction(
  context: DomainContext,
  mutation: string,
  requestId: string | null | undefined,
  input: unknown,
  work: (transaction: Transaction, record: (cursor: bigint) => void) => Promise<MutationResult>,
): Promise<MutationResult> {
  const cursors: bigint[] = [];
  const outcome = await inTransaction(context, (transaction) => {
    cursors.length = 0;
    return runOncePerRequestId(transaction, context.principal, mutation, requestId, input, () => work(transaction, (cursor) => cursors.push(cursor)));
  });
  if (!outcome.replayed) context.eventsCommitted(cursors);
  return outcome.result;
}

const nodeCountSchema = z.number().int().min(0, "nodeCount must be 0 or more").max(10_000, "nodeCount must be at most 10000");

/** Magnum's cluster update: a new worker count for the default worker group. */
export async function updateCluster(context: DomainContext, clusterId: string, input: { nodeCount: number }, options: ActionOptions) {
  await authorizeClusterAction(context, clusterId, "update");
  const nodeCount = parseOrThrow(nodeCountSchema, input.nodeCount, ["nodeCount"]);
  return runAction(context, "clusterUpdate", options.requestId, { clusterId, input }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, clusterId, "update", options);
    const groups = await groupsOf(transaction, clusterId);
    const worker = groups.find((group) => group.name === DEFAULT_WORKER_GROUP && group.isDefault);
    if (!worker) throw invalidState("id", "the cluster has no default worker group to update");
    return resizeGroup(transaction, context, cluster, groups, worker, nodeCount, [], "CLUSTER_UPDATE", options.requestId, record);
  });
}

export async function resizeCluster(
  context: DomainContext,
  clusterId: string,
  input: { nodeCount: number; nodeGroupId?: string | null; nodesToRemove?: string[] | null },
  options: ActionOptions,
) {
  await authorizeClusterAction(context, clusterId, "resize");
  const nodeCount = parseOrThrow(nodeCountSchema, input.nodeCount, ["nodeCount"]);
  const nodesToRemove = parseOrThrow(z.array(z.string().min(1).max(255)).max(1000).default([]), input.nodesToRemove ?? undefined, ["nodesToRemove"]);
  return runAction(context, "clusterResize", options.requestId, { clusterId, input }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, clusterId, "resize", options);
    const groups = await groupsOf(transaction, clusterId);
    const group = input.nodeGroupId ? groups.find((candidate) => candidate.id === input.nodeGroupId) : groups.find((candidate) => candidate.name === DEFAULT_WORKER_GROUP);
    if (!group) throw missing("nodeGroupId", input.nodeGroupId, "node group");
    if (group.role === "master") throw new DomainError(problem("NOT_SUPPORTED", "nodeGroupId", "master node groups cannot be resized: their size is fixed by etcd's quorum"));
    if (nodesToRemove.length > 0 && nodeCount >= group.nodeCount) {
      throw badInput("nodesToRemove", "nodesToRemove only applies when the node count goes down");
    }
    if (nodesToRemove.length > 0 && nodesToRemove.length > group.nodeCount - nodeCount) {
      throw badInput("nodesToRemove", `${nodesToRemove.length} nodes named to remove, but the count goes down by ${group.nodeCount - nodeCount}`);
    }
    return resizeGroup(transaction, context, cluster, groups, group, nodeCount, nodesToRemove, "CLUSTER_RESIZE", options.requestId, record);
  });
}

async function resizeGroup(
  transaction: Transaction,
  context: DomainContext,
  cluster: ClusterRow,
  groups: NodeGroupRow[],
  group: NodeGroupRow,
  nodeCount: number,
  nodesToRemove: string[],
  type: "CLUSTER_UPDATE" | "CLUSTER_RESIZE",
  requestId: string | null | undefined,
  record: (cursor: bigint) => void,
): Promise<MutationResult> {
  const limits = countProblems(group, nodeCount);
  if (limits.length > 0) throw new DomainError(limits);
  // A failed update may be retried with the same count; a settled cluster must be asked for a change.
  if (nodeCount === group.nodeCount && !cluster.status.endsWith("_FAILED")) {
    throw badInput("nodeCount", `node group ${group.name} already has ${nodeCount} nodes`);
  }
  await enforceQuota(transaction, cluster.projectId, { nodes: nodeCount - group.nodeCount, field: "nodeCount" });
  const previous = snapshotOf(cluster, groups);
  const now = new Date();
  await updateNodeGroupRow(transaction, group.id, { nodeCount, status: "UPDATE_IN_PROGRESS", statusReason: null, updatedAt: now, resourceVersion: group.resourceVersion + 1 });
  const workerTotal = groups.filter((candidate) => candidate.role !== "master").reduce((sum, candidate) => sum + (candidate.id === group.id ? nodeCount : candidate.nodeCount), 0);
  await updateClusterRow(transaction, cluster.id, { nodeCount: workerTotal });
  const verb = nodeCount > group.nodeCount ? "up" : nodeCount < group.nodeCount ? "down" : "again";
  const recorded = await recordOperation(transaction, context, { ...cluster }, type, { nodeGroupId: group.id, nodeCount, nodesToRemove, previous }, requestId, `Scaling ${group.name} ${verb} to ${nodeCount} nodes`);
  record(recorded.cursor);
  return { clusterId: cluster.id, operationId: recorded.operationId };
}

export async function upgradeCluster(
  context: DomainContext,
  clusterId: string,
  input: { clusterTemplateId: string; maxBatchSize?: number | null; nodeGroupId?: string | null },
  options: ActionOptions,
) {
  await authorizeClusterAction(context, clusterId, "upgrade");
  const maxBatchSize = parseOrThrow(z.number().int().min(1, "maxBatchSize must be at least 1").max(100, "maxBatchSize must be at most 100").default(1), input.maxBatchSize ?? undefined, ["maxBatchSize"]);
  return runAction(context, "clusterUpgrade", options.requestId, { clusterId, input }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, clusterId, "upgrade", options);
    const target = await findTemplateForShare(transaction, input.clusterTemplateId);
    if (!target || !canSee(context.principal, "clusterTemplate", target) || (target.projectId !== cluster.projectId && !target.public)) {
      throw missing("clusterTemplateId", input.clusterTemplateId, "cluster template");
    }
    const current = await findTemplate(transaction, cluster.templateId);
    const groups = await groupsOf(transaction, clusterId);
    const group = input.nodeGroupId ? groups.find((candidate) => candidate.id === input.nodeGroupId) : undefined;
    if (input.nodeGroupId && !group) throw missing("nodeGroupId", input.nodeGroupId, "node group");
    if (current) {
      const subject = group ? { labels: group.labels, templateId: cluster.templateId, nodeGroup: group } : { labels: cluster.labels, templateId: cluster.templateId };
      const problems = upgradeProblems(current, target, subject);
      if (problems.length > 0) throw new DomainError(problems);
    }
    if (!group && target.id === cluster.templateId && !cluster.status.endsWith("_FAILED")) {
      throw badInput("clusterTemplateId", "the cluster already runs this template");
    }
    const now = new Date();
    for (const touched of group ? [group] : groups) {
      await updateNodeGroupRow(transaction, touched.id, { status: "UPDATE_IN_PROGRESS", statusReason: null, updatedAt: now });
    }
    const recorded = await recordOperation(
      transaction,
      context,
      cluster,
      "CLUSTER_UPGRADE",
      { templateId: target.id, targetLabels: target.labels, maxBatchSize, nodeGroupId: group?.id ?? null, previous: snapshotOf(cluster, groups) },
      options.requestId,
      `Upgrading ${group ? `node group ${group.name}` : "the cluster"} to template ${target.name}`,
    );
    record(recorded.cursor);
    return { clusterId, operationId: recorded.operationId };
  });
}

/** Puts the node counts (and template) back to what they were before the failed operation. */
export async function rollbackCluster(context: DomainContext, clusterId: string, options: ActionOptions) {
  return runAction(context, "clusterRollback", options.requestId, { clusterId }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, clusterId, "rollback", options);
    // A cancelled change (operationCancel) is rolled back like a failed one.
    const failed = await lastFailedOperation(transaction, clusterId);
    const previous = failed?.spec.previous as NodeCountSnapshot | undefined;
    if (!previous) throw invalidState("id", "there is no failed change with a known earlier state to roll back to");
    const groups = await groupsOf(transaction, clusterId);
    const growth = groups.reduce((sum, group) => sum + (previous.groups.find((entry) => entry.id === group.id)?.nodeCount ?? group.nodeCount) - group.nodeCount, 0);
    await enforceQuota(transaction, cluster.projectId, { nodes: growth, field: "id" });
    const now = new Date();
    for (const group of groups) {
      const earlier = previous.groups.find((entry) => entry.id === group.id);
      await updateNodeGroupRow(transaction, group.id, { nodeCount: earlier?.nodeCount ?? group.nodeCount, status: "UPDATE_IN_PROGRESS", updatedAt: now });
    }
    await updateClusterRow(transaction, clusterId, { nodeCount: previous.nodeCount, templateId: previous.templateId });
    const recorded = await recordOperation(transaction, context, cluster, "CLUSTER_ROLLBACK", { rollbackOf: failed!.id, restore: previous }, options.requestId, `Rolling back the failed ${failed!.type.toLowerCase().replaceAll("_", " ")}`);
    record(recorded.cursor);
    return { clusterId, operationId: recorded.operationId };
  });
}

/** Two phases (see certificates-rotation.ts): ROTATE adds new CAs beside the current ones, RETIRE_PREVIOUS drops the old. */
export async function rotateClusterCa(context: DomainContext, clusterId: string, options: ActionOptions & { phase?: CaRotationPhase | null }) {
  const phase = options.phase ?? "ROTATE";
  return runAction(context, "clusterCaRotate", options.requestId, { clusterId, phase }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, clusterId, "rotateCa", options);
    if (await templateTlsDisabled(transaction, cluster.templateId)) throw invalidState("id", "the cluster has TLS disabled: it has no CA to rotate");
    await checkRotationPhase(transaction, clusterId, phase);
    const recorded = await recordOperation(transaction, context, cluster, "CLUSTER_CA_ROTATE", { phase }, options.requestId, rotationReason(phase));
    record(recorded.cursor);
    return { clusterId, operationId: recorded.operationId };
  });
}

/** Delete works from any status; a running operation is cancelled and the delete takes over. */
export async function deleteCluster(context: DomainContext, clusterId: string, options: ActionOptions) {
  return runAction(context, "clusterDelete", options.requestId, { clusterId }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, clusterId, "delete", options);
    if (cluster.status === "DELETE_IN_PROGRESS") {
      const running = await activeOperation(transaction, clusterId);
      if (running) return { clusterId, operationId: running.id };
    }
    await cancelActiveOperations(transaction, clusterId, "superseded by a delete of the cluster");
    const now = new Date();
    await updateNodeGroupsOfCluster(transaction, clusterId, { status: "DELETE_IN_PROGRESS", updatedAt: now });
    const recorded = await recordOperation(transaction, context, cluster, "CLUSTER_DELETE", { from: cluster.status }, options.requestId, "Cluster delete request accepted");
    record(recorded.cursor);
    return { clusterId, operationId: recorded.operationId };
  });
}
