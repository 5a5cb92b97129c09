// The compiled lane for GraphQL over HTTP: a POST whose query document Apollo has already parsed, validated and
// seen compiled (src/graphql/compiled-executor.ts) is answered here, in Express, without Apollo's request pipeline
// (its per-request plugin hooks, the document's hash, content negotiation), which was about a tenth of a portal
// read's CPU (issue 13). Every step that decides the answer is the one Apollo's path takes, in its order: the same
// context (authentication and its rate limit, the deadline), the query limits, the rate charge, the execution, the
// error formatting and the JSON written by Express's res.send (ETag and all).
//
// Anything the lane does not handle exactly as Apollo would goes to Apollo before any side effect: another
// method or content, an `accept` that asks for another type, extensions (persisted queries), a body Apollo would
// refuse, a document not compiled yet, variables that do not coerce, a query over its limits. Errors met after
// the first side effect (the context's authentication, the charge, the execution) are answered here as Apollo
// answers them (`normalizeAndFormatErrors` and `sendErrorResponse` of @apollo/server 5, followed line by line).
import type { NextFunction, Request, Response } from "express";
import { getVariableValues, GraphQLError, type GraphQLFormattedError } from "graphql";
import type { GraphQLContext } from "./context.js";
import { runCompiled, type CompiledExecutor } from "./compiled-executor.js";
import type { QueryLimits } from "./limits/index.js";
import { chargeOperation, type RateLimits } from "./rate-limit/index.js";

export interface CompiledLaneOptions {
  executor: CompiledExecutor;
  schema: Parameters<typeof getVariableValues>[0];
  limits: QueryLimits;
  rates: RateLimits;
  /** The request's context, as Apollo's path makes it (throws to refuse, e.g. UNAUTHENTICATED). */
  context: (request: Request) => Promise<GraphQLContext>;
  /** Apollo's formatError option: the same function. */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** The request metric Apollo's path records (src/observability.ts): after the context, with the outcome. */
  observe: (operationName: string | null | undefined, failed: boolean, startedAt: bigint) => void;
  /** With query stats on: the request's statement count so far, added as `extensions.sqlStatements` as the plugin adds it. */
  statements?: () => number | undefined;
  /** Called for every request the lane answers (the metric turnkey_graphql_compiled_lane_total). */
  answered?: () => void;
}

const APPLICATION_JSON = "application/json; charset=utf-8";
const JSON_CONTENT = /^application\/json\s*(;|$)/i;

/** What Apollo's content negotiation answers with application/json: no accept header, or one of these. */
const JSON_ACCEPTS = new Set(["*/*", "application/json"]);

interface Head {
  status: number | undefined;
  headers: Map<string, string>;
}

/** Express middleware for /graphql after express.json: answers what it can, hands the rest to Apollo (`next`). */
export function compiledLane(options: CompiledLaneOptions) {
  const { executor, schema, limits, rates, formatError, observe, statements } = options;
  /** server.ts's queryStatsPlugin, at Apollo's willSendResponse (not on a context failure, where no plugin runs). */
  const withStatements = (extensions: Record<string, unknown> | undefined) => {
    const count = statements?.();
    return count === undefined ? extensions : { ...extensions, sqlStatements: count };
  };

  const errorBody = (errors: readonly unknown[], head: Head): GraphQLFormattedError[] => errors.map((error) => formatOne(error, head, formatError));

  const send = (response: Response, head: Head, body: unknown) => {
    for (const [name, value] of head.headers) response.setHeader(name, value);
    response.setHeader("content-type", APPLICATION_JSON);
    response.statusCode = head.status ?? 200;
    response.send(JSON.stringify(body) + "\n");
  };

  return (request: Request, response: Response, next: NextFunction): void => {
    const body = request.body as Record<string, unknown> | undefined;
    if (request.method !== "POST" || !JSON_CONTENT.test(request.headers["content-type"] ?? "") || !body || typeof body !== "object" || Array.isArray(body)) return next();
    const accept = request.headers.accept;
    if (accept !== undefined && !JSON_ACCEPTS.has(accept)) return next();
    const { query, variables, operationName, extensions } = body;
    if (typeof query !== "string" || (extensions !== undefined && extensions !== null)) return next();
    if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return next();
    if (variables !== undefined && variables !== null && (typeof variables !== "object" || Array.isArray(variables))) return next();
    const known = executor.known(query, operationName ?? null);
    if (!known) return next();
    const given = (variables ?? {}) as Record<string, unknown>;
    // Pure checks first: a refusal is Apollo's to word, and nothing has been spent yet.
    const coerced = getVariableValues(schema, known.operation.variableDefinitions ?? [], given, { maxErrors: 50 });
    if (coerced.errors) return next();
    if (limits.check(known.document, known.operationName, given)) return next();

    options.answered?.();
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
    })().catch(next);
  };
}

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
