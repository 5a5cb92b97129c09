// Apollo's execution step for GraphQL over HTTP: a query document seen again runs as graphql-jit compiled code instead
// of graphql-js's generic executor, which re-walks the document and allocates per field for every object of every
// answer (issue 13's portal read). Plugged in through Apollo's `gateway` hook, so everything before and after
// execution stays Apollo's: parsing and validation (its document cache), the query limits and rate charge
// (didResolveOperation), the context and its deadline, error formatting, the JSON written.
// A document compiled here is also remembered by its text and operation name (`known`), for the compiled lane in
// front of Apollo (src/graphql/compiled-http.ts), which answers the same request again without Apollo's pipeline.
import type { ApolloServerOptionsWithGateway } from "@apollo/server";
import { LRUCache } from "lru-cache";
import { execute, getVariableValues, GraphQLError, Kind, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

type Gateway = ApolloServerOptionsWithGateway<never>["gateway"];

/** Executions of a document before it is compiled: a one-off document (or a prober's stream of unique ones) never pays for compilation. */
export const COMPILE_AFTER_EXECUTIONS = 2;

/** Query texts (with their operation names) remembered for the compiled lane: the newest this many. */
export const KNOWN_DOCUMENTS = 1_000;

/** A query document Apollo parsed and validated against the schema, compiled by graphql-jit. */
export interface KnownOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The operation's name as the request gave it (null: the document's only operation). */
  operationName: string | null;
  compiled: CompiledQuery;
}

interface Entry {
  executions: number;
  /** The compiled operation, or null when it is not to be compiled (introspection, compilation refused). */
  compiled?: CompiledQuery | null;
}

/** True when the selection reaches the introspection fields (__schema, __type): those stay on graphql-js. */
function introspects(set: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): boolean {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === "__schema" || selection.name.value === "__type") return true;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (introspects(selection.selectionSet, document, seen)) return true;
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find((definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value);
      if (fragment && fragment.kind === Kind.FRAGMENT_DEFINITION && introspects(fragment.selectionSet, document, seen)) return true;
    }
  }
  return false;
}

export class CompiledExecutor {
  /** Per document (Apollo's document store hands back the same DocumentNode for the same text), per operation name. */
  private readonly documents = new WeakMap<DocumentNode, Map<string, Entry>>();
  /** By query text and operation name: only documents that passed Apollo's parsing and validation and compiled. */
  private readonly byText = new LRUCache<string, KnownOperation>({ max: KNOWN_DOCUMENTS });
  compilations = 0;

  constructor(private readonly schema: GraphQLSchema) {}

  /** For ApolloServer's `gateway` option: the schema as is, executed by `execute` below. */
  gateway(): Gateway {
    return {
      onSchemaLoadOrUpdate: (callback) => {
        callback({ apiSchema: this.schema, coreSupergraphSdl: "" });
        return () => undefined;
      },
      load: async () => ({ executor: (request) => this.execute(request.document, request.operation, request.request.operationName ?? null, request.request.variables, request.context, request.source) }),
      stop: async () => undefined,
    };
  }

  /** The compiled operation Apollo validated for this text and operation name, if it was compiled and is still remembered. */
  known(query: string, operationName: string | null): KnownOperation | undefined {
    return this.byText.get(textKey(query, operationName));
  }

  /** `operationName` as the request gave it; `source` the document's text (null: not remembered for the compiled lane). */
  async execute(document: DocumentNode, operation: OperationDefinitionNode, operationName: string | null, variables: Record<string, unknown> | undefined, context: unknown, source: string | null = null): Promise<ExecutionResult> {
    const compiled = operation.operation === "query" ? this.compiledFor(document, operation, operationName) : null;
    if (compiled && source !== null) {
      const key = textKey(source, operationName);
      if (!this.byText.has(key)) this.byText.set(key, { document, operation, operationName, compiled });
    }
    if (!compiled) return execute({ schema: this.schema, document, operationName, variableValues: variables, contextValue: context });
    // Variables are coerced by graphql-js first so a bad one is refused in graphql-js's words, as before.
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 50 });
    if (coerced.errors) return { errors: coerced.errors };
    return runCompiled(compiled, context, variables ?? {});
  }

  private compiledFor(document: DocumentNode, operation: OperationDefinitionNode, operationName: string | null): CompiledQuery | null {
    let byName = this.documents.get(document);
    if (!byName) this.documents.set(document, (byName = new Map()));
    const key = operationName ?? "";
    let entry = byName.get(key);
    if (!entry) byName.set(key, (entry = { executions: 0 }));
    if (entry.compiled !== undefined) return entry.compiled;
    entry.executions += 1;
    if (entry.executions < COMPILE_AFTER_EXECUTIONS) return null;
    if (introspects(operation.selectionSet, document)) return (entry.compiled = null);
    const result = compileQuery(this.schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
    this.compilations += 1;
    return (entry.compiled = isCompiledQuery(result) ? result : null);
  }
}

function textKey(query: string, operationName: string | null): string {
  // A NUL cannot end a GraphQL name, so no text and name pair reads as another.
  return operationName === null ? query : `${query}\u0000${operationName}`;
}

/** Runs a compiled query; its errors as graphql-js's executor makes them (see `asGraphQLJsError`). */
export async function runCompiled(compiled: CompiledQuery, context: unknown, variables: Record<string, unknown>): Promise<ExecutionResult> {
  const result = await compiled.query(undefined, context, variables);
  if (!result.errors?.length || result.errors.every((error) => error.extensions)) return result;
  return { ...result, errors: result.errors.map(asGraphQLJsError) };
}

/**
 * graphql-jit's errors have no `extensions` unless their original error had some, where graphql-js's always have
 * an object: Apollo's error formatting reads `extensions.code`, threw, and masked every refusal a resolver throws
 * as a DomainError (a page size out of range, BAD_USER_INPUT) as "Internal server error" once its document was
 * compiled. The same error as graphql-js's, with graphql-jit's path and locations.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  if (error.extensions) return error;
  const normalized = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined });
  if (error.locations) Object.defineProperty(normalized, "locations", { value: error.locations, enumerable: true, writable: true, configurable: true });
  return normalized;
}
