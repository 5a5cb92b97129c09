// Magnum's error answers: {"errors": [{request_id, code, status, title, detail, links}]}, Keystone's 401, and the domain's errors mapped to them.
import type { NextFunction, Request, Response } from "express";
import { DATABASE_BUSY_MESSAGE, DATABASE_BUSY_RETRY_SECONDS, isDatabaseTimeout } from "../domain/database-errors.js";
import { DomainError, toRefusal, type UserErrorCode } from "../domain/errors.js";
import { IdentityUnavailableError } from "../identity/providers.js";
import type { Logger } from "../logger.js";

export interface RestErrorOptions {
  /** Magnum's code: "client" or "server" for ordinary errors (the lower-cased wsme faultcode), or a named one. */
  code?: string;
  title?: string;
  links?: { rel: string; href: string }[];
  /** Fields beside Magnum's (Turnkey's own code and field, the version range). */
  extra?: Record<string, unknown>;
  /** A 429's Retry-After header. */
  retryAfterSeconds?: number;
}

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly options: RestErrorOptions = {},
  ) {
    super(detail);
    this.name = "RestError";
  }
}

export const badRequest = (detail: string) => new RestError(400, detail);
export const notFound = (detail: string) => new RestError(404, detail);

/** The HTTP status of each domain code: Magnum's where it has one (ResourceLimitExceeded and NotAuthorized are 403, NotSupported 400). */
const STATUS: Record<UserErrorCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_SUPPORTED: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  QUOTA_EXCEEDED: 403,
  FORBIDDEN: 403,
};

/** camelCase input paths of the domain, as the snake_case attributes this face speaks. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export function fromDomainError(error: DomainError, rename: Record<string, string> = {}): RestError {
  const first = error.problems[0];
  const field = first?.field[0];
  return new RestError(STATUS[error.code], error.message, {
    extra: {
      turnkey_code: error.code,
      ...(field ? { field: rename[field] ?? snakeCase(field) } : {}),
      ...(first?.limit !== undefined ? { limit: first.limit, used: first.used } : {}),
    },
  });
}

/** Magnum's title is the first sentence of the message (parsable_error.py). */
function titleOf(detail: string): string {
  return detail.split(".", 1)[0] ?? detail;
}

export function errorBody(error: RestError, requestId: string) {
  return {
    errors: [
      {
        request_id: requestId,
        code: error.options.code ?? (error.status >= 500 ? "server" : "client"),
        status: error.status,
        title: error.options.title ?? titleOf(error.detail),
        detail: error.detail,
        links: error.options.links ?? [],
        ...error.options.extra,
      },
    ],
  };
}

/** What keystonemiddleware answers for a missing or bad token, before Magnum sees the request. */
export function sendUnauthenticated(response: Response, authUrl: string | null): void {
  if (authUrl) response.setHeader("WWW-Authenticate", `Keystone uri="${authUrl}"`);
  response.status(401).json({ error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." } });
}

/** The one error handler of the REST face: known errors in Magnum's body, the rest masked and logged. */
export function restErrorHandler(logger: Logger) {
  return (thrown: unknown, request: Request, response: Response, _next: NextFunction): void => {
    const error = toRefusal(thrown);
    const requestId = String(request.id ?? "");
    let rest: RestError;
    if (error instanceof RestError) rest = error;
    else if (error instanceof DomainError) rest = fromDomainError(error, response.locals.rename as Record<string, string> | undefined);
    else if (error instanceof IdentityUnavailableError) rest = new RestError(503, `identity service unavailable: ${error.message}`);
    else if (isDatabaseTimeout(error)) rest = new RestError(503, DATABASE_BUSY_MESSAGE, { retryAfterSeconds: DATABASE_BUSY_RETRY_SECONDS });
    else if (isBodyError(error)) rest = badRequest(`The request body is not valid JSON: ${error.message}`);
    else {
      logger.error({ err: error }, "unexpected error in the REST API");
      rest = new RestError(500, "Internal server error");
    }
    if (rest.options.retryAfterSeconds) response.setHeader("Retry-After", String(rest.options.retryAfterSeconds));
    response.status(rest.status).json(errorBody(rest, requestId));
  };
}

function isBodyError(error: unknown): error is Error {
  return error instanceof Error && (error as { type?: string }).type === "entity.parse.failed";
}
