// Puts the audit record on Mutation fields only: a global middleware would wrap every field of every query in an async call.
import type { GraphQLFieldResolver, GraphQLSchema } from "graphql";
import type { GraphQLContext } from "../context.js";
import { auditMutations } from "./audit.middleware.js";

/** Wraps each Mutation field's resolver with the audit middleware; queries and subscriptions are left untouched. */
export function auditMutationFields(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  if (!mutation) return schema;
  for (const field of Object.values(mutation.getFields())) {
    const resolve = field.resolve as GraphQLFieldResolver<unknown, GraphQLContext> | undefined;
    if (!resolve) continue;
    field.resolve = (root, args, context, info) => auditMutations({ root, args, context, info }, async () => resolve(root, args, context, info));
  }
  return schema;
}
