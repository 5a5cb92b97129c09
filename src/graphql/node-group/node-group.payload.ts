// Payloads of the node group mutations: the node group, its cluster, the operation, userErrors.
import { Field, ObjectType } from "type-graphql";
import { ClusterObject } from "../cluster/cluster.type.js";
import { UserError } from "../common/user-error.js";
import { OperationObject } from "../operation/operation.type.js";
import { NodeGroupObject } from "./node-group.type.js";

function NodeGroupOperationPayload(name: string) {
  @ObjectType(name)
  class Payload {
    @Field(() => NodeGroupObject, { nullable: true }) nodeGroup?: NodeGroupObject | null;
    @Field(() => ClusterObject, { nullable: true }) cluster?: ClusterObject | null;
    @Field(() => OperationObject, { nullable: true }) operation?: OperationObject | null;
    @Field(() => [UserError]) userErrors!: UserError[];
  }
  return Payload;
}

export const NodeGroupCreatePayload = NodeGroupOperationPayload("NodeGroupCreatePayload");
export const NodeGroupUpdatePayload = NodeGroupOperationPayload("NodeGroupUpdatePayload");
export const NodeGroupDeletePayload = NodeGroupOperationPayload("NodeGroupDeletePayload");
