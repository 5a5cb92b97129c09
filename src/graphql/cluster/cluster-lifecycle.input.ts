// Inputs of the day-two cluster mutations (node group mutations: src/graphql/node-group/).
import { Field, ID, InputType, Int } from "type-graphql";
import type { CaRotationPhase as CaRotationPhaseValue } from "../../domain/certificates/certificates-rotation.js";
import { CaRotationPhase } from "../certificate/certificate.enums.js";
import { LabelInput } from "../common/label.js";

@InputType("ClusterActionInput")
class ClusterActionInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: "Repeat a request safely: the same requestId returns the first result." }) requestId?: string | null;
  @Field(() => Int, { nullable: true, description: "Refuse with CONFLICT unless the cluster is still at this resourceVersion." }) expectedVersion?: number | null;
}

@InputType({ description: "Magnum's cluster update: a new node count for default-worker." })
export class ClusterUpdateInput extends ClusterActionInput {
  @Field(() => Int) nodeCount!: number;
}

@InputType()
export class ClusterResizeInput extends ClusterActionInput {
  @Field(() => Int) nodeCount!: number;
  @Field(() => ID, { nullable: true, description: "Default: default-worker." }) nodeGroupId?: string | null;
  @Field(() => [String], { nullable: true, description: "Node names or addresses to remove first when shrinking." }) nodesToRemove?: string[] | null;
}

@InputType()
export class ClusterUpgradeInput extends ClusterActionInput {
  @Field(() => ID) clusterTemplateId!: string;
  @Field(() => Int, { nullable: true, description: "Worker nodes replaced at once (default 1); masters go one by one." }) maxBatchSize?: number | null;
  @Field(() => ID, { nullable: true, description: "Upgrade only this node group." }) nodeGroupId?: string | null;
}

@InputType()
export class ClusterDeleteInput extends ClusterActionInput {}

@InputType({ description: "Roll a cluster in UPDATE_FAILED back to its node counts and template before the failed change." })
export class ClusterRollbackInput extends ClusterActionInput {}

@InputType()
export class ClusterCaRotateInput extends ClusterActionInput {
  @Field(() => CaRotationPhase, { nullable: true, description: "Default ROTATE: new CAs beside the current ones. RETIRE_PREVIOUS: drop the previous ones before their grace period ends." })
  phase?: CaRotationPhaseValue | null;
}
