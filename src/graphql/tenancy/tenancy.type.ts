// Types of identity and tenancy: users, role bindings, API tokens (never their secret), quotas.
import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import type { ApiTokenRow, RoleBindingRow, UserRow } from "../../db/schema/index.js";
import { QUOTA_RESOURCES } from "../../domain/tenancy/quotas.js";
import { toGlobalId } from "../common/global-id.js";
import { NodeInterface } from "../common/node.js";

export enum ProjectRole {
  ADMIN = "ADMIN",
  MEMBER = "MEMBER",
  READER = "READER",
}
registerEnumType(ProjectRole, { name: "ProjectRole" });

export const QuotaResource = Object.fromEntries(QUOTA_RESOURCES.map((value) => [value, value])) as { [Key in (typeof QUOTA_RESOURCES)[number]]: Key };
registerEnumType(QuotaResource, { name: "QuotaResource" });

@ObjectType("User", { implements: NodeInterface })
export class UserObject extends NodeInterface {
  @Field(() => String) uuid!: string;
  @Field(() => String) name!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType("RoleBinding", { implements: NodeInterface })
export class RoleBindingObject extends NodeInterface {
  @Field(() => ProjectRole) role!: ProjectRole;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  userId!: string;
  projectId!: string;
}

@ObjectType("ApiToken", { implements: NodeInterface, description: "An API token; its secret is shown once, by apiTokenCreate, and never stored." })
export class ApiTokenObject extends NodeInterface {
  @Field(() => String) name!: string;
  @Field(() => String, { description: "The first characters of the token, to tell tokens apart." }) prefix!: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) expiresAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) revokedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: "Recorded in batches: up to TURNKEY_TOKEN_LAST_USED_FLUSH_MS (5 s) behind." }) lastUsedAt!: Date | null;
  @Field(() => [ID], { nullable: true, description: "The projects the token may act in (its rights there are its user's current roles, capped by maxRole); null: every project of its user." })
  projectIds!: string[] | null;
  @Field(() => ProjectRole, { nullable: true, description: "The highest role the token acts with; null: no cap." }) maxRole!: ProjectRole | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  userId!: string;
}

@ObjectType()
export class Quota {
  @Field(() => QuotaResource) resource!: string;
  @Field(() => Int) limit!: number;
  @Field(() => Int, { description: "For NODE_GROUPS_PER_CLUSTER: the most any one cluster has." }) used!: number;
}

export function userObject(row: UserRow): UserObject {
  return Object.assign(new UserObject(), { __typename: "User", id: toGlobalId("User", row.id), uuid: row.id, name: row.name, createdAt: row.createdAt });
}

export function roleBindingObject(row: RoleBindingRow): RoleBindingObject {
  return Object.assign(new RoleBindingObject(), { __typename: "RoleBinding", id: toGlobalId("RoleBinding", row.id), role: row.role as ProjectRole, createdAt: row.createdAt, userId: row.userId, projectId: row.projectId });
}

export function apiTokenObject(row: ApiTokenRow): ApiTokenObject {
  return Object.assign(new ApiTokenObject(), {
    __typename: "ApiToken",
    id: toGlobalId("ApiToken", row.id),
    name: row.name,
    prefix: row.prefix,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    projectIds: row.projectIds ? row.projectIds.map((projectId) => toGlobalId("Project", projectId)) : null,
    maxRole: (row.maxRole as ProjectRole | null) ?? null,
    createdAt: row.createdAt,
    userId: row.userId,
  });
}
