// Day-two cluster mutations; thin: parse ids, call the domain, return the objects and operation.
import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { deleteCluster, resizeCluster, rollbackCluster, rotateClusterCa, updateCluster, upgradeCluster } from "../../domain/clusters/cluster-lifecycle.js";
import { laterCheckedUuid, requireUuid } from "../common/input.js";
import type { GraphQLContext } from "../context.js";
import { asPayload } from "../errors.js";
import {
  ClusterCaRotateInput,
  ClusterDeleteInput,
  ClusterResizeInput,
  ClusterRollbackInput,
  ClusterUpdateInput,
  ClusterUpgradeInput,
} from "./cluster-lifecycle.input.js";
import {
  ClusterCaRotatePayload,
  ClusterDeletePayload,
  ClusterResizePayload,
  ClusterRollbackPayload,
  ClusterUpdatePayload,
  ClusterUpgradePayload,
} from "./cluster-lifecycle.payload.js";
import { payloadObjects } from "./payload-objects.js";

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
}
