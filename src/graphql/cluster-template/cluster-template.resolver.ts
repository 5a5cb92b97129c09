// Cluster template queries, mutations and nested fields; thin: parse, call the domain, return.
import { canSee, readableProjects } from "../../domain/policy/index.js";
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { pageClusterTemplates } from "../../db/queries/cluster-templates.js";
import { createClusterTemplate, deleteClusterTemplate, updateClusterTemplate } from "../../domain/cluster-templates/cluster-templates.js";
import { ClusterConnection, ClustersArgs, clusterFilterFor } from "../cluster/cluster.args.js";
import { clusterObject } from "../cluster/cluster.type.js";
import { ConnectionType, toConnection } from "../common/connection.js";
import { argumentUuid, presentFields, requireUuid } from "../common/input.js";
import type { GraphQLContext } from "../context.js";
import { asPayload, notFoundError } from "../errors.js";
import { ProjectObject, projectObject } from "../project/project.type.js";
import { ClusterTemplateCreateInput, ClusterTemplateDeleteInput, ClusterTemplatesArgs, ClusterTemplateUpdateInput } from "./cluster-template.input.js";
import { ClusterTemplateCreatePayload, ClusterTemplateDeletePayload, ClusterTemplateUpdatePayload } from "./cluster-template.payload.js";
import { ClusterTemplateObject, templateObject } from "./cluster-template.type.js";

export const ClusterTemplateConnection = ConnectionType("ClusterTemplate", ClusterTemplateObject);

/** A template the caller may see, or undefined: invisible and missing look the same. */
export async function visibleTemplate(context: GraphQLContext, uuid: string) {
  const row = await context.loaders.template.load(uuid);
  return row && canSee(context.principal, "clusterTemplate", row) ? row : undefined;
}

@Resolver(() => ClusterTemplateObject)
export class ClusterTemplateResolver {
  @Query(() => ClusterTemplateConnection, { description: "Templates the caller may use: its projects' and public ones." })
  async clusterTemplates(@Args(() => ClusterTemplatesArgs) args: ClusterTemplatesArgs, @Ctx() context: GraphQLContext) {
    const filter = args.filter ?? {};
    const projectId = filter.projectId ? argumentUuid(filter.projectId, "Project", ["filter", "projectId"]) : null;
    const { page, count } = await pageClusterTemplates(
      context.domain.db,
      {
        visibleProjects: readableProjects(context.principal),
        includeHidden: context.principal.isGlobalAdmin,
        projectId,
        name: filter.name,
        nameContains: filter.nameContains,
        coe: filter.coe,
        public: filter.public,
      },
      { field: args.orderBy?.field ?? "CREATED_AT", direction: args.orderBy?.direction ?? (args.orderBy ? "ASC" : "DESC") },
      args,
    );
    return toConnection(page, templateObject, count);
  }

  @Query(() => ClusterTemplateObject, { description: "One template; NOT_FOUND when it does not exist or is not visible." })
  async clusterTemplate(@Arg("id", () => ID) id: string, @Ctx() context: GraphQLContext) {
    const row = await visibleTemplate(context, argumentUuid(id, "ClusterTemplate", "id"));
    if (!row) throw notFoundError("cluster template");
    return templateObject(row);
  }

  @FieldResolver(() => ProjectObject, { nullable: true, description: "Null for a public template of a project the caller does not belong to." })
  async project(@Root() template: ClusterTemplateObject, @Ctx() context: GraphQLContext) {
    if (!canSee(context.principal, "project", { projectId: template.projectId })) return null;
    const row = await context.loaders.project.load(template.projectId);
    return row ? projectObject(row) : null;
  }

  @FieldResolver(() => ClusterConnection, { description: "Clusters built from this template that the caller may see." })
  async clusters(@Root() template: ClusterTemplateObject, @Args(() => ClustersArgs) args: ClustersArgs, @Ctx() context: GraphQLContext) {
    const { filter, sort } = clusterFilterFor(args, context);
    const page = await context.loaders.clustersOfTemplate.load({ templateId: template.uuid, filter, sort, page: { first: args.first, after: args.after, last: args.last, before: args.before } });
    return toConnection(page, clusterObject, () => context.loaders.clusterCountOfTemplate.load({ templateId: template.uuid, filter }));
  }

  @Mutation(() => ClusterTemplateCreatePayload)
  async clusterTemplateCreate(@Arg("input", () => ClusterTemplateCreateInput) input: ClusterTemplateCreateInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const projectId = input.projectId ? requireUuid(input.projectId, "Project", "projectId") : null;
      const fields = presentFields(input, ["requestId", "projectId"], true);
      const { result } = await createClusterTemplate(context.domain, { ...fields, projectId }, { requestId: input.requestId, homeProjectId: context.homeProjectId });
      return { clusterTemplate: await this.reload(context, result.clusterTemplateId) };
    });
  }

  @Mutation(() => ClusterTemplateUpdatePayload)
  async clusterTemplateUpdate(@Arg("input", () => ClusterTemplateUpdateInput) input: ClusterTemplateUpdateInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const uuid = requireUuid(input.id, "ClusterTemplate", "id");
      const patch = presentFields(input, ["id", "requestId", "expectedVersion"], false);
      const { result } = await updateClusterTemplate(context.domain, uuid, patch, { requestId: input.requestId, expectedVersion: input.expectedVersion, homeProjectId: context.homeProjectId });
      return { clusterTemplate: await this.reload(context, result.clusterTemplateId) };
    });
  }

  @Mutation(() => ClusterTemplateDeletePayload)
  async clusterTemplateDelete(@Arg("input", () => ClusterTemplateDeleteInput) input: ClusterTemplateDeleteInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const uuid = requireUuid(input.id, "ClusterTemplate", "id");
      await deleteClusterTemplate(context.domain, uuid, { requestId: input.requestId, expectedVersion: input.expectedVersion, homeProjectId: context.homeProjectId });
      return { deletedClusterTemplateId: input.id };
    });
  }

  private async reload(context: GraphQLContext, uuid: string | null | undefined) {
    if (!uuid) return null;
    context.loaders.template.clear(uuid);
    const row = await context.loaders.template.load(uuid);
    return row ? templateObject(row) : null;
  }
}
