// Parsed and validated GraphQL documents for the WebSocket path, cached by query text (UIs send the same few).
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from "graphql";
import { LRUCache } from "lru-cache";

export type PreparedDocument = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

export interface DocumentCacheStatistics {
  hits: number;
  misses: number;
  size: number;
}

/**
 * Validation depends only on the schema, the rules and the text (variables come later), so a document
 * that passed once passes again; a refused one is refused again with the same errors, cached alike so a
 * client retrying an invalid subscription costs nothing. Errors carry the codes the HTTP path gives.
 */
export class DocumentCache {
  private readonly entries: LRUCache<string, PreparedDocument>;
  private readonly rules: readonly ValidationRule[];
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    extraRules: readonly ValidationRule[],
    /** Documents kept (TURNKEY_WS_DOCUMENT_CACHE, default 1000). */
    capacity: number,
    /** Longer texts are prepared every time rather than kept. Default 64 KiB. */
    private readonly maxQueryLength = 65_536,
  ) {
    this.entries = new LRUCache({ max: capacity });
    this.rules = [...specifiedRules, ...extraRules];
  }

  prepare(query: string): PreparedDocument {
    const cached = this.entries.get(query);
    if (cached) {
      this.hits += 1;
      return cached;
    }
    this.misses += 1;
    const prepared = this.parseAndValidate(query);
    if (query.length <= this.maxQueryLength) this.entries.set(query, prepared);
    return prepared;
  }

  get statistics(): DocumentCacheStatistics {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }

  private parseAndValidate(query: string): PreparedDocument {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return { errors: [withCode(error, "GRAPHQL_PARSE_FAILED")] };
    }
    const errors = validate(this.schema, document, this.rules);
    if (errors.length > 0) return { errors: errors.map((error) => withCode(error, "GRAPHQL_VALIDATION_FAILED")) };
    return { document };
  }
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}
