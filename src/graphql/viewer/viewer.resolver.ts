// The viewer query: who the caller is and what it may do.
import { Ctx, Field, ID, ObjectType, Query, Resolver } from "type-graphql";
import { policyRows } from "../../domain/policy/index.js";
import { toGlobalId } from "../common/global-id.js";
import { projectsByIds } from "../../db/queries/projects.js";
import type { GraphQLContext } from "../context.js";
import { ProjectObject, projectObject } from "../project/project.type.js";

@ObjectType()
export class ViewerUser {
  @Field(() => ID, { nullable: true, description: "Null for the operator's admin token, which is no user." }) id!: string | null;
  @Field(() => String) name!: string;
}

@ObjectType({ description: "One row of the policy table: who may do an action on a resource." })
export class PolicyRule {
  @Field(() => String) resource!: string;
  @Field(() => String) action!: string;
  @Field(() => String) rule!: string;
}

@ObjectType()
export class ProjectRoleBinding {
  @Field(() => ProjectObject) project!: ProjectObject;
  @Field(() => String, { description: "ADMIN, MEMBER or READER." }) role!: string;
}

@ObjectType()
export class Viewer {
  @Field(() => ViewerUser) user!: ViewerUser;
  @Field(() => Boolean, { description: "Administers every project." }) isGlobalAdmin!: boolean;
  @Field(() => [ProjectRoleBinding]) projectRoles!: ProjectRoleBinding[];
  @Field(() => [PolicyRule], { description: "The policy every request is checked against, as documentation." }) policy!: PolicyRule[];
}

@Resolver()
export class ViewerResolver {
  @Query(() => Viewer)
  async viewer(@Ctx() context: GraphQLContext): Promise<Viewer> {
    const { principal } = context;
    const projects = await projectsByIds(context.domain.db, [...principal.projectRoles.keys()]);
    return {
      user: { id: principal.isGlobalAdmin && principal.id === "admin" ? null : toGlobalId("User", principal.id), name: principal.name },
      policy: policyRows(),
      isGlobalAdmin: principal.isGlobalAdmin,
      projectRoles: projects.map((project) => ({ project: projectObject(project), role: principal.projectRoles.get(project.id) ?? "READER" })),
    };
  }
}
