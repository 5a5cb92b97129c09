// Administration: projects, users, role bindings, API tokens and quotas; thin: parse ids, call the domain, return.
import { eq, inArray } from "drizzle-orm";
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { apiTokens, projects, roleBindings, users } from "../../db/schema/index.js";
import { canSee, readableProjects } from "../../domain/policy/index.js";
import { limitsOf, QUOTA_RESOURCES, usageOf, type QuotaResource as QuotaResourceName } from "../../domain/tenancy/quotas.js";
import { createApiToken, createProject, createRoleBinding, createUser, deleteRoleBinding, deleteUser, revokeApiToken, setQuota } from "../../domain/tenancy/tenancy.js";
import { uuidOf } from "../common/global-id.js";
import { argumentUuid, laterCheckedUuid, requireUuid } from "../common/input.js";
import { mayManageToken } from "../../domain/policy/tokens.js";
import type { GraphQLContext } from "../context.js";
import { asPayload, notFoundError } from "../errors.js";
import { ProjectObject, projectObject } from "../project/project.type.js";
import { sql } from "drizzle-orm";
import { nodeGroups } from "../../db/schema/index.js";
import {
  ApiTokenCreateInput,
  ApiTokenCreatePayload,
  ApiTokenRevokeInput,
  ApiTokenRevokePayload,
  ProjectCreateInput,
  ProjectCreatePayload,
  QuotaSetInput,
  QuotaSetPayload,
  RoleBindingCreateInput,
  RoleBindingCreatePayload,
  RoleBindingDeleteInput,
  RoleBindingDeletePayload,
  UserCreateInput,
  UserCreatePayload,
  UserDeleteInput,
  UserDeletePayload,
} from "./tenancy.input.js";
import { apiTokenObject, ApiTokenObject, Quota, RoleBindingObject, roleBindingObject, UserObject, userObject } from "./tenancy.type.js";

async function loadProject(context: GraphQLContext, uuid: string) {
  context.loaders.project.clear(uuid);
  const row = await context.loaders.project.load(uuid);
  return row ? projectObject(row) : null;
}

@Resolver(() => ProjectObject)
export class ProjectResolver {
  @Query(() => ProjectObject, { description: "One project the caller belongs to (any project for a global admin)." })
  async project(@Arg("id", () => ID) id: string, @Ctx() context: GraphQLContext) {
    const row = await context.loaders.project.load(argumentUuid(id, "Project", "id"));
    if (!row || !canSee(context.principal, "project", { projectId: row.id })) throw notFoundError("project");
    return projectObject(row);
  }

  @Query(() => [ProjectObject], { description: "The projects the caller may see, by name." })
  async projects(@Ctx() context: GraphQLContext) {
    const visible = readableProjects(context.principal);
    const rows = visible === null ? await context.domain.db.select().from(projects).orderBy(projects.name) : visible.length ? await context.domain.db.select().from(projects).where(inArray(projects.id, visible)).orderBy(projects.name) : [];
    return rows.map(projectObject);
  }

  @FieldResolver(() => [Quota], { description: "Limits and usage; the defaults apply where no quota was set." })
  async quotas(@Root() project: ProjectObject, @Ctx() context: GraphQLContext): Promise<Quota[]> {
    const { db } = context.domain;
    const [limits, usage, widest] = await Promise.all([
      limitsOf(db, project.uuid),
      usageOf(db, project.uuid),
      db
        .select({ most: sql<string>`coalesce(max(groups_per_cluster), 0)` })
        .from(db.select({ groups_per_cluster: sql<number>`count(*)`.as("groups_per_cluster") }).from(nodeGroups).where(eq(nodeGroups.projectId, project.uuid)).groupBy(nodeGroups.clusterId).as("per_cluster")),
    ]);
    const used: Record<QuotaResourceName, number> = { CLUSTERS: usage.CLUSTERS, NODES: usage.NODES, NODE_GROUPS_PER_CLUSTER: Number(widest[0]?.most ?? 0) };
    return QUOTA_RESOURCES.map((resource) => ({ resource, limit: limits[resource], used: used[resource] }));
  }

  @Mutation(() => ProjectCreatePayload, { description: "Global admins only." })
  projectCreate(@Arg("input", () => ProjectCreateInput) input: ProjectCreateInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const { result } = await createProject(context.domain, input, input.requestId);
      return { project: await loadProject(context, result.projectId!) };
    });
  }

  @Mutation(() => QuotaSetPayload, { description: "Global admins only." })
  quotaSet(@Arg("input", () => QuotaSetInput) input: QuotaSetInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const projectId = requireUuid(input.projectId, "Project", "projectId");
      await setQuota(context.domain, { projectId, resource: input.resource as QuotaResourceName, limit: input.limit });
      return { project: await loadProject(context, projectId) };
    });
  }
}

@Resolver(() => UserObject)
export class UserResolver {
  @Mutation(() => UserCreatePayload, { description: "Global admins and project admins." })
  userCreate(@Arg("input", () => UserCreateInput) input: UserCreateInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const { result } = await createUser(context.domain, input, input.requestId);
      const [row] = await context.domain.db.select().from(users).where(eq(users.id, result.userId!));
      return { user: row ? userObject(row) : null };
    });
  }

  @Mutation(() => UserDeletePayload, { description: "Global admins only. Removes the user's role bindings and tokens; its open WebSockets close with 4401." })
  userDelete(@Arg("input", () => UserDeleteInput) input: UserDeleteInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      await deleteUser(context.domain, laterCheckedUuid(input.id, "User"));
      return { deletedUserId: input.id };
    });
  }

  @FieldResolver(() => [ApiTokenObject], { description: "The tokens the caller may manage: its own, those it minted, those that can act in a project it administers (all for a global admin)." })
  async apiTokens(@Root() user: UserObject, @Ctx() context: GraphQLContext) {
    const [rows, bindings] = await Promise.all([
      context.domain.db.select().from(apiTokens).where(eq(apiTokens.userId, user.uuid)).orderBy(apiTokens.createdAt),
      context.domain.db.select({ projectId: roleBindings.projectId }).from(roleBindings).where(eq(roleBindings.userId, user.uuid)),
    ]);
    const userProjects = bindings.map((binding) => binding.projectId);
    return rows.filter((row) => mayManageToken(context.principal, row, userProjects)).map(apiTokenObject);
  }

  @Mutation(() => ApiTokenCreatePayload, { description: "The token is in this payload only; store it now." })
  apiTokenCreate(@Arg("input", () => ApiTokenCreateInput) input: ApiTokenCreateInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const userId = requireUuid(input.userId, "User", "userId");
      const projectIds = input.projectIds ? input.projectIds.map((id) => laterCheckedUuid(id, "Project")) : null;
      const { apiTokenId, token, audit } = await createApiToken(context.domain, { userId, name: input.name, expiresAt: input.expiresAt ?? null, projectIds, maxRole: input.maxRole ?? null });
      context.auditDetails = audit;
      const [row] = await context.domain.db.select().from(apiTokens).where(eq(apiTokens.id, apiTokenId));
      return { token, apiToken: row ? apiTokenObject(row) : null };
    });
  }

  @Mutation(() => ApiTokenRevokePayload)
  apiTokenRevoke(@Arg("input", () => ApiTokenRevokeInput) input: ApiTokenRevokeInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const id = requireUuid(input.id, "ApiToken", "id");
      await revokeApiToken(context.domain, id);
      const [row] = await context.domain.db.select().from(apiTokens).where(eq(apiTokens.id, id));
      return { apiToken: row ? apiTokenObject(row) : null };
    });
  }
}

@Resolver(() => RoleBindingObject)
export class RoleBindingResolver {
  @FieldResolver(() => UserObject)
  async user(@Root() binding: RoleBindingObject, @Ctx() context: GraphQLContext) {
    const [row] = await context.domain.db.select().from(users).where(eq(users.id, binding.userId));
    if (!row) throw notFoundError("user");
    return userObject(row);
  }

  @FieldResolver(() => ProjectObject)
  async project(@Root() binding: RoleBindingObject, @Ctx() context: GraphQLContext) {
    const row = await context.loaders.project.load(binding.projectId);
    if (!row) throw notFoundError("project");
    return projectObject(row);
  }

  @Mutation(() => RoleBindingCreatePayload, { description: "Admins of the project (or global admins)." })
  roleBindingCreate(@Arg("input", () => RoleBindingCreateInput) input: RoleBindingCreateInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      // The project is authorized first; a malformed user id is NOT_FOUND only after that.
      const userId = laterCheckedUuid(input.userId, "User");
      const projectId = requireUuid(input.projectId, "Project", "projectId");
      const { result } = await createRoleBinding(context.domain, { userId, projectId, role: input.role }, input.requestId);
      const [row] = await context.domain.db.select().from(roleBindings).where(eq(roleBindings.id, result.roleBindingId!));
      return { roleBinding: row ? roleBindingObject(row) : null };
    });
  }

  @Mutation(() => RoleBindingDeletePayload)
  roleBindingDelete(@Arg("input", () => RoleBindingDeleteInput) input: RoleBindingDeleteInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      await deleteRoleBinding(context.domain, requireUuid(input.id, "RoleBinding", "id"), input.requestId);
      return { deletedRoleBindingId: input.id };
    });
  }
}
