// Cluster queries, mutations and nested fields; thin: parse, call the domain, return.
import { canSee } from "../../domain/policy/index.js";
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { pageEventsOfCluster, pageOperationsOfCluster } from "../../db/queries/cluster-history.js";
import { CLUSTER_PROPERTIES, pageClusters } from "../../db/queries/clusters.js";
import { NODE_GROUP_PROPERTIES } from "../../db/queries/node-groups.js";
import { selectedProperties, type RowNeeds } from "../common/selected-properties.js";
import type { ClusterEventRow } from "../../db/schema/index.js";
import { ClusterEventObject, clusterEventObject } from "../cluster-event/cluster-event.type.js";
import type { ClusterRow } from "../../db/schema/index.js";
import { createCluster } from "../../domain/clusters/clusters.js";
import { ClusterTemplateObject, templateObject } from "../cluster-template/cluster-template.type.js";
import { ConnectionType, toConnection } from "../common/connection.js";
import { pageInMemory } from "../common/in-memory-page.js";
import { argumentUuid, laterCheckedUuid, presentFields, requireUuid } from "../common/input.js";
import { PageArgs } from "../common/paging.js";
import type { GraphQLContext } from "../context.js";
import { asPayload, notFoundError } from "../errors.js";
import { NodeGroupObject, nodeGroupObject } from "../node-group/node-group.type.js";
import { OperationObject, operationObject } from "../operation/operation.type.js";
import { ProjectObject, projectObject } from "../project/project.type.js";
import { ClusterConnection, ClustersArgs, clusterFilterFor } from "./cluster.args.js";
import { ClusterCreateInput } from "./cluster.input.js";
import { ClusterCreatePayload } from "./cluster.payload.js";
import { ClusterObject, clusterObject } from "./cluster.type.js";

export const NodeGroupConnection = ConnectionType("NodeGroup", NodeGroupObject);
export const OperationConnection = ConnectionType("Operation", OperationObject);
export const ClusterEventConnection = ConnectionType("ClusterEvent", ClusterEventObject);

/** A cluster the caller may see, or undefined: invisible and missing look the same. */
export async function visibleCluster(context: GraphQLContext, uuid: string): Promise<ClusterRow | undefined> {
  const row = await context.loaders.cluster.load(uuid);
  return row && canSee(context.principal, "cluster", row) ? row : undefined;
}

/** What a Cluster's fields read of its row, for a page narrowed to the columns its answer needs (selectedProperties). */
const CLUSTER_ROW_NEEDS: RowNeeds = {
  typeName: "Cluster",
  rowProperties: CLUSTER_PROPERTIES,
  plainFrom: { id: ["id"], uuid: ["id"] },
  // The resolvers of this file that read the row: the template and project by their ids, the rest by the cluster's id.
  // Any other resolver (certificates, conditions, kubeconfig, …) reads the whole row.
  resolverNeeds: { template: ["templateId"], project: ["projectId"], nodeGroups: ["id"], currentOperation: ["id"], operations: ["id"], events: ["id"] },
};

/** What a NodeGroup's fields read of its row: its plain fields only here; a field with a resolver reads the whole row. */
const NODE_GROUP_ROW_NEEDS: RowNeeds = { typeName: "NodeGroup", rowProperties: NODE_GROUP_PROPERTIES, plainFrom: { id: ["id"], uuid: ["id"] }, resolverNeeds: {} };

@Resolver(() => ClusterObject)
export class ClusterResolver {
  @Query(() => ClusterConnection, { description: "Clusters the caller may see." })
  async clusters(@Args(() => ClustersArgs) args: ClustersArgs, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const { filter, sort } = clusterFilterFor(args, context);
    // The page's rows hold the columns the answer reads; they go to this answer's objects only (not to the loaders).
    const properties = selectedProperties(info, CLUSTER_ROW_NEEDS) as (keyof ClusterRow)[] | undefined;
    const { page, count } = await pageClusters(context.domain.db, filter, sort, args, properties);
    return toConnection(page, clusterObject, count);
  }

  @Query(() => ClusterObject, { description: "One cluster; NOT_FOUND when it does not exist or is not visible." })
  async cluster(@Arg("id", () => ID) id: string, @Ctx() context: GraphQLContext) {
    const row = await visibleCluster(context, argumentUuid(id, "Cluster", "id"));
    if (!row) throw notFoundError("cluster");
    return clusterObject(row);
  }

  @FieldResolver(() => ClusterTemplateObject, { description: "The template the cluster was built from (or upgraded to)." })
  async template(@Root() cluster: ClusterObject, @Ctx() context: GraphQLContext) {
    // A cluster's template stays readable to those who see the cluster, even when hidden later.
    const row = await context.loaders.template.load(cluster.templateId);
    if (!row) throw notFoundError("cluster template");
    return templateObject(row);
  }

  @FieldResolver(() => ProjectObject)
  async project(@Root() cluster: ClusterObject, @Ctx() context: GraphQLContext) {
    const row = await context.loaders.project.load(cluster.projectId);
    if (!row) throw notFoundError("project");
    return projectObject(row);
  }

  @FieldResolver(() => NodeGroupConnection, { description: "Masters first, then workers, then extra groups." })
  async nodeGroups(@Root() cluster: ClusterObject, @Args(() => PageArgs) args: PageArgs, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    // Narrowed to the columns the answer reads, as the clusters page is; the whole rows otherwise.
    const properties = selectedProperties(info, NODE_GROUP_ROW_NEEDS);
    const rows = await (properties ? context.loaders.nodeGroupsOfClusterReading(properties) : context.loaders.nodeGroupsOfCluster).load(cluster.uuid);
    return toConnection(pageInMemory(rows, args, "NODE_GROUP"), nodeGroupObject, async () => rows.length);
  }

  @FieldResolver(() => OperationObject, { nullable: true, description: "The operation now changing the cluster, if any." })
  async currentOperation(@Root() cluster: ClusterObject, @Ctx() context: GraphQLContext) {
    const [newest] = await context.loaders.activeOperationsOfCluster.load(cluster.uuid);
    return newest ? operationObject(newest) : null;
  }

  @FieldResolver(() => OperationConnection, { description: "The cluster's operations, newest first (one statement per cluster: read it on one cluster, not across a list)." })
  async operations(@Root() cluster: ClusterObject, @Args(() => PageArgs) args: PageArgs, @Ctx() context: GraphQLContext) {
    const { page, count } = await pageOperationsOfCluster(context.domain.db, cluster.uuid, args);
    return toConnection(page, operationObject, count);
  }

  @FieldResolver(() => ClusterEventConnection, { description: "The cluster's recorded events, newest first; subscribe to clusterEvents for live ones." })
  async events(@Root() cluster: ClusterObject, @Args(() => PageArgs) args: PageArgs, @Ctx() context: GraphQLContext) {
    const { page, count } = await pageEventsOfCluster(context.domain.db, cluster.uuid, args);
    return toConnection(page, (row) => clusterEventObject(row as ClusterEventRow), count);
  }

  @Mutation(() => ClusterCreatePayload, { description: "Records the cluster in CREATE_IN_PROGRESS and returns at once." })
  async clusterCreate(@Arg("input", () => ClusterCreateInput) input: ClusterCreateInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const clusterTemplateId = laterCheckedUuid(input.clusterTemplateId, "ClusterTemplate");
      const projectId = input.projectId ? requireUuid(input.projectId, "Project", "projectId") : null;
      const request = presentFields(input, ["requestId", "projectId", "clusterTemplateId"], true);
      const { result } = await createCluster(context.domain, { ...request, clusterTemplateId, projectId }, { requestId: input.requestId, homeProjectId: context.homeProjectId });
      const [cluster, operation] = await Promise.all([
        result.clusterId ? context.loaders.cluster.load(result.clusterId) : undefined,
        result.operationId ? context.loaders.operation.load(result.operationId) : undefined,
      ]);
      return { cluster: cluster ? clusterObject(cluster) : null, operation: operation ? operationObject(operation) : null };
    });
  }
}
