// What a mutation's payload shows after its commit: the cluster, operation and node group it touched, read afresh.
import type { MutationResult } from "../../domain/idempotency.js";
import type { GraphQLContext } from "../context.js";
import { nodeGroupObject } from "../node-group/node-group.type.js";
import { operationObject } from "../operation/operation.type.js";
import { clusterObject } from "./cluster.type.js";

export /** Re-reads what a mutation touched, after its commit, for the payload. */
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
