// Inputs and payloads of the administration mutations.
import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from "type-graphql";
import { UserError } from "../common/user-error.js";
import { ProjectObject } from "../project/project.type.js";
import { ApiTokenObject, ProjectRole, QuotaResource, RoleBindingObject, UserObject } from "./tenancy.type.js";

@InputType()
export class ProjectCreateInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}

@InputType()
export class UserCreateInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}

@InputType()
export class UserDeleteInput {
  @Field(() => ID) id!: string;
}

@ObjectType()
export class UserDeletePayload {
  @Field(() => ID, { nullable: true }) deletedUserId?: string | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType()
export class RoleBindingCreateInput {
  @Field(() => ID) userId!: string;
  @Field(() => ID) projectId!: string;
  @Field(() => ProjectRole) role!: ProjectRole;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}

@InputType()
export class RoleBindingDeleteInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}

@InputType()
export class ApiTokenCreateInput {
  @Field(() => ID) userId!: string;
  @Field(() => String) name!: string;
  @Field(() => GraphQLISODateTime, { nullable: true, description: "Default: never expires." }) expiresAt?: Date | null;
  @Field(() => [ID], {
    nullable: true,
    description:
      "The projects the token may act in. Default: for your own token, the projects you act in now; for another user's, the one project you administer and they belong to. Only a global admin mints unscoped tokens (null).",
  })
  projectIds?: string[] | null;
  @Field(() => ProjectRole, { nullable: true, description: "The highest role the token acts with, whatever its user holds. Default: no cap (or the cap of the token you call with)." })
  maxRole?: ProjectRole | null;
}

@InputType()
export class ApiTokenRevokeInput {
  @Field(() => ID) id!: string;
}

@InputType()
export class QuotaSetInput {
  @Field(() => ID) projectId!: string;
  @Field(() => QuotaResource) resource!: string;
  @Field(() => Int) limit!: number;
}

@ObjectType()
export class ProjectCreatePayload {
  @Field(() => ProjectObject, { nullable: true }) project?: ProjectObject | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class UserCreatePayload {
  @Field(() => UserObject, { nullable: true }) user?: UserObject | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class RoleBindingCreatePayload {
  @Field(() => RoleBindingObject, { nullable: true }) roleBinding?: RoleBindingObject | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class RoleBindingDeletePayload {
  @Field(() => ID, { nullable: true }) deletedRoleBindingId?: string | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class ApiTokenCreatePayload {
  @Field(() => String, { nullable: true, description: "The secret: shown now and never again." }) token?: string | null;
  @Field(() => ApiTokenObject, { nullable: true }) apiToken?: ApiTokenObject | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class ApiTokenRevokePayload {
  @Field(() => ApiTokenObject, { nullable: true }) apiToken?: ApiTokenObject | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class QuotaSetPayload {
  @Field(() => ProjectObject, { nullable: true }) project?: ProjectObject | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
