// The Project type: the tenancy boundary.
import { Field, GraphQLISODateTime, ObjectType } from "type-graphql";
import type { ProjectRow } from "../../db/schema/index.js";
import { NodeInterface } from "../common/node.js";
import { toGlobalId } from "../common/global-id.js";

@ObjectType("Project", { implements: NodeInterface })
export class ProjectObject extends NodeInterface {
  @Field(() => String) uuid!: string;
  @Field(() => String) name!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

export function projectObject(row: ProjectRow): ProjectObject {
  return Object.assign(new ProjectObject(), { __typename: "Project", id: toGlobalId("Project", row.id), uuid: row.id, name: row.name, createdAt: row.createdAt, updatedAt: row.updatedAt });
}
