// The one place errors become GraphQL: domain refusals → userErrors, the rest → extensions.code, never a stack trace.
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { DATABASE_BUSY_MESSAGE, DATABASE_BUSY_RETRY_SECONDS, isDatabaseTimeout } from "../domain/database-errors.js";
import { DomainError, noSuch, toRefusal, UnauthenticatedError, type Problem } from "../domain/errors.js";
import type { UserError } from "./common/user-error.js";
import { tokenLimitError } from "./limits/index.js";

/** "Did you mean …?" hands a prober the schema's names one guess at a time (graphql-armor blocks it too). */
const withoutSuggestions = (message: string) => message.replace(/ Did you mean .+\?$/, "");

function withoutHttp(extensions: Record<string, unknown>): Record<string, unknown> {
  const { http: _http, ...rest } = extensions;
  return rest;
}

export const TOP_LEVEL_CODES = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "GRAPHQL_VALIDATION_FAILED",
  "GRAPHQL_PARSE_FAILED",
  "QUERY_TOO_COMPLEX",
  "RATE_LIMITED",
  "INTERNAL_SERVER_ERROR",
  "CURSOR_EXPIRED",
  "NOT_SUPPORTED",
  "INVALID_STATE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  "BAD_REQUEST",
  "DEADLINE_EXCEEDED",
]);

export function topLevelError(code: string, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export const notFoundError = (what: string, field: string[] = []) => topLevelError("NOT_FOUND", noSuch(what), field.length ? { field } : {});

/** Runs a mutation body; a DomainError becomes the payload's userErrors, anything else propagates. */
export async function asPayload<Payload extends object>(work: () => Promise<Payload>): Promise<Payload & { userErrors: UserError[] }> {
  try {
    return { ...(await work()), userErrors: [] };
  } catch (thrown) {
    const error = toRefusal(thrown);
    if (error instanceof DomainError) return { userErrors: error.problems.map(toUserError) } as Payload & { userErrors: UserError[] };
    throw error;
  }
}

function toUserError(problem: Problem): UserError {
  return { code: problem.code, field: problem.field, message: problem.message, limit: problem.limit ?? null, used: problem.used ?? null };
}

/**
 * Apollo's formatError: known codes pass with their message; a DomainError outside a mutation
 * keeps its code; anything unexpected is logged by the caller and masked.
 */
export function formatError(onUnexpected: (error: unknown) => void, options: { fieldSuggestions: boolean } = { fieldSuggestions: false }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = toRefusal(unwrapResolverError(error));
    // The parser's token cap (Apollo parses over HTTP) is a query limit like the others.
    if (formatted.extensions?.code === "GRAPHQL_PARSE_FAILED" && original instanceof GraphQLError) {
      const limited = tokenLimitError(original);
      if (limited) return { message: limited.message, extensions: withoutHttp(limited.extensions) };
    }
    if (!options.fieldSuggestions && formatted.extensions?.code === "GRAPHQL_VALIDATION_FAILED") formatted = { ...formatted, message: withoutSuggestions(formatted.message) };
    if (original instanceof DomainError) {
      const first = original.problems[0];
      return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { code: original.code, field: first?.field ?? [] } };
    }
    if (original instanceof UnauthenticatedError) {
      return { message: original.message, extensions: { code: "UNAUTHENTICATED" } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && TOP_LEVEL_CODES.has(code) && code !== "INTERNAL_SERVER_ERROR") {
      const { stacktrace: _stacktrace, exception: _exception, http: _http, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // Argument coercion failures (a string for an Int, a bad enum) come without a code from graphql-js.
    if (original instanceof GraphQLError && !original.originalError && code === undefined) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: "BAD_USER_INPUT" } };
    }
    if (isDatabaseTimeout(original)) {
      return { message: DATABASE_BUSY_MESSAGE, path: formatted.path, locations: formatted.locations, extensions: { code: "RATE_LIMITED", reason: "DATABASE_BUSY", retryAfterSeconds: DATABASE_BUSY_RETRY_SECONDS } };
    }
    // graphql-js stops coercing variables after 50 errors and says so in an error of its own, with no code.
    if (original instanceof GraphQLError && !original.originalError && original.message.startsWith("Too many errors processing variables")) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: "BAD_USER_INPUT" } };
    }
    onUnexpected(original);
    return { message: "Internal server error", path: formatted.path, locations: formatted.locations, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
