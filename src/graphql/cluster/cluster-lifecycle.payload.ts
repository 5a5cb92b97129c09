// Payloads of the day-two cluster mutations: the cluster, its operation, userErrors.
import { Field, ID, ObjectType } from "type-graphql";
import { UserError } from "../common/user-error.js";
import { OperationObject } from "../operation/operation.type.js";
import { ClusterObject } from "./cluster.type.js";

function ClusterOperationPayload(name: string) {
  @ObjectType(name)
  class Payload {
    @Field(() => ClusterObject, { nullable: true }) cluster?: ClusterObject | null;
    @Field(() => OperationObject, { nullable: true }) operation?: OperationObject | null;
    @Field(() => [UserError]) userErrors!: UserError[];
  }
  return Payload;
}

export const ClusterUpdatePayload = ClusterOperationPayload("ClusterUpdatePayload");
export const ClusterResizePayload = ClusterOperationPayload("ClusterResizePayload");
export const ClusterUpgradePayload = ClusterOperationPayload("ClusterUpgradePayload");
export const ClusterRollbackPayload = ClusterOperationPayload("ClusterRollbackPayload");
export const ClusterCaRotatePayload = ClusterOperationPayload("ClusterCaRotatePayload");

@ObjectType()
export class ClusterDeletePayload {
  @Field(() => ID, { nullable: true }) deletedClusterId?: string | null;
  @Field(() => ClusterObject, { nullable: true, description: "The cluster in DELETE_IN_PROGRESS." }) cluster?: ClusterObject | null;
  @Field(() => OperationObject, { nullable: true }) operation?: OperationObject | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
