// Per-field guards of issue 12 put on the schema's resolvers as plain functions: a type-graphql global
// middleware would wrap every field of every response in an async call (issue 13's portal-read profile).
import { getNamedType, GraphQLError, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { inputProblems } from "../../domain/input-hygiene.js";
import type { GraphQLContext } from "../context.js";

/** Longest stretch of synchronous resolution before a request lets the others (and /healthz) run. */
export const YIELD_AFTER_MS = 10;

const lastYield = new WeakMap<object, number>();

function deadlineExceeded(): GraphQLError {
  return new GraphQLError("the request ran past its deadline (TURNKEY_REQUEST_DEADLINE_MS); ask for less, or page", { extensions: { code: "DEADLINE_EXCEEDED" } });
}

/**
 * Refuses hostile strings and oversized lists in a field's arguments before a resolver (or PostgreSQL) sees
 * them. Like a type coercion failure this is about the request's form, not its meaning, so it comes before
 * policy. A mutation whose payload has userErrors answers with them (nothing changed); anything else is a
 * top-level BAD_USER_INPUT with the field. Returns undefined when the arguments are clean.
 */
function hygieneRefusal(args: Record<string, unknown>, hasUserErrors: boolean): { userErrors: unknown[] } | undefined {
  const problems = inputProblems(args);
  if (problems.length === 0) return undefined;
  if (hasUserErrors) return { userErrors: problems.map((entry) => ({ ...entry, limit: null, used: null })) };
  const [first] = problems;
  throw new GraphQLError(`${first!.field.join(".")}: ${first!.message}`, { extensions: { code: "BAD_USER_INPUT", field: first!.field } });
}

/**
 * Wraps every resolver of the schema's object types: past the request's deadline (HTTP only; subscriptions
 * live on) what is left is refused; after YIELD_AFTER_MS of synchronous work the next field waits for
 * setImmediate, so a large page lets other requests' I/O in between (graphql-js completes a list of ready
 * values synchronously). Fields with arguments get the input hygiene check. The common path is synchronous.
 */
export function guardFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve as GraphQLFieldResolver<unknown, GraphQLContext> | undefined;
      if (!resolve) continue;
      const checksInput = field.args.length > 0;
      const payload = getNamedType(field.type);
      const hasUserErrors = type.name === "Mutation" && isObjectType(payload) && Boolean(payload.getFields().userErrors);
      field.resolve = (root, args, context, info) => {
        if (context.deadlineAt !== undefined && Date.now() > context.deadlineAt) throw deadlineExceeded();
        if (checksInput) {
          const refusal = hygieneRefusal(args, hasUserErrors);
          if (refusal) return refusal;
        }
        const now = performance.now();
        const since = lastYield.get(context);
        if (since === undefined) lastYield.set(context, now);
        else if (now - since > YIELD_AFTER_MS) {
          return new Promise<void>((done) => setImmediate(done)).then(() => {
            lastYield.set(context, performance.now());
            return resolve(root, args, context, info);
          });
        }
        return resolve(root, args, context, info);
      };
    }
  }
  return schema;
}
