// Typed domain errors; the GraphQL layer maps them to userErrors or extensions.code in one place.
import { PageRequestError } from "../db/queries/pagination.js";
export const USER_ERROR_CODES = [
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "CONFLICT",
  "INVALID_STATE",
  "QUOTA_EXCEEDED",
  "FORBIDDEN",
  "NOT_SUPPORTED",
] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

/** One thing wrong with a request: which field (a path inside the input) and why. */
export interface Problem {
  code: UserErrorCode;
  /** Path inside the mutation's input, e.g. ["labels", "2", "key"]; empty when no single field is at fault. */
  field: string[];
  message: string;
  /** For QUOTA_EXCEEDED: the limit and what is in use. */
  limit?: number;
  used?: number;
}

/** An expected failure: the request is refused and nothing was changed. */
export class DomainError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[] | Problem) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map((problem) => problem.message).join("; "));
    this.name = "DomainError";
    this.problems = list;
  }
  get code(): UserErrorCode {
    return this.problems[0]?.code ?? "BAD_USER_INPUT";
  }
}

export function problem(code: UserErrorCode, field: string[] | string, message: string): Problem {
  return { code, field: typeof field === "string" ? [field] : field, message };
}

/**
 * A refusal from a layer below in the domain's terms, anything else unchanged: db/ knows no DomainError, so a bad
 * page request (PageRequestError) becomes BAD_USER_INPUT on its argument here, at the API's error boundary.
 */
export function toRefusal(error: unknown): unknown {
  return error instanceof PageRequestError ? badInput(error.field, error.message) : error;
}

export const badInput = (field: string[] | string, message: string) => new DomainError(problem("BAD_USER_INPUT", field, message));
export const notFound = (field: string[] | string, message: string) => new DomainError(problem("NOT_FOUND", field, message));

/** The one wording of NOT_FOUND on every path ("no such cluster"): missing and invisible read the same. */
export const noSuch = (noun: string) => `no such ${noun}`;

/**
 * What the API faces pass for a secondary id that is not an id at all (the template of a create, the node
 * group of a resize): checked only after the caller is authorized on the object acted on, then refused as
 * BAD_USER_INPUT (a malformed id is the caller's mistake, not a missing object).
 */
export const MALFORMED_ID = "00000000-0000-0000-0000-000000000000";

/** NOT_FOUND for an id no visible row has, BAD_USER_INPUT for one the face could not even parse. */
export const missing = (field: string[] | string, uuid: string | null | undefined, noun: string) =>
  uuid === MALFORMED_ID ? new DomainError(problem("BAD_USER_INPUT", field, "not a valid id")) : new DomainError(problem("NOT_FOUND", field, noSuch(noun)));
export const conflict = (field: string[] | string, message: string) => new DomainError(problem("CONFLICT", field, message));
export const invalidState = (field: string[] | string, message: string) => new DomainError(problem("INVALID_STATE", field, message));
export const forbidden = (field: string[] | string, message: string) => new DomainError(problem("FORBIDDEN", field, message));

/** Raised when the caller is not authenticated at all (no or unknown token). */
export class UnauthenticatedError extends Error {
  constructor(message = "authentication required: send Authorization: Bearer <token>") {
    super(message);
    this.name = "UnauthenticatedError";
  }
}
