// Builds the executable schema from the resolvers; the SDL in schema/ is emitted from here.
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { ClusterTemplateResolver } from "./cluster-template/cluster-template.resolver.js";
import { ClusterResolver } from "./cluster/cluster.resolver.js";
import { NodeGroupResolver } from "./node-group/node-group.resolver.js";
import { NodeResolver } from "./node/node.resolver.js";
import { OperationResolver } from "./operation/operation.resolver.js";
import { ViewerResolver } from "./viewer/viewer.resolver.js";
import { ClusterEventResolver } from "./cluster-event/cluster-event.resolver.js";
import { ClusterLifecycleResolver } from "./cluster/cluster-lifecycle.resolver.js";
import { createPubSub } from "@graphql-yoga/subscription";

export const RESOLVERS = [NodeResolver, ViewerResolver, ClusterTemplateResolver, ClusterResolver, ClusterLifecycleResolver, NodeGroupResolver, OperationResolver, ClusterEventResolver] as const;

export async function createSchema(): Promise<GraphQLSchema> {
  // Subscriptions stream from the event log (src/events), not from a pub/sub; type-graphql still wants one.
  return buildSchema({ resolvers: RESOLVERS, validate: false, pubSub: createPubSub() });
}

/** The SDL as committed in schema/schema.graphql: sorted, so diffs show real changes only. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
