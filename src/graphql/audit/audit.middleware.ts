// Records every mutation: who, what, on which object, when, and how it ended (succeeded, refused, failed).
import type { MiddlewareFn } from "type-graphql";
import { auditEvents } from "../../db/schema/index.js";
import { uuidOf } from "../common/global-id.js";
import type { GraphQLContext } from "../context.js";

interface PayloadLike {
  userErrors?: { code: string; message: string }[];
  [key: string]: unknown;
}

/** The object a mutation acted on: its input's id, or the object its payload returns. */
function subjectOf(input: Record<string, unknown> | undefined, payload: PayloadLike | undefined): { objectId: string | null; projectId: string | null } {
  const objects = payload ? Object.values(payload).filter((value): value is { id: string; projectId?: string; uuid?: string } => Boolean(value && typeof value === "object" && "id" in value)) : [];
  const first = objects[0];
  const fromInput = input && (input.id ?? input.clusterId ?? input.projectId ?? input.userId);
  const projectId = objects.find((object) => typeof object.projectId === "string")?.projectId ?? (first && "uuid" in first && payload && "project" in payload ? first.uuid : null);
  return { objectId: typeof fromInput === "string" ? fromInput : (first?.id ?? null), projectId: projectId ?? null };
}

/** Mutations that grant or hand out rights. */
const ESCALATION_MUTATIONS = new Set(["apiTokenCreate", "apiTokenRevoke", "roleBindingCreate", "roleBindingDelete", "userCreate", "userDelete", "projectCreate", "quotaSet"]);

export const auditMutations: MiddlewareFn<GraphQLContext> = async ({ info, args, context }, next) => {
  if (info.parentType.name !== "Mutation") return next();
  const input = args.input as Record<string, unknown> | undefined;
  const record = async (outcome: string, payload: PayloadLike | undefined, details: Record<string, unknown>) => {
    const subject = subjectOf(input, payload);
    const { objectId } = subject;
    // A refused request has no payload object: its project is the one named in the input, so that project's admins see the attempt.
    const projectId = subject.projectId ?? (typeof input?.projectId === "string" ? uuidOf(input.projectId, "Project") : null);
    // Written after the mutation, on its own: an audit record never rolls a change back, and a refused change is recorded too.
    await context.domain.db
      .insert(auditEvents)
      .values({ principalId: context.principal.id, principalName: context.principal.name, projectId, mutation: info.fieldName, objectId, outcome, details: { ...details, ...context.auditDetails, requestId: context.requestId } })
      .catch(() => undefined);
  };
  try {
    const payload = (await next()) as PayloadLike | undefined;
    const refusal = payload?.userErrors?.[0];
    // A refused attempt to gain or hand out rights is flagged, so an operator can list escalation attempts.
    const escalation = refusal && ESCALATION_MUTATIONS.has(info.fieldName) && (refusal.code === "FORBIDDEN" || refusal.code === "NOT_FOUND");
    await record(refusal ? "REFUSED" : "SUCCEEDED", payload, refusal ? { code: refusal.code, message: refusal.message, ...(escalation ? { escalation: true } : {}) } : {});
    return payload;
  } catch (error) {
    await record("FAILED", undefined, { message: error instanceof Error ? error.message : String(error) });
    throw error;
  }
};
