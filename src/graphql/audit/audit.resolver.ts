// The audit log query: global admins see everything, project admins their projects' entries.
import { and, eq, inArray, type SQL } from "drizzle-orm";
import { Args, ArgsType, Ctx, Field, GraphQLISODateTime, ID, InputType, ObjectType, Query, Resolver } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import { countRows, paginate } from "../../db/queries/pagination.js";
import { auditEvents, type AuditEventRow } from "../../db/schema/index.js";
import { allowed } from "../../domain/policy/index.js";
import { ConnectionType, toConnection } from "../common/connection.js";
import { toGlobalId } from "../common/global-id.js";
import { argumentUuid } from "../common/input.js";
import { PageArgs } from "../common/paging.js";
import type { GraphQLContext } from "../context.js";
import { topLevelError } from "../errors.js";

@ObjectType("AuditEvent")
export class AuditEventObject {
  @Field(() => String) cursor!: string;
  @Field(() => GraphQLISODateTime) occurredAt!: Date;
  @Field(() => String, { description: "Who: the user's id (or admin)." }) principalId!: string;
  @Field(() => String) principalName!: string;
  @Field(() => ID, { nullable: true }) projectId!: string | null;
  @Field(() => String) mutation!: string;
  @Field(() => ID, { nullable: true, description: "The object acted on." }) objectId!: string | null;
  @Field(() => String, { description: "SUCCEEDED, REFUSED or FAILED." }) outcome!: string;
  @Field(() => GraphQLJSONObject) details!: Record<string, unknown>;
}

@InputType()
export class AuditEventFilter {
  @Field(() => ID, { nullable: true }) projectId?: string | null;
  @Field(() => String, { nullable: true }) mutation?: string | null;
  @Field(() => String, { nullable: true }) principalName?: string | null;
}

@ArgsType()
export class AuditEventsArgs extends PageArgs {
  @Field(() => AuditEventFilter, { nullable: true }) filter?: AuditEventFilter | null;
}

export const AuditEventConnection = ConnectionType("AuditEvent", AuditEventObject);

function auditEventObject(row: AuditEventRow): AuditEventObject {
  return Object.assign(new AuditEventObject(), {
    ...row,
    cursor: row.id.toString(),
    projectId: row.projectId ? toGlobalId("Project", row.projectId) : null,
  });
}

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: "Newest first. Global admins see every entry; project admins their projects'." })
  async auditEvents(@Args(() => AuditEventsArgs) args: AuditEventsArgs, @Ctx() context: GraphQLContext) {
    const { principal } = context;
    const conditions: (SQL | undefined)[] = [];
    if (!allowed(principal, "audit", "readAll", { projectId: null })) {
      const administered = [...principal.projectRoles.entries()].filter(([projectId]) => allowed(principal, "audit", "read", { projectId })).map(([projectId]) => projectId);
      if (administered.length === 0) throw topLevelError("FORBIDDEN", "the audit log is for project admins and global admins");
      conditions.push(inArray(auditEvents.projectId, administered));
    }
    const filter = args.filter ?? {};
    if (filter.projectId) conditions.push(eq(auditEvents.projectId, argumentUuid(filter.projectId, "Project", ["filter", "projectId"])));
    if (filter.mutation) conditions.push(eq(auditEvents.mutation, filter.mutation));
    if (filter.principalName) conditions.push(eq(auditEvents.principalName, filter.principalName));
    const where = and(...conditions);
    const page = await paginate<AuditEventRow & Record<string, unknown>>(context.domain.db, auditEvents, auditEvents.id, where, { name: "ID_DESC", column: auditEvents.id, kind: "bigint", direction: "DESC", idKind: "bigint" }, "id", args);
    return toConnection(page, (row) => auditEventObject(row as AuditEventRow), () => countRows(context.domain.db, auditEvents, where));
  }
}
