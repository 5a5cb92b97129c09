// Inputs of cluster mutations.
import { Field, ID, InputType, Int } from "type-graphql";
import { LabelInput } from "../common/label.js";

@InputType()
export class ClusterCreateInput {
  @Field(() => ID) clusterTemplateId!: string;
  @Field(() => String, { nullable: true, description: "Generated when omitted." }) name?: string | null;
  @Field(() => ID, { nullable: true, description: "Default: the caller's only project." }) projectId?: string | null;
  @Field(() => Int, { nullable: true, description: "Worker nodes (default 1)." }) nodeCount?: number | null;
  @Field(() => Int, { nullable: true, description: "Master nodes (default 1; odd; more than 1 needs masterLbEnabled)." }) masterCount?: number | null;
  @Field(() => String, { nullable: true, description: "Default: the template's." }) flavorId?: string | null;
  @Field(() => String, { nullable: true, description: "Default: the template's, else flavorId." }) masterFlavorId?: string | null;
  @Field(() => String, { nullable: true, description: "Default: the template's keypairId." }) keypair?: string | null;
  @Field(() => [LabelInput], { nullable: true, description: "Replace the template's labels, or merge into them with mergeLabels." }) labels?: LabelInput[] | null;
  @Field(() => Boolean, { nullable: true }) mergeLabels?: boolean | null;
  @Field(() => Int, { nullable: true, description: "Minutes (default 60; 0: no limit)." }) createTimeout?: number | null;
  @Field(() => String, { nullable: true }) discoveryUrl?: string | null;
  @Field(() => Int, { nullable: true }) dockerVolumeSize?: number | null;
  @Field(() => String, { nullable: true }) fixedNetwork?: string | null;
  @Field(() => String, { nullable: true }) fixedSubnet?: string | null;
  @Field(() => Boolean, { nullable: true }) floatingIpEnabled?: boolean | null;
  @Field(() => Boolean, { nullable: true }) masterLbEnabled?: boolean | null;
  @Field(() => String, { nullable: true, description: "Repeat a request safely: the same requestId returns the first result." })
  requestId?: string | null;
}
