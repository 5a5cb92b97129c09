// Relay's node/nodes: any object by global id, each checked for access; what the caller may not see is null.
import { canSee } from "../../domain/policy/index.js";
import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import { authorityObject } from "../certificate/certificate.type.js";
import { templateObject } from "../cluster-template/cluster-template.type.js";
import { clusterObject } from "../cluster/cluster.type.js";
import { fromGlobalId } from "../common/global-id.js";
import { NodeInterface } from "../common/node.js";
import type { GraphQLContext } from "../context.js";
import { topLevelError } from "../errors.js";
import { nodeGroupObject } from "../node-group/node-group.type.js";
import { operationObject } from "../operation/operation.type.js";
import { projectObject } from "../project/project.type.js";

export const MAX_NODES = 100;

async function resolveNode(context: GraphQLContext, id: string): Promise<NodeInterface | null> {
  const parsed = fromGlobalId(id);
  if (!parsed) return null;
  const { loaders, principal } = context;
  switch (parsed.type) {
    case "ClusterTemplate": {
      const row = await loaders.template.load(parsed.uuid);
      return row && canSee(principal, "clusterTemplate", row) ? templateObject(row) : null;
    }
    case "Cluster": {
      const row = await loaders.cluster.load(parsed.uuid);
      return row && canSee(principal, "cluster", row) ? clusterObject(row) : null;
    }
    case "NodeGroup": {
      const row = await loaders.nodeGroup.load(parsed.uuid);
      return row && canSee(principal, "nodeGroup", row) ? nodeGroupObject(row) : null;
    }
    case "Operation": {
      const row = await loaders.operation.load(parsed.uuid);
      return row && canSee(principal, "operation", row) ? operationObject(row) : null;
    }
    case "Project": {
      const row = await loaders.project.load(parsed.uuid);
      return row && canSee(principal, "project", { projectId: row.id }) ? projectObject(row) : null;
    }
    case "Certificate": {
      // Only CAs are rows; an issued client certificate's id finds nothing, so it reads as null.
      const row = await loaders.certificate.load(parsed.uuid);
      return row && canSee(principal, "certificate", row) ? authorityObject(row) : null;
    }
    default:
      return null;
  }
}

@Resolver()
export class NodeResolver {
  @Query(() => NodeInterface, { nullable: true, description: "Any object by its global id; null when it does not exist or is not visible." })
  node(@Arg("id", () => ID) id: string, @Ctx() context: GraphQLContext) {
    return resolveNode(context, id);
  }

  @Query(() => [NodeInterface], { nullable: "items", description: `Up to ${MAX_NODES} objects by global id, in the order asked.` })
  nodes(@Arg("ids", () => [ID]) ids: string[], @Ctx() context: GraphQLContext) {
    if (ids.length > MAX_NODES) throw topLevelError("BAD_USER_INPUT", `nodes takes at most ${MAX_NODES} ids`);
    return Promise.all(ids.map((id) => resolveNode(context, id)));
  }
}
