// Operations as first-class objects, as GKE's are: listed across what the caller may see, and cancelled.
import { and, eq, inArray, type SQL } from "drizzle-orm";
import { Arg, Args, ArgsType, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { countRows, paginate } from "../../db/queries/pagination.js";
import { operations, type OperationRow } from "../../db/schema/index.js";
import { cancelOperation } from "../../domain/clusters/operation-cancel.js";
import { readableProjects } from "../../domain/policy/index.js";
import { ClusterObject, clusterObject } from "../cluster/cluster.type.js";
import { OperationConnection } from "../cluster/cluster.resolver.js";
import { toConnection } from "../common/connection.js";
import { OperationStatus, OperationType } from "../common/enums.js";
import { argumentUuid, requireUuid } from "../common/input.js";
import { PageArgs } from "../common/paging.js";
import { UserError } from "../common/user-error.js";
import type { GraphQLContext } from "../context.js";
import { asPayload } from "../errors.js";
import { OperationObject, operationObject } from "./operation.type.js";

@InputType()
export class OperationFilter {
  @Field(() => ID, { nullable: true }) projectId?: string | null;
  @Field(() => ID, { nullable: true }) clusterId?: string | null;
  @Field(() => [OperationType], { nullable: true, description: "Any of these types." }) type?: string[] | null;
  @Field(() => [OperationStatus], { nullable: true, description: "Any of these statuses." }) status?: string[] | null;
}

@ArgsType()
export class OperationsArgs extends PageArgs {
  @Field(() => OperationFilter, { nullable: true }) filter?: OperationFilter | null;
}

@InputType()
export class OperationCancelInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: "Repeat a request safely: the same requestId returns the first result." }) requestId?: string | null;
}

@ObjectType()
export class OperationCancelPayload {
  @Field(() => OperationObject, { nullable: true }) operation?: OperationObject | null;
  @Field(() => ClusterObject, { nullable: true }) cluster?: ClusterObject | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

// Matches nothing: the caller's filter named a project it may not see.
const NOTHING = "00000000-0000-0000-0000-000000000000";

@Resolver()
export class OperationsResolver {
  @Query(() => OperationConnection, { description: "Operations of every project the caller may see, newest first; deleted clusters' operations stay as history." })
  async operations(@Args(() => OperationsArgs) args: OperationsArgs, @Ctx() context: GraphQLContext) {
    const filter = args.filter ?? {};
    const visible = readableProjects(context.principal);
    const conditions: (SQL | undefined)[] = [];
    if (visible !== null) conditions.push(inArray(operations.projectId, visible.length > 0 ? visible : [NOTHING]));
    if (filter.projectId) conditions.push(eq(operations.projectId, argumentUuid(filter.projectId, "Project", ["filter", "projectId"])));
    if (filter.clusterId) conditions.push(eq(operations.clusterId, argumentUuid(filter.clusterId, "Cluster", ["filter", "clusterId"])));
    if (filter.type?.length) conditions.push(inArray(operations.type, filter.type));
    if (filter.status?.length) conditions.push(inArray(operations.status, filter.status));
    const where = and(...conditions);
    const page = await paginate<OperationRow>(context.domain.db, operations, operations.id, where, { name: "CREATED_AT_DESC", column: operations.createdAt, kind: "timestamp", direction: "DESC" }, "createdAt", args);
    return toConnection(page, operationObject, () => countRows(context.domain.db, operations, where));
  }

  @Mutation(() => OperationCancelPayload, { description: "Stops a running create, update, resize or upgrade; the cluster goes to CREATE_FAILED or UPDATE_FAILED with \"… cancelled by <you>\", recoverable as after a failure." })
  operationCancel(@Arg("input", () => OperationCancelInput) input: OperationCancelInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const result = await cancelOperation(context.domain, requireUuid(input.id, "Operation", "id"), input);
      context.loaders.operation.clearAll();
      context.loaders.cluster.clearAll();
      const [operation, cluster] = await Promise.all([context.loaders.operation.load(result.operationId!), context.loaders.cluster.load(result.clusterId!)]);
      return { operation: operation ? operationObject(operation) : null, cluster: cluster ? clusterObject(cluster) : null };
    });
  }
}

