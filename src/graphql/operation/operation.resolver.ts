// Operation query and nested fields.
import { canSee } from "../../domain/policy/index.js";
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { clusterObject, ClusterObject } from "../cluster/cluster.type.js";
import { argumentUuid } from "../common/input.js";
import type { GraphQLContext } from "../context.js";
import { notFoundError } from "../errors.js";
import { OperationObject, operationObject } from "./operation.type.js";

@Resolver(() => OperationObject)
export class OperationResolver {
  @Query(() => OperationObject, { description: "One operation; NOT_FOUND when it does not exist or is not visible." })
  async operation(@Arg("id", () => ID) id: string, @Ctx() context: GraphQLContext) {
    const row = await context.loaders.operation.load(argumentUuid(id, "Operation", "id"));
    if (!row || !canSee(context.principal, "operation", row)) throw notFoundError("operation");
    return operationObject(row);
  }

  @FieldResolver(() => ClusterObject, { nullable: true, description: "Null once the cluster is deleted." })
  async cluster(@Root() operation: OperationObject, @Ctx() context: GraphQLContext) {
    const row = await context.loaders.cluster.load(operation.clusterId);
    return row ? clusterObject(row) : null;
  }
}
