// Arguments of cluster lists, shared by Query.clusters and ClusterTemplate.clusters.
import { readableProjects } from "../../domain/policy/index.js";
import { ArgsType, Field, ID, InputType, registerEnumType } from "type-graphql";
import type { ClusterFilter as ClusterFilterQuery, ClusterSort } from "../../db/queries/clusters.js";
import { ConnectionType } from "../common/connection.js";
import { ClusterStatus, Coe } from "../common/enums.js";
import { argumentUuid } from "../common/input.js";
import { OrderDirection, PageArgs } from "../common/paging.js";
import type { GraphQLContext } from "../context.js";
import { ClusterObject } from "./cluster.type.js";

export const ClusterConnection = ConnectionType("Cluster", ClusterObject);

export enum ClusterOrderField {
  NAME = "NAME",
  STATUS = "STATUS",
  CREATED_AT = "CREATED_AT",
  UPDATED_AT = "UPDATED_AT",
}
registerEnumType(ClusterOrderField, { name: "ClusterOrderField" });

@InputType()
export class ClusterFilter {
  @Field(() => ID, { nullable: true }) projectId?: string | null;
  @Field(() => String, { nullable: true, description: "Exact name." }) name?: string | null;
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name." }) nameContains?: string | null;
  @Field(() => [ClusterStatus], { nullable: true, description: "Any of these statuses." }) status?: string[] | null;
  @Field(() => ID, { nullable: true }) clusterTemplateId?: string | null;
  @Field(() => Coe, { nullable: true }) coe?: string | null;
}

@InputType()
export class ClusterOrder {
  @Field(() => ClusterOrderField) field!: ClusterOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC }) direction!: OrderDirection;
}

@ArgsType()
export class ClustersArgs extends PageArgs {
  @Field(() => ClusterFilter, { nullable: true }) filter?: ClusterFilter | null;
  @Field(() => ClusterOrder, { nullable: true, description: "Default: newest first." }) orderBy?: ClusterOrder | null;
}

/** The database filter for a cluster list: what the caller may see, narrowed by the arguments. */
export function clusterFilterFor(args: ClustersArgs, context: GraphQLContext): { filter: ClusterFilterQuery; sort: ClusterSort } {
  const filter = args.filter ?? {};
  return {
    filter: {
      visibleProjects: readableProjects(context.principal),
      projectId: filter.projectId ? argumentUuid(filter.projectId, "Project", ["filter", "projectId"]) : null,
      name: filter.name ?? null,
      nameContains: filter.nameContains ?? null,
      statuses: filter.status ?? null,
      templateId: filter.clusterTemplateId ? argumentUuid(filter.clusterTemplateId, "ClusterTemplate", ["filter", "clusterTemplateId"]) : null,
      coe: filter.coe ?? null,
    },
    sort: { field: args.orderBy?.field ?? "CREATED_AT", direction: args.orderBy?.direction ?? (args.orderBy ? "ASC" : "DESC") },
  };
}
