// Per-field guards of issue 12 put on the schema's resolvers as plain functions: a type-graphql global
// middleware would wrap every field of every response in an async call (issue 13's portal-read profile).
import { getNamedType, GraphQLError, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { DomainError, noSuch, problem, type Problem } from "../../domain/errors.js";
import { inputProblems } from "../../domain/input-hygiene.js";
import { authorize } from "../../domain/policy/index.js";
import { fromGlobalId, NOUNS } from "../common/global-id.js";
import type { GraphQLContext } from "../context.js";

function deadlineExceeded(): GraphQLError {
  return new GraphQLError("the request ran past its deadline (TURNKEY_REQUEST_DEADLINE_MS); ask for less, or page", { extensions: { code: "DEADLINE_EXCEEDED" } });
}

/**
 * Refuses hostile strings and oversized lists in a field's arguments before a resolver (or PostgreSQL) sees
 * them. Like a type coercion failure this is about the request's form, not its meaning, so it comes before
 * policy. A mutation whose payload has userErrors answers with them (nothing changed); anything else is a
 * top-level BAD_USER_INPUT with the field. Returns undefined when the arguments are clean.
 */
function hygieneRefusal(args: Record<string, unknown>, hasUserErrors: boolean, context: GraphQLContext): Promise<{ userErrors: unknown[] }> | undefined {
  const problems = inputProblems(args);
  if (problems.length === 0) return undefined;
  if (hasUserErrors) return authorizationFirst(args, context).then((refusal) => ({ userErrors: (refusal ?? problems).map((entry) => ({ ...entry, limit: null, used: null })) }));
  const [first] = problems;
  throw new GraphQLError(`${first!.field.join(".")}: ${first!.message}`, { extensions: { code: "BAD_USER_INPUT", field: first!.field } });
}

/** The objects a mutation's `input.id` / `input.clusterId` may name, with the loader and policy resource for each. */
const SUBJECTS = {
  Cluster: { loader: "cluster", resource: "cluster", action: "update" },
  NodeGroup: { loader: "nodeGroup", resource: "nodeGroup", action: "update" },
  ClusterTemplate: { loader: "template", resource: "clusterTemplate", action: "update" },
  Operation: { loader: "operation", resource: "operation", action: "cancel" },
} as const;

/**
 * Authorization before validation, here too (issue 10): a mutation with hostile input on an object the caller
 * may not see is NOT_FOUND, on one its role may not change FORBIDDEN, before its input's form is judged.
 */
async function authorizationFirst(args: Record<string, unknown>, context: GraphQLContext): Promise<Problem[] | null> {
  const input = (args.input ?? {}) as Record<string, unknown>;
  for (const key of ["id", "clusterId"]) {
    const value = input[key];
    const decoded = typeof value === "string" ? fromGlobalId(value) : null;
    const subject = decoded ? SUBJECTS[decoded.type as keyof typeof SUBJECTS] : undefined;
    if (!decoded || !subject) continue;
    const row = (await (context.loaders[subject.loader] as { load(id: string): Promise<unknown> }).load(decoded.uuid)) as { projectId: string } | undefined;
    if (!row) return [problem("NOT_FOUND", key, noSuch(NOUNS[decoded.type]))];
    try {
      authorize(context.principal, subject.resource, subject.action as never, row, key);
    } catch (error) {
      if (error instanceof DomainError) return error.problems;
      throw error;
    }
    return null;
  }
  return null;
}

/**
 * Wraps every resolver of the schema's object types: past the request's deadline (HTTP only; subscriptions
 * live on) what is left is refused, and fields with arguments get the input hygiene check. The common path
 * is synchronous. There is no yielding between fields: a field delayed to a later turn of the event loop
 * misses its DataLoader batch, so a request's statements would depend on the machine's load; the work of one
 * request is bounded by the query cost limit instead.
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
          const refusal = hygieneRefusal(args, hasUserErrors, context);
          if (refusal) return refusal;
        }
        return resolve(root, args, context, info);
      };
    }
  }
  return schema;
}
