// Recognises PostgreSQL error codes through both drivers (and drizzle's wrapping of them).
export function postgresErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => postgresErrorCode(error) === "23505";
export const isForeignKeyViolation = (error: unknown) => postgresErrorCode(error) === "23503";

/**
 * A statement PostgreSQL cancelled for running past statement_timeout (57014) or lock_timeout (55P03): under a burst of
 * writes to one project its creates queue on the project row, and the ones that wait too long are cancelled. The
 * transaction rolled back, so nothing was written: the caller may retry, and is told so (RATE_LIMITED, retryAfterSeconds).
 */
export const isDatabaseTimeout = (error: unknown) => {
  const code = postgresErrorCode(error);
  return code === "57014" || code === "55P03";
};

export const DATABASE_BUSY_MESSAGE = "the database was too busy to finish this request in time (statement_timeout); nothing was changed, retry after a moment";
export const DATABASE_BUSY_RETRY_SECONDS = 1;
