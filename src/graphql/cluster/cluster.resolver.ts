// Cluster queries, mutations and nested fields; thin: parse, call the domain, return.
import { canSee } from "../../domain/policy/index.js";
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { pageEventsOfCluster, pageOperationsOfCluster } from "../../db/queries/cluster-history.js";
import { CLUSTER_PROPERTIES, pageClusters } from "../../db/queries/clusters.js";
import { NODE_GROUP_PROPERTIES } from "../../db/queries/node-groups.js";
import { nodeFieldNodes, selectedProperties, type RowNeeds } from "../common/selected-properties.js";
import type { ClusterEventRow } from "../../db/schema/index.js";
import { ClusterEventObject, clusterEventObject } from "../cluster-event/cluster-event.type.js";
import type { ClusterRow, ClusterTemplateRow, NodeGroupRow } from "../../db/schema/index.js";
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

function templateOf(row: ClusterTemplateRow | undefined): ClusterTemplateObject {
  if (!row) throw notFoundError("cluster template");
  return templateObject(row);
}

function nodeGroupsLoader(context: GraphQLContext, properties: readonly string[] | undefined) {
  return properties ? context.loaders.nodeGroupsOfClusterReading(properties as string[]) : context.loaders.nodeGroupsOfCluster;
}

/**
 * A page of clusters whose answer reads each one's `template` or `nodeGroups` loads them here, through the
 * same loaders and so in the same one statement each, and hands them to the field resolvers, which then answer
 * without a promise (and its microtasks) per cluster: fifty of each in a portal's page (issue 13). What cannot be
 * told for sure from the selection (a directive anywhere under the nodes; `nodeGroups` selected more than once, as
 * its column list and page may differ), and any load that fails, is left to the field resolvers, which load as before.
 */
async function prefetchNested(clusters: ClusterObject[], info: GraphQLResolveInfo, context: GraphQLContext): Promise<void> {
  if (clusters.length === 0) return;
  const templateFields = nodeFieldNodes(info, "template");
  const groupFields = nodeFieldNodes(info, "nodeGroups");
  const loads: Promise<void>[] = [];
  if (templateFields?.length) {
    const ids = [...new Set(clusters.map((cluster) => cluster.templateId))];
    loads.push(
      context.loaders.template.loadMany(ids).then((rows) => {
        const byId = new Map(ids.map((id, index) => [id, rows[index]]));
        for (const cluster of clusters) {
          const row = byId.get(cluster.templateId);
          if (!(row instanceof Error)) (cluster.prefetched ??= {}).template = { row };
        }
      }),
    );
  }
  if (groupFields?.length === 1) {
    // As the field's own resolver will work it out (and cache it) for the same field node.
    const properties = selectedProperties({ fieldNodes: groupFields, schema: info.schema, fragments: info.fragments } as unknown as GraphQLResolveInfo, NODE_GROUP_ROW_NEEDS);
    loads.push(
      nodeGroupsLoader(context, properties)
        .loadMany(clusters.map((cluster) => cluster.uuid))
        .then((groups) => {
          clusters.forEach((cluster, index) => {
            const rows = groups[index];
            if (rows && !(rows instanceof Error)) (cluster.prefetched ??= {}).nodeGroups = { properties, rows };
          });
        }),
    );
  }
  // A failed load leaves its fields to their resolvers, which meet (and report) the failure themselves.
  await Promise.all(loads.map((load) => load.catch(() => undefined)));
}

@Resolver(() => ClusterObject)
export class ClusterResolver {
  @Query(() => ClusterConnection, { description: "Clusters the caller may see." })
  async clusters(@Args(() => ClustersArgs) args: ClustersArgs, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const { filter, sort } = clusterFilterFor(args, context);
    // The page's rows hold the columns the answer reads; they go to this answer's objects only (not to the loaders).
    const properties = selectedProperties(info, CLUSTER_ROW_NEEDS) as (keyof ClusterRow)[] | undefined;
    const { page, count } = await pageClusters(context.domain.db, filter, sort, args, properties);
    const connection = toConnection(page, clusterObject, count);
    await prefetchNested(connection.nodes, info, context);
    return connection;
  }

  @Query(() => ClusterObject, { description: "One cluster; NOT_FOUND when it does not exist or is not visible." })
  async cluster(@Arg("id", () => ID) id: string, @Ctx() context: GraphQLContext) {
    const row = await visibleCluster(context, argumentUuid(id, "Cluster", "id"));
    if (!row) throw notFoundError("cluster");
    return clusterObject(row);
  }

  @FieldResolver(() => ClusterTemplateObject, { description: "The template the cluster was built from (or upgraded to)." })
  template(@Root() cluster: ClusterObject, @Ctx() context: GraphQLContext): ClusterTemplateObject | Promise<ClusterTemplateObject> {
    // A cluster's template stays readable to those who see the cluster, even when hidden later.
    const prefetched = cluster.prefetched?.template;
    if (prefetched) return templateOf(prefetched.row);
    return context.loaders.template.load(cluster.templateId).then(templateOf);
  }

  @FieldResolver(() => ProjectObject)
  async project(@Root() cluster: ClusterObject, @Ctx() context: GraphQLContext) {
    const row = await context.loaders.project.load(cluster.projectId);
    if (!row) throw notFoundError("project");
    return projectObject(row);
  }

  @FieldResolver(() => NodeGroupConnection, { description: "Masters first, then workers, then extra groups." })
  nodeGroups(@Root() cluster: ClusterObject, @Args(() => PageArgs) args: PageArgs, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    // Narrowed to the columns the answer reads, as the clusters page is; the whole rows otherwise.
    const properties = selectedProperties(info, NODE_GROUP_ROW_NEEDS);
    const connectionOf = (rows: NodeGroupRow[]) => toConnection(pageInMemory(rows, args, "NODE_GROUP"), nodeGroupObject, async () => rows.length);
    const prefetched = cluster.prefetched?.nodeGroups;
    // The page loaded them for this very field (the same selection, so the same column list).
    if (prefetched && prefetched.properties === properties) return connectionOf(prefetched.rows);
    return nodeGroupsLoader(context, properties).load(cluster.uuid).then(connectionOf);
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
