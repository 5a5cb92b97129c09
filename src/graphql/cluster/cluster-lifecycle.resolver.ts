// Day-two cluster mutations and node group mutations; thin: parse ids, call the domain, return the objects and operation.
import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { deleteCluster, resizeCluster, rollbackCluster, rotateClusterCa, updateCluster, upgradeCluster } from "../../domain/clusters/cluster-lifecycle.js";
import type { MutationResult } from "../../domain/idempotency.js";
import { createNodeGroup, deleteNodeGroup, updateNodeGroup } from "../../domain/clusters/node-groups.js";
import { laterCheckedUuid, presentFields, requireUuid } from "../common/input.js";
import type { GraphQLContext } from "../context.js";
import { asPayload } from "../errors.js";
import { nodeGroupObject } from "../node-group/node-group.type.js";
import { operationObject } from "../operation/operation.type.js";
import {
  ClusterCaRotateInput,
  ClusterDeleteInput,
  ClusterResizeInput,
  ClusterRollbackInput,
  ClusterUpdateInput,
  ClusterUpgradeInput,
  NodeGroupCreateInput,
  NodeGroupDeleteInput,
  NodeGroupUpdateInput,
} from "./cluster-lifecycle.input.js";
import {
  ClusterCaRotatePayload,
  ClusterDeletePayload,
  ClusterResizePayload,
  ClusterRollbackPayload,
  ClusterUpdatePayload,
  ClusterUpgradePayload,
  NodeGroupCreatePayload,
  NodeGroupDeletePayload,
  NodeGroupUpdatePayload,
} from "./cluster-lifecycle.payload.js";
import { clusterObject } from "./cluster.type.js";

/** Re-reads what a mutation touched, after its commit, for the payload. */
async function payloadObjects(context: GraphQLContext, result: MutationResult) {
  const { loaders } = context;
  for (const loader of [loaders.cluster, loaders.operation, loaders.nodeGroup]) loader.clearAll();
  const [cluster, operation, nodeGroup] = await Promise.all([
    result.clusterId ? loaders.cluster.load(result.clusterId) : undefined,
    result.operationId ? loaders.operation.load(result.operationId) : undefined,
    result.nodeGroupId ? loaders.nodeGroup.load(result.nodeGroupId) : undefined,
  ]);
  return {
    cluster: cluster ? clusterObject(cluster) : null,
    operation: operation ? operationObject(operation) : null,
    nodeGroup: nodeGroup ? nodeGroupObject(nodeGroup) : null,
  };
}

@Resolver()
export class ClusterLifecycleResolver {
  @Mutation(() => ClusterUpdatePayload, { description: "Changes default-worker's node count; returns the operation at once." })
  clusterUpdate(@Arg("input", () => ClusterUpdateInput) input: ClusterUpdateInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const result = await updateCluster(context.domain, requireUuid(input.id, "Cluster", "id"), { nodeCount: input.nodeCount }, input);
      const { cluster, operation } = await payloadObjects(context, result);
      return { cluster, operation };
    });
  }

  @Mutation(() => ClusterResizePayload, { description: "Resizes a worker node group, optionally naming the nodes to remove." })
  clusterResize(@Arg("input", () => ClusterResizeInput) input: ClusterResizeInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const nodeGroupId = input.nodeGroupId ? laterCheckedUuid(input.nodeGroupId, "NodeGroup") : null;
      const result = await resizeCluster(context.domain, requireUuid(input.id, "Cluster", "id"), { nodeCount: input.nodeCount, nodeGroupId, nodesToRemove: input.nodesToRemove }, input);
      const { cluster, operation } = await payloadObjects(context, result);
      return { cluster, operation };
    });
  }

  @Mutation(() => ClusterUpgradePayload, { description: "Rolls the cluster (or one node group) onto another template, in batches." })
  clusterUpgrade(@Arg("input", () => ClusterUpgradeInput) input: ClusterUpgradeInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const clusterTemplateId = laterCheckedUuid(input.clusterTemplateId, "ClusterTemplate");
      const nodeGroupId = input.nodeGroupId ? laterCheckedUuid(input.nodeGroupId, "NodeGroup") : null;
      const result = await upgradeCluster(context.domain, requireUuid(input.id, "Cluster", "id"), { clusterTemplateId, maxBatchSize: input.maxBatchSize, nodeGroupId }, input);
      const { cluster, operation } = await payloadObjects(context, result);
      return { cluster, operation };
    });
  }

  @Mutation(() => ClusterRollbackPayload, { description: "Recovers a cluster in UPDATE_FAILED by returning to its previous node counts and template." })
  clusterRollback(@Arg("input", () => ClusterRollbackInput) input: ClusterRollbackInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const result = await rollbackCluster(context.domain, requireUuid(input.id, "Cluster", "id"), input);
      const { cluster, operation } = await payloadObjects(context, result);
      return { cluster, operation };
    });
  }

  @Mutation(() => ClusterCaRotatePayload, { description: "Rotates the cluster's certificate authority." })
  clusterCaRotate(@Arg("input", () => ClusterCaRotateInput) input: ClusterCaRotateInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const result = await rotateClusterCa(context.domain, requireUuid(input.id, "Cluster", "id"), input);
      const { cluster, operation } = await payloadObjects(context, result);
      return { cluster, operation };
    });
  }

  @Mutation(() => ClusterDeletePayload, { description: "Deletes the cluster from any status; a running operation is cancelled." })
  clusterDelete(@Arg("input", () => ClusterDeleteInput) input: ClusterDeleteInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const result = await deleteCluster(context.domain, requireUuid(input.id, "Cluster", "id"), input);
      const { cluster, operation } = await payloadObjects(context, result);
      return { deletedClusterId: input.id, cluster, operation };
    });
  }

  @Mutation(() => NodeGroupCreatePayload)
  nodeGroupCreate(@Arg("input", () => NodeGroupCreateInput) input: NodeGroupCreateInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const clusterId = requireUuid(input.clusterId, "Cluster", "clusterId");
      const result = await createNodeGroup(context.domain, clusterId, presentFields(input, ["clusterId", "requestId"], true), input);
      return payloadObjects(context, result);
    });
  }

  @Mutation(() => NodeGroupUpdatePayload)
  nodeGroupUpdate(@Arg("input", () => NodeGroupUpdateInput) input: NodeGroupUpdateInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const result = await updateNodeGroup(context.domain, requireUuid(input.id, "NodeGroup", "id"), presentFields(input, ["id", "requestId", "expectedVersion"], false), input);
      return payloadObjects(context, result);
    });
  }

  @Mutation(() => NodeGroupDeletePayload)
  nodeGroupDelete(@Arg("input", () => NodeGroupDeleteInput) input: NodeGroupDeleteInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const result = await deleteNodeGroup(context.domain, requireUuid(input.id, "NodeGroup", "id"), input);
      return payloadObjects(context, result);
    });
  }
}
