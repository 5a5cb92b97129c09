// Puts the GraphQL operation name (and type) on each /graphql request's log line.
import type { NextFunction, Request, Response } from "express";
import type { IncomingMessage, ServerResponse } from "node:http";

const FIRST_OPERATION = /\b(query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/;

/** The type of a document's first operation as the request log and the early refusal (src/graphql/rate-limit/early-refusal.ts) tell it, without parsing. */
export function operationTypeOf(query: string): string | undefined {
  return FIRST_OPERATION.exec(query)?.[1] ?? (query.trimStart().startsWith("{") ? "query" : undefined);
}

/** After express.json: remembers the operation for the request log (the body's operationName, else the document's first). */
export function noteGraphQLOperation(request: Request, response: Response, next: NextFunction): void {
  const body = request.body as { operationName?: unknown; query?: unknown } | undefined;
  const query = typeof body?.query === "string" ? body.query : typeof request.query.query === "string" ? request.query.query : "";
  const named = FIRST_OPERATION.exec(query);
  const given = typeof body?.operationName === "string" ? body.operationName : undefined;
  response.locals.graphql = { operation: (given ?? named?.[2] ?? "anonymous").slice(0, 64), type: operationTypeOf(query) };
  next();
}

/** pino-http's customProps: evaluated when the response line is written. */
export function requestLogProps(_request: IncomingMessage, response: ServerResponse): Record<string, unknown> {
  const graphql = (response as ServerResponse & { locals?: { graphql?: unknown } }).locals?.graphql;
  return graphql ? { graphql } : {};
}
