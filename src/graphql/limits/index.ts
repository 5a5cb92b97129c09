// Query limits shared by GraphQL over HTTP and over WebSocket: parse with a token cap, standard validation, then the limits, each once per document.
import { getOperationAST, GraphQLError, Lexer, parse, Source, specifiedRules, TokenKind, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { measureOperation, type CostModel, type Measurement } from "./measure.js";

export type { Measurement } from "./measure.js";

export interface QueryLimitSettings extends CostModel {
  /** Tokens in a document (the parser stops there). TURNKEY_MAX_QUERY_TOKENS, default 2000. */
  tokens: number;
  /** Field nesting. TURNKEY_MAX_QUERY_DEPTH, default 12. */
  depth: number;
  /** Aliased fields. TURNKEY_MAX_QUERY_ALIASES, default 15. */
  aliases: number;
  /** Fields at the root of an operation. TURNKEY_MAX_QUERY_ROOT_FIELDS, default 20. */
  rootFields: number;
  /** Directives. TURNKEY_MAX_QUERY_DIRECTIVES, default 50. */
  directives: number;
  /**
   * Objects resolved (src/graphql/limits/measure.ts); for a subscription, per event. TURNKEY_MAX_QUERY_COST,
   * default 20 000: two nested pages of 100 pass, a third level does not. (graphql-armor's 5000 counts
   * field nodes, not list items, so its figure is not comparable.)
   */
  cost: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimitSettings = { tokens: 2_000, depth: 12, aliases: 15, rootFields: 20, directives: 50, cost: 20_000, defaultPageSize: 20, maximumPageSize: 100 };

type Which = "tokens" | "depth" | "aliases" | "rootFields" | "directives" | "cost";

export function queryTooComplex(which: Which, limit: number, value: number, atLeast = false): GraphQLError {
  const shown = Number.isFinite(value) ? Math.min(value, Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
  return new GraphQLError(`the query's ${which} is ${atLeast ? "at least " : ""}${shown}, over the limit of ${limit}`, {
    extensions: { code: "QUERY_TOO_COMPLEX", limit, value: shown, which, http: { status: 400 } },
  });
}

const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/**
 * The parser's maxTokens refusal as QUERY_TOO_COMPLEX with the count; any other syntax error: null. The count stops at
 * four times the limit ("at least" that many): lexing the rest of a 1 MB body would cost more than the refusal is worth
 * (19,000 tokens, the 1,000-alias bomb, took 16 ms of the 26–59 ms its refusal took on a loaded machine).
 */
export function tokenLimitError(error: GraphQLError): GraphQLError | null {
  const limit = TOKEN_LIMIT.exec(error.message)?.[1];
  if (!limit || !error.source) return null;
  const cap = 4 * Number(limit);
  const counted = countTokens(error.source.body, cap);
  return queryTooComplex("tokens", Number(limit), counted, counted >= cap);
}

/** Lexing is linear and cheap next to parsing; only run on refusal, to report the figure, and only up to `cap` tokens. */
function countTokens(text: string, cap: number): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  try {
    while (count < cap && lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    // A lexical error further on: the count so far is still over the limit.
  }
  return count;
}

export type PreparedDocument = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

export class QueryLimits {
  /** Refusals per document, operation name and page-size variables: Apollo's document store and the WebSocket cache hand back the same DocumentNode. */
  private readonly measured = new WeakMap<DocumentNode, Map<string, { refusal: GraphQLError | null; figures: Measurement | null }>>();

  constructor(
    private readonly schema: GraphQLSchema,
    readonly settings: QueryLimitSettings,
  ) {}

  get parseOptions() {
    return { maxTokens: this.settings.tokens };
  }

  /** The figures of one operation of a validated document (tests, the reliability suite). */
  measure(document: DocumentNode, operationName?: string | null, variables?: Readonly<Record<string, unknown>> | null): Measurement | null {
    const operation = getOperationAST(document, operationName ?? undefined);
    return operation ? measureOperation(this.schema, document, operation, this.settings, pageVariables(variables)) : null;
  }

  /** The first limit the operation exceeds, or null; for a validated document only. */
  check(document: DocumentNode, operationName?: string | null, variables?: Readonly<Record<string, unknown>> | null): GraphQLError | null {
    return this.assess(document, operationName, variables).refusal;
  }

  /** The operation's figures, as check() measured them (the rate limits charge its cost). */
  figures(document: DocumentNode, operationName?: string | null, variables?: Readonly<Record<string, unknown>> | null): Measurement | null {
    return this.assess(document, operationName, variables).figures;
  }

  /** Depth, aliases, root fields, directives of every operation: safe before validation (a cycle counts nothing). */
  private countRefusal(document: DocumentNode): GraphQLError | null {
    for (const definition of document.definitions) {
      if (definition.kind !== "OperationDefinition") continue;
      const figures = measureOperation(this.schema, document, definition, this.settings);
      for (const which of ["depth", "aliases", "rootFields", "directives"] as const) {
        if (figures[which] > this.settings[which]) return queryTooComplex(which, this.settings[which], figures[which]);
      }
    }
    return null;
  }

  private assess(document: DocumentNode, operationName?: string | null, variables?: Readonly<Record<string, unknown>> | null): { refusal: GraphQLError | null; figures: Measurement | null } {
    let byOperation = this.measured.get(document);
    if (!byOperation) this.measured.set(document, (byOperation = new Map()));
    const pages = pageVariables(variables);
    const key = `${operationName ?? ""}\u0000${JSON.stringify(pages)}`;
    const known = byOperation.get(key);
    if (known !== undefined) return known;
    // Bounded: a client cycling page sizes keeps at most this many figures per document.
    if (byOperation.size >= 100) byOperation.clear();
    const figures = this.measure(document, operationName, variables);
    let refusal: GraphQLError | null = null;
    if (figures) {
      for (const which of ["depth", "aliases", "rootFields", "directives", "cost"] as const) {
        if (figures[which] > this.settings[which]) {
          refusal = queryTooComplex(which, this.settings[which], figures[which]);
          break;
        }
      }
    }
    const assessed = { refusal, figures };
    byOperation.set(key, assessed);
    return assessed;
  }

  /** Parse (token cap), then standard validation alone: a fragment cycle is GRAPHQL_VALIDATION_FAILED before any limit walks it. */
  parseAndValidate(query: string): PreparedDocument {
    let document: DocumentNode;
    try {
      document = parse(query, this.parseOptions);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return { errors: [tokenLimitError(error) ?? withCode(error, "GRAPHQL_PARSE_FAILED")] };
    }
    // The limits that do not depend on variables first: graphql-js's overlapping-fields rule is quadratic
    // in repeated fields, so a hundred copies of a field are refused before it compares them.
    const early = this.countRefusal(document);
    if (early) return { errors: [early] };
    const errors = validate(this.schema, document, specifiedRules);
    if (errors.length > 0) return { errors: errors.map((error) => withCode(error, "GRAPHQL_VALIDATION_FAILED")) };
    return { document };
  }
}

/** The top-level integer variables (page sizes) and list variables' lengths (ids); other inputs are not looked into. */
function pageVariables(variables: Readonly<Record<string, unknown>> | null | undefined): Record<string, number> {
  const pages: Record<string, number> = {};
  for (const [name, value] of Object.entries(variables ?? {})) {
    if (Number.isInteger(value)) pages[name] = value as number;
    else if (Array.isArray(value)) pages[name] = value.length;
  }
  return pages;
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}
