// The compiled lane for GraphQL over HTTP: a POST whose query document Apollo has already parsed, validated and
// seen compiled (src/graphql/compiled-executor.ts) is answered here, ahead of Express and Apollo's request pipeline
// (Express's router and the prototypes it gives every request, Apollo's per-request plugin hooks, the document's
// hash, content negotiation): together about a fifth of a portal read's CPU (issue 13). Every step that decides
// the answer is the one the Express and Apollo path takes, in its order: the same request log line and id
// (pino-http), the same body parser (express.json's), the same context (authentication and its rate limit, the
// deadline), the query limits, the rate charge, the execution, the error formatting, the JSON and headers that
// Express's res.send writes (content type, length, weak ETag).
//
// Anything the lane does not handle exactly as that path would goes to it (`app`) before any side effect: another
// method, path or content type, a cross-origin request (CORS is Express's), an `accept` that asks for another type,
// extensions (persisted queries), a body Apollo would refuse or the parser could not read (the parser's error goes
// along), a document not compiled yet, variables that do not coerce, a query over its limits. Errors met after the
// first side effect (the context's authentication, the charge, the execution) are answered here as Apollo answers
// them (`normalizeAndFormatErrors`, `errorResponse` and `sendErrorResponse` of @apollo/server 5, line by line).
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import etag from "etag";
import { getVariableValues, GraphQLError, type GraphQLFormattedError } from "graphql";
import { noteOperation } from "../http/request-log.js";
import type { GraphQLContext } from "./context.js";
import { runCompiled, type CompiledExecutor } from "./compiled-executor.js";
import type { QueryLimits } from "./limits/index.js";
import { chargeOperation, type RateLimits } from "./rate-limit/index.js";

/** A request the lane read the body of and handed on: the parser's error, for the Express path to answer (src/server.ts). */
export type LaneRequest = IncomingMessage & { body?: unknown; laneBodyError?: unknown };

export interface CompiledLaneOptions {
  executor: CompiledExecutor;
  schema: Parameters<typeof getVariableValues>[0];
  limits: QueryLimits;
  rates: RateLimits;
  /** The request's context, as Apollo's path makes it (throws to refuse, e.g. UNAUTHENTICATED). */
  context: (request: IncomingMessage) => Promise<GraphQLContext>;
  /** The request log's middleware (pino-http), run first as Express runs it first; the Express path skips it then. */
  logRequest: (request: IncomingMessage, response: ServerResponse) => void;
  /** express.json's parser, the /graphql route's own. */
  parseBody: (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;
  /** Apollo's formatError option: the same function. */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** The request metric Apollo's path records (src/observability.ts): after the context, with the outcome. */
  observe: (operationName: string | null | undefined, failed: boolean, startedAt: bigint) => void;
  /** With query stats on: the request's statement count so far, added as `extensions.sqlStatements` as the plugin adds it. */
  statements?: () => number | undefined;
  /** Called for every request the lane answers: the /graphql route's request counter, and the lane's own. */
  answered: () => void;
}

const APPLICATION_JSON = "application/json; charset=utf-8";
const JSON_CONTENT = /^application\/json\s*(;|$)/i;

/** What Apollo's content negotiation answers with application/json: no accept header, or one of these. */
const JSON_ACCEPTS = new Set(["*/*", "application/json"]);

interface Head {
  status: number | undefined;
  headers: Map<string, string>;
}

/** The request listener: answers what it can, hands the rest to `app` (Express). */
export function withCompiledLane(app: RequestListener, options: CompiledLaneOptions): RequestListener {
  const { executor, schema, limits, rates, formatError, observe, statements } = options;
  /** server.ts's queryStatsPlugin, at Apollo's willSendResponse (not on a context failure, where no plugin runs). */
  const withStatements = (extensions: Record<string, unknown> | undefined) => {
    const count = statements?.();
    return count === undefined ? extensions : { ...extensions, sqlStatements: count };
  };

  const errorBody = (errors: readonly unknown[], head: Head): GraphQLFormattedError[] => errors.map((error) => formatOne(error, head, formatError));

  /** Express's res.send of Apollo's JSON, for a POST (never fresh, so never 304). */
  const send = (response: ServerResponse, head: Head, body: unknown) => {
    const chunk = Buffer.from(JSON.stringify(body) + "\n");
    for (const [name, value] of head.headers) response.setHeader(name, value);
    response.setHeader("content-type", APPLICATION_JSON);
    response.setHeader("content-length", chunk.length);
    response.setHeader("etag", etag(chunk, { weak: true }));
    response.statusCode = head.status ?? 200;
    response.end(chunk);
  };

  /** False when the request is not the lane's: nothing has been done then. */
  const answer = (request: IncomingMessage, response: ServerResponse, body: unknown): boolean => {
    if (!body || typeof body !== "object" || Array.isArray(body)) return false;
    const { query, variables, operationName, extensions } = body as Record<string, unknown>;
    if (typeof query !== "string" || (extensions !== undefined && extensions !== null)) return false;
    if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return false;
    if (variables !== undefined && variables !== null && (typeof variables !== "object" || Array.isArray(variables))) return false;
    const known = executor.known(query, operationName ?? null);
    if (!known) return false;
    const given = (variables ?? {}) as Record<string, unknown>;
    // Pure checks first: a refusal is Apollo's to word, and nothing has been spent yet.
    const coerced = getVariableValues(schema, known.operation.variableDefinitions ?? [], given, { maxErrors: 50 });
    if (coerced.errors) return false;
    if (limits.check(known.document, known.operationName, given)) return false;

    // What the /graphql route does before Apollo: the counters, no caching, the operation for the log line.
    options.answered();
    response.setHeader("cache-control", "no-store");
    noteOperation(response, body as Record<string, unknown>);
    void (async () => {
      let context: GraphQLContext;
      try {
        context = await options.context(request);
      } catch (error) {
        // ApolloServer.errorResponse after "Context creation failed".
        const head: Head = { status: undefined, headers: new Map() };
        const errors = errorBody([asGraphQLError(error, "Context creation failed: ")], head);
        return send(response, { ...head, status: head.status ?? 500 }, { errors });
      }
      const startedAt = process.hrtime.bigint();
      const operation = known.operation.name?.value ?? operationName;
      const sendErrorResponse = (error: unknown) => {
        const head: Head = { status: undefined, headers: new Map() };
        const errors = errorBody([asGraphQLError(error)], head);
        observe(operation, true, startedAt);
        send(response, { ...head, status: head.status ?? 500 }, { errors, extensions: withStatements(undefined) });
      };
      try {
        await chargeOperation(rates, context.principal, "query", limits.figures(known.document, known.operationName, given));
      } catch (error) {
        return sendErrorResponse(error);
      }
      let result;
      try {
        result = await runCompiled(known.compiled, context, given);
      } catch (error) {
        return sendErrorResponse(error);
      }
      const head: Head = { status: undefined, headers: new Map() };
      const errors = result.errors?.length ? errorBody(result.errors, head) : result.errors?.length === 0 ? [] : undefined;
      if (errors?.length && result.data === undefined && !head.status) head.status = 400;
      observe(operation, Boolean(errors?.length), startedAt);
      send(response, head, { errors, data: result.data, extensions: withStatements(result.extensions as Record<string, unknown> | undefined) });
    })().catch((error: unknown) => {
      // As Express's error handler answers what a route throws (src/server.ts).
      (request as IncomingMessage & { log?: { error(details: unknown, message: string): void } }).log?.error({ err: error }, "request failed");
      if (!response.headersSent) send(response, { status: 500, headers: new Map() }, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
      else response.destroy();
    });
    return true;
  };

  return (request, response) => {
    const accept = request.headers.accept;
    if (request.method !== "POST" || !GRAPHQL_PATH.test(request.url ?? "") || !JSON_CONTENT.test(request.headers["content-type"] ?? "") || request.headers.origin !== undefined || (accept !== undefined && !JSON_ACCEPTS.has(accept))) return app(request, response);
    options.logRequest(request, response);
    options.parseBody(request, response, (error) => {
      const read = request as LaneRequest;
      if (error !== undefined) {
        read.laneBodyError = error;
        return app(request, response);
      }
      if (!answer(request, response, read.body)) app(request, response);
    });
  };
}

/** Express mounts the route at /graphql: the path, with or without a trailing slash or a query string. */
const GRAPHQL_PATH = /^\/graphql\/?(\?|$)/;

/** @apollo/server's ensureGraphQLError. */
function asGraphQLError(error: unknown, prefix = ""): GraphQLError {
  const ensured = error instanceof Error ? error : new GraphQLError(`Unexpected error value: ${String(error)}`);
  return ensured instanceof GraphQLError ? ensured : new GraphQLError(prefix + ensured.message, { originalError: ensured });
}

/** @apollo/server's normalizeAndFormatErrors for one error, stack traces off: the code, the HTTP head, then formatError. */
function formatOne(error: unknown, head: Head, formatError: CompiledLaneOptions["formatError"]): GraphQLFormattedError {
  try {
    const graphqlError = asGraphQLError(error);
    const extensions: Record<string, unknown> = { ...graphqlError.extensions, code: graphqlError.extensions.code ?? "INTERNAL_SERVER_ERROR" };
    const http = extensions.http as { status?: unknown; headers?: unknown } | undefined;
    if (http && typeof http === "object" && (!("status" in http) || typeof http.status === "number") && (!("headers" in http) || http.headers instanceof Map)) {
      if (typeof http.status === "number" && http.status) head.status = http.status;
      if (http.headers instanceof Map) for (const [name, value] of http.headers as Map<string, string>) head.headers.set(name, value);
      delete extensions.http;
    }
    return formatError({ ...graphqlError.toJSON(), extensions }, error);
  } catch {
    return { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
  }
}
