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
  noteOperation(response, body, typeof request.query.query === "string" ? request.query.query : "");
  next();
}

/** The same, for a POST body answered ahead of Express (src/graphql/compiled-http.ts). */
export function noteOperation(response: ServerResponse, body: { operationName?: unknown; query?: unknown } | undefined, fromSearch = ""): void {
  const query = typeof body?.query === "string" ? body.query : fromSearch;
  const named = FIRST_OPERATION.exec(query);
  const given = typeof body?.operationName === "string" ? body.operationName : undefined;
  const withLocals = response as ServerResponse & { locals?: Record<string, unknown> };
  (withLocals.locals ??= {}).graphql = { operation: (given ?? named?.[2] ?? "anonymous").slice(0, 64), type: operationTypeOf(query) };
}

/** pino-http's customProps: evaluated when the response line is written. */
export function requestLogProps(_request: IncomingMessage, response: ServerResponse): Record<string, unknown> {
  const graphql = (response as ServerResponse & { locals?: { graphql?: unknown } }).locals?.graphql;
  return graphql ? { graphql } : {};
}
