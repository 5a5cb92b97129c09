// Refuses hostile strings and oversized lists in any field's arguments before a resolver (or PostgreSQL) sees them.
import { getNamedType, GraphQLError, isObjectType } from "graphql";
import type { MiddlewareFn } from "type-graphql";
import { inputProblems } from "../../domain/input-hygiene.js";
import type { GraphQLContext } from "../context.js";

/**
 * Like a type coercion failure, this is about the request's form, not its meaning, so it comes before
 * policy. A mutation whose payload has userErrors answers with them (nothing changed, nothing audited);
 * anything else is a top-level BAD_USER_INPUT with the field.
 */
export const inputHygiene: MiddlewareFn<GraphQLContext> = async ({ args, info }, next) => {
  if (Object.keys(args).length === 0) return next();
  const problems = inputProblems(args);
  if (problems.length === 0) return next();
  const payload = getNamedType(info.returnType);
  if (info.parentType.name === "Mutation" && isObjectType(payload) && payload.getFields().userErrors) {
    return { userErrors: problems.map((entry) => ({ ...entry, limit: null, used: null })) };
  }
  const [first] = problems;
  throw new GraphQLError(`${first!.field.join(".")}: ${first!.message}`, { extensions: { code: "BAD_USER_INPUT", field: first!.field } });
};
