// Builds the executable schema from the resolvers; the SDL in schema/ is emitted from here.
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { ClusterTemplateResolver } from "./cluster-template/cluster-template.resolver.js";
import { ClusterResolver } from "./cluster/cluster.resolver.js";
import { NodeGroupResolver } from "./node-group/node-group.resolver.js";
import { NodeResolver } from "./node/node.resolver.js";
import { OperationResolver } from "./operation/operation.resolver.js";
import { ViewerResolver } from "./viewer/viewer.resolver.js";
import { ProjectResolver, RoleBindingResolver, UserResolver } from "./tenancy/tenancy.resolver.js";
import { AuditResolver } from "./audit/audit.resolver.js";
import { auditMutationFields } from "./audit/audit-mutations.js";
import { ClusterEventResolver } from "./cluster-event/cluster-event.resolver.js";
import { ClusterLifecycleResolver } from "./cluster/cluster-lifecycle.resolver.js";
import { createPubSub } from "@graphql-yoga/subscription";
import { CertificateResolver } from "./certificate/certificate.resolver.js";
import { ClusterCertificatesResolver } from "./certificate/cluster-certificates.resolver.js";

export const RESOLVERS = [NodeResolver, ViewerResolver, ClusterTemplateResolver, ClusterResolver, ClusterLifecycleResolver, NodeGroupResolver, OperationResolver, ClusterEventResolver, CertificateResolver, ClusterCertificatesResolver, ProjectResolver, UserResolver, RoleBindingResolver, AuditResolver] as const;

export async function createSchema(): Promise<GraphQLSchema> {
  // Subscriptions stream from the event log (src/events), not from a pub/sub; type-graphql still wants one.
  // Audit is a mutation-level concern: wired on Mutation fields only, not as a global middleware on every field.
  return auditMutationFields(await buildSchema({ resolvers: RESOLVERS, validate: false, pubSub: createPubSub() }));
}

/** The SDL as committed in schema/schema.graphql: sorted, so diffs show real changes only. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
