// The viewer query: who the caller is and what it may do.
import { Ctx, Field, ObjectType, Query, Resolver } from "type-graphql";
import { projectsByIds } from "../../db/queries/projects.js";
import type { GraphQLContext } from "../context.js";
import { ProjectObject, projectObject } from "../project/project.type.js";

@ObjectType()
export class ViewerUser {
  @Field(() => String) name!: string;
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
}

@Resolver()
export class ViewerResolver {
  @Query(() => Viewer)
  async viewer(@Ctx() context: GraphQLContext): Promise<Viewer> {
    const { principal } = context;
    const projects = await projectsByIds(context.domain.db, [...principal.projectRoles.keys()]);
    return {
      user: { name: principal.name },
      isGlobalAdmin: principal.isGlobalAdmin,
      projectRoles: projects.map((project) => ({ project: projectObject(project), role: principal.projectRoles.get(project.id) ?? "READER" })),
    };
  }
}
