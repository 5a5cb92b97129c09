// Nested fields of NodeGroup.
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { clusterObject, ClusterObject } from "../cluster/cluster.type.js";
import type { GraphQLContext } from "../context.js";
import { notFoundError } from "../errors.js";
import { NodeGroupObject } from "./node-group.type.js";

@Resolver(() => NodeGroupObject)
export class NodeGroupResolver {
  @FieldResolver(() => ClusterObject)
  async cluster(@Root() nodeGroup: NodeGroupObject, @Ctx() context: GraphQLContext) {
    const row = await context.loaders.cluster.load(nodeGroup.clusterId);
    if (!row) throw notFoundError("cluster");
    return clusterObject(row);
  }
}
