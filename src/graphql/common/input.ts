// Helpers that turn GraphQL inputs into the plain objects the domain takes.
import { DomainError, MALFORMED_ID, problem } from "../../domain/errors.js";
import { idProblem, uuidOf, type NodeTypeName } from "./global-id.js";
import { topLevelError } from "../errors.js";

/** Drops absent fields; with `nullMeansAbsent`, a null is "not given" too (creates have nothing to clear). */
export function presentFields(input: object, omit: string[], nullMeansAbsent: boolean): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).filter(([key, value]) => !omit.includes(key) && value !== undefined && !(nullMeansAbsent && value === null)),
  );
}

/** The uuid inside a global id in a mutation's input, or a BAD_USER_INPUT problem on its field (`field` may be a path). */
export function requireUuid(id: string, type: NodeTypeName, field: string | string[]): string {
  const uuid = uuidOf(id, type);
  if (!uuid) throw new DomainError(problem("BAD_USER_INPUT", field, idProblem(id, type) ?? "not a valid id"));
  return uuid;
}

/** The same for a query argument or filter: a top-level BAD_USER_INPUT error naming the field. */
export function argumentUuid(id: string, type: NodeTypeName, field: string | string[]): string {
  const uuid = uuidOf(id, type);
  if (!uuid) throw topLevelError("BAD_USER_INPUT", idProblem(id, type) ?? "not a valid id", { field: typeof field === "string" ? [field] : field });
  return uuid;
}

/** A uuid no row has: what a malformed id of a secondary object becomes. */
export const NO_SUCH_UUID = MALFORMED_ID;

/**
 * The uuid inside a global id of a secondary object (the template of a create, the node group of a resize).
 * A malformed one is not refused here: it becomes a uuid no row has, so the domain answers NOT_FOUND for it
 * only after it has authorized the caller on the object acted on (authorization before validation), as
 * NOT_FOUND, or BAD_USER_INPUT where it reads it with `missing()`.
 */
export function laterCheckedUuid(id: string, type: NodeTypeName): string {
  return uuidOf(id, type) ?? NO_SUCH_UUID;
}
