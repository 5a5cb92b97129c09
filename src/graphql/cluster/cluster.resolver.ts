// Cluster queries, mutations and nested fields; thin: parse, call the domain, return.
import { canSee } from "../../domain/policy/index.js";
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { pageEventsOfCluster, pageOperationsOfCluster } from "../../db/queries/cluster-history.js";
import { pageClusters } from "../../db/queries/clusters.js";
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

@Resolver(() => ClusterObject)
export class ClusterResolver {
  @Query(() => ClusterConnection, { description: "Clusters the caller may see." })
  async clusters(@Args(() => ClustersArgs) args: ClustersArgs, @Ctx() context: GraphQLContext) {
    const { filter, sort } = clusterFilterFor(args, context);
    const { page, count } = await pageClusters(context.domain.db, filter, sort, args);
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
  async nodeGroups(@Root() cluster: ClusterObject, @Args(() => PageArgs) args: PageArgs, @Ctx() context: GraphQLContext) {
    const rows = await context.loaders.nodeGroupsOfCluster.load(cluster.uuid);
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
