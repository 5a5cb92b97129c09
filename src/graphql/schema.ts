// Builds the executable schema from the resolvers; the SDL in schema/ is emitted from here.
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema, getMetadataStorage } from "type-graphql";
import { ClusterTemplateResolver } from "./cluster-template/cluster-template.resolver.js";
import { ClusterResolver } from "./cluster/cluster.resolver.js";
import { NodeGroupResolver } from "./node-group/node-group.resolver.js";
import { NodeGroupMutationResolver } from "./node-group/node-group-mutations.resolver.js";
import { NodeResolver } from "./node/node.resolver.js";
import { OperationResolver } from "./operation/operation.resolver.js";
import { ViewerResolver } from "./viewer/viewer.resolver.js";
import { ProjectResolver, RoleBindingResolver, UserResolver } from "./tenancy/tenancy.resolver.js";
import { AuditResolver } from "./audit/audit.resolver.js";
import { auditMutationFields } from "./audit/audit-mutations.js";
import { guardFields } from "./limits/field-guards.js";
import { ClusterEventResolver } from "./cluster-event/cluster-event.resolver.js";
import { ClusterLifecycleResolver } from "./cluster/cluster-lifecycle.resolver.js";
import { createPubSub } from "@graphql-yoga/subscription";
import { CertificateResolver } from "./certificate/certificate.resolver.js";
import { ClusterCertificatesResolver } from "./certificate/cluster-certificates.resolver.js";
import { LabelDefinitionResolver } from "./label-definition/label-definition.resolver.js";
import { OperationsResolver } from "./operation/operations.resolver.js";

export const RESOLVERS = [NodeResolver, ViewerResolver, ClusterTemplateResolver, ClusterResolver, ClusterLifecycleResolver, NodeGroupMutationResolver, NodeGroupResolver, OperationResolver, ClusterEventResolver, CertificateResolver, ClusterCertificatesResolver, ProjectResolver, UserResolver, RoleBindingResolver, AuditResolver, LabelDefinitionResolver, OperationsResolver] as const;

export async function createSchema(): Promise<GraphQLSchema> {
  // Subscriptions stream from the event log (src/events), not from a pub/sub; type-graphql still wants one.
  // Audit (mutations only), the deadline, yielding and input hygiene are put on the resolvers as plain
  // functions, not as global middlewares that would wrap every field of every query in an async call.
  // Audit wraps outermost: a refusal by the input hygiene is recorded like any other.
  readPlainFieldsDirectly();
  return auditMutationFields(guardFields(await buildSchema({ resolvers: RESOLVERS, validate: false, pubSub: createPubSub() })));
}

/**
 * A field with no resolver of its own (a property of the object its parent returned) gets no resolve function: graphql-js
 * reads the property, and graphql-jit compiles the read inline. type-graphql otherwise wraps each such field in a
 * middleware dispatcher (a closure, a resolver-data object and a call per field per object), which the guards and the
 * compiled executor then wrap again: about 650 calls per portal read of 50 clusters (issue 13). This is type-graphql's
 * own `simpleResolvers` option of `@ObjectType`, applied to every object type here instead of on each decorator; it is
 * exact because no field has middlewares or roles (none are used in this schema, and test/unit/schema-fields.test.ts
 * fails if one is added) and every field's GraphQL name is its property's name.
 */
function readPlainFieldsDirectly(): void {
  for (const objectType of getMetadataStorage().objectTypes) objectType.simpleResolvers ??= true;
}

/** The SDL as committed in schema/schema.graphql: sorted, so diffs show real changes only. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
