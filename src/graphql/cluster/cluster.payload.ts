// Payloads of the cluster mutations.
import { Field, ObjectType } from "type-graphql";
import { UserError } from "../common/user-error.js";
import { OperationObject } from "../operation/operation.type.js";
import { ClusterObject } from "./cluster.type.js";

@ObjectType()
export class ClusterCreatePayload {
  @Field(() => ClusterObject, { nullable: true }) cluster?: ClusterObject | null;
  @Field(() => OperationObject, { nullable: true, description: "The create operation: watch it, or subscribe to clusterEvents." }) operation?: OperationObject | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
