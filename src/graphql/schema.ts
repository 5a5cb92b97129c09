// Builds the executable schema from the resolvers; the SDL in schema/ is emitted from here.
import { isInterfaceType, isObjectType, lexicographicSortSchema, type GraphQLTypeResolver, printSchema, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
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
  return resolveTypesSynchronously(auditMutationFields(guardFields(callFieldResolversDirectly(await buildSchema({ resolvers: RESOLVERS, validate: false, pubSub: createPubSub() })))));
}

/**
 * Interfaces resolve their objects' types with the declared `resolveType` itself. type-graphql wraps it in an async
 * function; graphql-js awaits the promise, graphql-jit does not (it reads the type's name off the promise), so
 * `node(id:)` and `nodes(ids:)` failed with "Abstract type Node must resolve to an Object type" once their
 * document was compiled. The declared functions return a type name and never a promise or a class.
 */
function resolveTypesSynchronously(schema: GraphQLSchema): GraphQLSchema {
  for (const metadata of getMetadataStorage().interfaceTypes) {
    const type = schema.getType(metadata.name);
    if (isInterfaceType(type) && metadata.resolveType) type.resolveType = metadata.resolveType as GraphQLTypeResolver<unknown, unknown>;
  }
  return schema;
}

/**
 * A field resolver of a resolver class (`@FieldResolver` on Cluster.template, Cluster.nodeGroups, …) called straight
 * from its GraphQL field: its parameters (root, context, info, args, one arg) are picked out by a function made once,
 * where type-graphql's handler sorts the parameter list, copies the root into an instance of its class and the
 * arguments into instances of their argument classes, and runs the (empty) middleware chain, on every call: twice
 * per cluster of a page (issue 13). Arguments arrive as graphql-js coerced them (defaults applied), as plain objects;
 * no resolver here relies on their being class instances. A resolver with any other kind of parameter, and the root
 * Query, Mutation and Subscription fields, keep type-graphql's handler.
 */
function callFieldResolversDirectly(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage();
  const instances = new Map<Function, Record<string, (...parameters: unknown[]) => unknown>>();
  for (const resolver of storage.fieldResolvers) {
    if (resolver.kind !== "external" || !resolver.params || (resolver.resolverClassMetadata as { isAbstract?: boolean } | undefined)?.isAbstract) continue;
    const objectType = storage.objectTypes.find((candidate) => candidate.target === resolver.getObjectType?.());
    const type = objectType ? schema.getType(objectType.name) : undefined;
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    const field = type.getFields()[resolver.schemaName];
    if (!field?.resolve) continue;
    const parameters = [...resolver.params].sort((a, b) => a.index - b.index);
    const pickers: ((root: unknown, args: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo) => unknown)[] = [];
    for (const parameter of parameters) {
      if (parameter.kind === "root" && parameter.propertyName === undefined) pickers.push((root) => root);
      else if (parameter.kind === "context" && parameter.propertyName === undefined) pickers.push((_root, _args, context) => context);
      else if (parameter.kind === "info") pickers.push((_root, _args, _context, info) => info);
      else if (parameter.kind === "args") pickers.push((_root, args) => args);
      else if (parameter.kind === "arg") {
        const name = parameter.name;
        pickers.push((_root, args) => args[name]);
      } else break;
    }
    if (pickers.length !== parameters.length || parameters.some((parameter, index) => parameter.index !== index)) continue;
    let instance = instances.get(resolver.target);
    if (!instance) instances.set(resolver.target, (instance = new (resolver.target as new () => Record<string, (...parameters: unknown[]) => unknown>)()));
    const target = instance;
    const method = target[resolver.methodName];
    if (typeof method !== "function") continue;
    const [first, second, third, fourth] = pickers;
    field.resolve = (root, args, context, info) => {
      switch (pickers.length) {
        case 0:
          return method.call(target);
        case 1:
          return method.call(target, first!(root, args, context, info));
        case 2:
          return method.call(target, first!(root, args, context, info), second!(root, args, context, info));
        case 3:
          return method.call(target, first!(root, args, context, info), second!(root, args, context, info), third!(root, args, context, info));
        case 4:
          return method.call(target, first!(root, args, context, info), second!(root, args, context, info), third!(root, args, context, info), fourth!(root, args, context, info));
        default:
          return method.apply(target, pickers.map((pick) => pick(root, args, context, info)));
      }
    };
  }
  return schema;
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
