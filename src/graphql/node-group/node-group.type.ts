// The NodeGroup type: a set of identically configured nodes of one cluster.
import { Field, GraphQLISODateTime, Int, ObjectType } from "type-graphql";
import type { NodeGroupRow } from "../../db/schema/index.js";
import type { ClusterStatus as ClusterStatusValue } from "../../domain/enums.js";
import { ClusterStatus } from "../common/enums.js";
import { toGlobalId } from "../common/global-id.js";
import { Label } from "../common/label.js";
import { NodeInterface } from "../common/node.js";

@ObjectType("NodeGroup", { implements: NodeInterface })
export class NodeGroupObject extends NodeInterface {
  @Field(() => String) uuid!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: "master, worker, or an operator-chosen role." }) role!: string;
  @Field(() => Boolean) isDefault!: boolean;
  @Field(() => Int) nodeCount!: number;
  @Field(() => Int) minNodeCount!: number;
  @Field(() => Int, { nullable: true }) maxNodeCount!: number | null;
  @Field(() => String, { nullable: true }) flavorId!: string | null;
  @Field(() => String, { nullable: true }) imageId!: string | null;
  @Field(() => Int, { nullable: true }) dockerVolumeSize!: number | null;
  @Field(() => [Label]) labels!: Label[];
  @Field(() => ClusterStatus) status!: ClusterStatusValue;
  @Field(() => String, { nullable: true }) statusReason!: string | null;
  @Field(() => [String]) nodeAddresses!: string[];
  @Field(() => String, { nullable: true }) stackId!: string | null;
  @Field(() => String, { nullable: true, description: "The COE version the nodes run." }) version!: string | null;
  @Field(() => Int) resourceVersion!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
  clusterId!: string;
  projectId!: string;
}

export function nodeGroupObject(row: NodeGroupRow): NodeGroupObject {
  return Object.assign(new NodeGroupObject(), row, { __typename: "NodeGroup", id: toGlobalId("NodeGroup", row.id), uuid: row.id }) as NodeGroupObject;
}
