// Helpers that turn GraphQL inputs into the plain objects the domain takes.
import { DomainError, problem } from "../../domain/errors.js";
import { uuidOf, type NodeTypeName } from "./global-id.js";

/** Drops absent fields; with `nullMeansAbsent`, a null is "not given" too (creates have nothing to clear). */
export function presentFields(input: object, omit: string[], nullMeansAbsent: boolean): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).filter(([key, value]) => !omit.includes(key) && value !== undefined && !(nullMeansAbsent && value === null)),
  );
}

/** The uuid inside a global id argument, or a NOT_FOUND problem naming the field. */
export function requireUuid(id: string, type: NodeTypeName, field: string): string {
  const uuid = uuidOf(id, type);
  if (!uuid) throw new DomainError(problem("NOT_FOUND", field, `no ${type} has id "${id}"`));
  return uuid;
}
