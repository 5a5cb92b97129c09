// Payloads of the cluster template mutations.
import { Field, ID, ObjectType } from "type-graphql";
import { UserError } from "../common/user-error.js";
import { ClusterTemplateObject } from "./cluster-template.type.js";

@ObjectType()
export class ClusterTemplateCreatePayload {
  @Field(() => ClusterTemplateObject, { nullable: true }) clusterTemplate?: ClusterTemplateObject | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class ClusterTemplateUpdatePayload {
  @Field(() => ClusterTemplateObject, { nullable: true }) clusterTemplate?: ClusterTemplateObject | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class ClusterTemplateDeletePayload {
  @Field(() => ID, { nullable: true }) deletedClusterTemplateId?: string | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
