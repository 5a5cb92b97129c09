// Node group lifecycle (create, update limits, delete) with Magnum's rules: no new masters, default groups stay.
import { authorize, canSee } from "../policy/index.js";
import { enforceQuota } from "../tenancy/quotas.js";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { findTemplate } from "../../db/queries/cluster-templates.js";
import { findNodeGroup, insertNodeGroupRows, updateNodeGroupLimits, updateNodeGroupRow } from "../../db/queries/node-groups.js";
import { CLUSTER_NAME, CLUSTER_NAME_MAX } from "./cluster-rules.js";
import { authorizeClusterAction, countProblems, groupsOf, lockClusterFor, runAction, snapshotOf, type ActionOptions } from "./cluster-lifecycle.js";
import type { DomainContext } from "../context.js";
import { badInput, conflict, DomainError, notFound, problem } from "../errors.js";
import { labelListSchema, type Label } from "../labels.js";
import { recordOperation } from "./operations.js";
import { parseOrThrow } from "../validation.js";

const createSchema = z.object({
  name: z.string().max(CLUSTER_NAME_MAX, `name must be at most ${CLUSTER_NAME_MAX} characters`).regex(CLUSTER_NAME, "name must start with a letter and contain only letters, digits, '_', '.' and '-'"),
  role: z.string().min(1).max(64).regex(/^[a-z][a-z0-9-]*$/, "role must be lowercase letters, digits and '-'").default("worker"),
  nodeCount: z.number().int().min(0, "nodeCount must be 0 or more").max(10_000).default(1),
  minNodeCount: z.number().int().min(0, "minNodeCount must be 0 or more").default(0),
  maxNodeCount: z.number().int().min(0, "maxNodeCount must be 0 or more").nullable().default(null),
  flavorId: z.string().min(1).max(255).optional(),
  imageId: z.string().min(1).max(255).optional(),
  dockerVolumeSize: z.number().int().min(1).max(16_384).optional(),
  labels: labelListSchema.optional(),
});

export async function createNodeGroup(context: DomainContext, clusterId: string, input: Record<string, unknown>, options: ActionOptions) {
  await authorizeClusterAction(context, clusterId, "nodeGroupCreate", "clusterId");
  const request = parseOrThrow(createSchema, input);
  if (request.role === "master") throw badInput("role", "new master node groups are not supported: masters live in default-master");
  const limits = countProblems({ name: request.name, minNodeCount: request.minNodeCount, maxNodeCount: request.maxNodeCount }, request.nodeCount);
  if (request.maxNodeCount !== null && request.minNodeCount > request.maxNodeCount) limits.push(problem("BAD_USER_INPUT", "minNodeCount", "minNodeCount must not exceed maxNodeCount"));
  if (limits.length > 0) throw new DomainError(limits);
  return runAction(context, "nodeGroupCreate", options.requestId, { clusterId, input }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, clusterId, "nodeGroupCreate", options, "clusterId");
    const groups = await groupsOf(transaction, clusterId);
    if (groups.some((group) => group.name === request.name)) throw conflict("name", `the cluster already has a node group named "${request.name}"`);
    await enforceQuota(transaction, cluster.projectId, { nodes: request.nodeCount, nodeGroupIn: clusterId, field: "nodeCount" });
    const template = await findTemplate(transaction, cluster.templateId);
    const worker = groups.find((group) => group.role === "worker" && group.isDefault);
    const nodeGroupId = randomUUID();
    const now = new Date();
    const labels: Label[] = request.labels ?? cluster.labels;
    await insertNodeGroupRows(transaction, {
      id: nodeGroupId,
      projectId: cluster.projectId,
      clusterId,
      name: request.name,
      role: request.role,
      isDefault: false,
      nodeCount: request.nodeCount,
      minNodeCount: request.minNodeCount,
      maxNodeCount: request.maxNodeCount,
      flavorId: request.flavorId ?? worker?.flavorId ?? cluster.flavorId,
      imageId: request.imageId ?? template?.imageId ?? worker?.imageId ?? null,
      dockerVolumeSize: request.dockerVolumeSize ?? cluster.dockerVolumeSize,
      labels,
      status: "CREATE_IN_PROGRESS",
      version: worker?.version ?? null,
      createdAt: now,
      updatedAt: now,
    });
    const recorded = await recordOperation(transaction, context, cluster, "NODE_GROUP_CREATE", { nodeGroupId, previous: snapshotOf(cluster, groups) }, options.requestId, `Adding node group ${request.name}`);
    record(recorded.cursor);
    return { clusterId, nodeGroupId, operationId: recorded.operationId };
  });
}

/** The group, if the caller may see it and act on it: authorization before any look at the input. */
async function authorizedGroup(context: DomainContext, nodeGroupId: string, action: "update" | "delete") {
  const group = await findNodeGroup(context.db, nodeGroupId);
  if (!group || !canSee(context.principal, "nodeGroup", group)) throw notFound("id", "no such node group");
  authorize(context.principal, "nodeGroup", action, group, "id", "nodeGroup");
  return group;
}

const updateSchema = z.object({
  minNodeCount: z.number().int().min(0, "minNodeCount must be 0 or more").optional(),
  maxNodeCount: z.number().int().min(0, "maxNodeCount must be 0 or more").nullable().optional(),
});

/** Magnum's nodegroup update: the autoscaling limits. Counts change through clusterResize. */
export async function updateNodeGroup(context: DomainContext, nodeGroupId: string, input: Record<string, unknown>, options: ActionOptions) {
  const found = await authorizedGroup(context, nodeGroupId, "update");
  const request = parseOrThrow(updateSchema, input);
  return runAction(context, "nodeGroupUpdate", options.requestId, { nodeGroupId, input }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, found.clusterId, "nodeGroupUpdate", {});
    const groups = await groupsOf(transaction, cluster.id);
    const group = groups.find((candidate) => candidate.id === nodeGroupId);
    if (!group) throw notFound("id", "no such node group");
    if (options.expectedVersion != null && options.expectedVersion !== group.resourceVersion) {
      throw conflict("expectedVersion", `the node group changed meanwhile: it is at version ${group.resourceVersion}, not ${options.expectedVersion}`);
    }
    const minNodeCount = request.minNodeCount ?? group.minNodeCount;
    const maxNodeCount = request.maxNodeCount === undefined ? group.maxNodeCount : request.maxNodeCount;
    if (group.role === "master" && (minNodeCount !== group.minNodeCount || maxNodeCount !== group.maxNodeCount)) {
      throw new DomainError(problem("NOT_SUPPORTED", "id", "the master node group's limits cannot change"));
    }
    if (maxNodeCount !== null && minNodeCount > maxNodeCount) throw badInput("minNodeCount", "minNodeCount must not exceed maxNodeCount");
    const limits = countProblems({ name: group.name, minNodeCount, maxNodeCount }, group.nodeCount, minNodeCount > group.nodeCount ? "minNodeCount" : "maxNodeCount");
    if (limits.length > 0) throw new DomainError(limits.map((entry) => ({ ...entry, message: `${entry.message}; it has ${group.nodeCount} now: resize first` })));
    if (minNodeCount === group.minNodeCount && maxNodeCount === group.maxNodeCount && !cluster.status.endsWith("_FAILED")) {
      throw badInput("id", "nothing to change");
    }
    await updateNodeGroupLimits(transaction, nodeGroupId, { minNodeCount, maxNodeCount, status: "UPDATE_IN_PROGRESS", resourceVersion: group.resourceVersion + 1, updatedAt: new Date() });
    const recorded = await recordOperation(transaction, context, cluster, "NODE_GROUP_UPDATE", { nodeGroupId, previous: snapshotOf(cluster, groups) }, options.requestId, `Updating node group ${group.name}`);
    record(recorded.cursor);
    return { clusterId: cluster.id, nodeGroupId, operationId: recorded.operationId };
  });
}

export async function deleteNodeGroup(context: DomainContext, nodeGroupId: string, options: ActionOptions) {
  const found = await authorizedGroup(context, nodeGroupId, "delete");
  if (found.isDefault) throw badInput("id", `${found.name} is a default node group and cannot be deleted; delete the cluster instead`);
  return runAction(context, "nodeGroupDelete", options.requestId, { nodeGroupId }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, found.clusterId, "nodeGroupDelete", {});
    const groups = await groupsOf(transaction, cluster.id);
    const group = groups.find((candidate) => candidate.id === nodeGroupId);
    if (!group) throw notFound("id", "no such node group");
    await updateNodeGroupRow(transaction, nodeGroupId, { status: "DELETE_IN_PROGRESS", updatedAt: new Date() });
    const recorded = await recordOperation(transaction, context, cluster, "NODE_GROUP_DELETE", { nodeGroupId, previous: snapshotOf(cluster, groups) }, options.requestId, `Deleting node group ${group.name}`);
    record(recorded.cursor);
    return { clusterId: cluster.id, nodeGroupId, operationId: recorded.operationId };
  });
}
