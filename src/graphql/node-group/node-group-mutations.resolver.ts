// Node group mutations (Magnum's nodegroup create, update, delete); thin: parse ids, call the domain, return the objects and operation.
import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { createNodeGroup, deleteNodeGroup, updateNodeGroup } from "../../domain/clusters/node-groups.js";
import { payloadObjects } from "../cluster/payload-objects.js";
import { presentFields, requireUuid } from "../common/input.js";
import type { GraphQLContext } from "../context.js";
import { asPayload } from "../errors.js";
import { NodeGroupCreateInput, NodeGroupDeleteInput, NodeGroupUpdateInput } from "./node-group.input.js";
import { NodeGroupCreatePayload, NodeGroupDeletePayload, NodeGroupUpdatePayload } from "./node-group.payload.js";

@Resolver()
export class NodeGroupMutationResolver {
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
