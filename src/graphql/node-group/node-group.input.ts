// Inputs of the node group mutations.
import { Field, ID, InputType, Int } from "type-graphql";
import { LabelInput } from "../common/label.js";

@InputType()
export class NodeGroupCreateInput {
  @Field(() => ID) clusterId!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: "Default worker; master is refused." }) role?: string | null;
  @Field(() => Int, { nullable: true, description: "Default 1." }) nodeCount?: number | null;
  @Field(() => Int, { nullable: true, description: "Default 0." }) minNodeCount?: number | null;
  @Field(() => Int, { nullable: true }) maxNodeCount?: number | null;
  @Field(() => String, { nullable: true, description: "Default: default-worker's." }) flavorId?: string | null;
  @Field(() => String, { nullable: true, description: "Default: the template's." }) imageId?: string | null;
  @Field(() => Int, { nullable: true }) dockerVolumeSize?: number | null;
  @Field(() => [LabelInput], { nullable: true, description: "Default: the cluster's." }) labels?: LabelInput[] | null;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}

@InputType({ description: "Magnum's nodegroup update: the autoscaling limits (counts change through clusterResize)." })
export class NodeGroupUpdateInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true }) minNodeCount?: number | null;
  @Field(() => Int, { nullable: true, description: "null removes the limit." }) maxNodeCount?: number | null;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}

@InputType()
export class NodeGroupDeleteInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}
