// The Cluster type: Magnum's cluster fields plus what Turnkey observed.
import { GraphQLJSONObject } from "graphql-scalars";
import { Field, GraphQLISODateTime, Int, ObjectType } from "type-graphql";
import type { ClusterRow, ClusterTemplateRow, NodeGroupRow } from "../../db/schema/index.js";
import type { ClusterStatus as ClusterStatusValue, HealthStatus as HealthStatusValue } from "../../domain/enums.js";
import { ClusterStatus, HealthStatus } from "../common/enums.js";
import { toGlobalId } from "../common/global-id.js";
import { Label } from "../common/label.js";
import { NodeInterface } from "../common/node.js";

@ObjectType("Cluster", { implements: NodeInterface, description: "A container cluster (Magnum's bay)." })
export class ClusterObject extends NodeInterface {
  @Field(() => String) uuid!: string;
  @Field(() => String) name!: string;
  @Field(() => ClusterStatus) status!: ClusterStatusValue;
  @Field(() => String, { nullable: true }) statusReason!: string | null;
  @Field(() => HealthStatus) healthStatus!: HealthStatusValue;
  @Field(() => GraphQLJSONObject, { description: 'Per check, as Magnum: {"api": "ok", "node-0.Ready": "True"}.' }) healthStatusReason!: Record<string, string>;
  @Field(() => Int) nodeCount!: number;
  @Field(() => Int) masterCount!: number;
  @Field(() => String, { nullable: true }) flavorId!: string | null;
  @Field(() => String, { nullable: true }) masterFlavorId!: string | null;
  @Field(() => String, { nullable: true }) keypair!: string | null;
  @Field(() => [Label]) labels!: Label[];
  @Field(() => Int, { description: "Minutes a create may take before it fails (0: no limit)." }) createTimeout!: number;
  @Field(() => String, { nullable: true }) discoveryUrl!: string | null;
  @Field(() => String, { nullable: true }) apiAddress!: string | null;
  @Field(() => [String]) masterAddresses!: string[];
  @Field(() => [String]) nodeAddresses!: string[];
  @Field(() => String, { nullable: true }) coeVersion!: string | null;
  @Field(() => String, { nullable: true }) containerVersion!: string | null;
  @Field(() => String, { nullable: true }) stackId!: string | null;
  @Field(() => GraphQLJSONObject, { description: "Node group name → reason, when something failed." }) faults!: Record<string, string>;
  @Field(() => Int, { nullable: true }) dockerVolumeSize!: number | null;
  @Field(() => String, { nullable: true }) fixedNetwork!: string | null;
  @Field(() => String, { nullable: true }) fixedSubnet!: string | null;
  @Field(() => Boolean) floatingIpEnabled!: boolean;
  @Field(() => Boolean) masterLbEnabled!: boolean;
  @Field(() => Int, { description: "Increases with every change; send it as expectedVersion to update safely." }) resourceVersion!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
  projectId!: string;
  templateId!: string;
  /** What the clusters page loaded ahead for its nodes' `template` and `nodeGroups` (src/graphql/cluster/cluster.resolver.ts). */
  prefetched?: ClusterPrefetch;
}

/** Loaded through the same loaders, in one batch per page, so the nested fields answer without a promise each. */
export interface ClusterPrefetch {
  /** row undefined: no such template (the field's NOT_FOUND). */
  template?: { row: ClusterTemplateRow | undefined };
  nodeGroups?: { properties: readonly string[] | undefined; rows: NodeGroupRow[] };
}

export function clusterObject(row: ClusterRow): ClusterObject {
  return Object.assign(new ClusterObject(), row, { __typename: "Cluster", id: toGlobalId("Cluster", row.id), uuid: row.id }) as ClusterObject;
}
