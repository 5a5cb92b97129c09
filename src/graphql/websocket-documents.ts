// Parsed and validated GraphQL documents for the WebSocket path, cached by query text (UIs send the same few).
import type { GraphQLError } from "graphql";
import { LRUCache } from "lru-cache";
import type { PreparedDocument, QueryLimits } from "./limits/index.js";

export type { PreparedDocument } from "./limits/index.js";

export interface DocumentCacheStatistics {
  hits: number;
  misses: number;
  size: number;
}

/**
 * Validation depends only on the schema, the limits and the text (variables come later), so a document
 * that passed once passes again; a refused one is refused again with the same errors, cached alike so a
 * client retrying an invalid subscription costs nothing. Errors carry the codes the HTTP path gives.
 */
export class DocumentCache {
  private readonly entries: LRUCache<string, PreparedDocument>;
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly limits: QueryLimits,
    /** Documents kept (TURNKEY_WS_DOCUMENT_CACHE, default 1000). */
    capacity: number,
    /** Longer texts are prepared every time rather than kept. Default 64 KiB. */
    private readonly maxQueryLength = 65_536,
  ) {
    this.entries = new LRUCache({ max: capacity });
  }

  /** The operation's limits are checked once per document and operation name (QueryLimits keeps the figures with the document). */
  prepare(query: string, operationName?: string | null, variables?: Readonly<Record<string, unknown>> | null): PreparedDocument {
    let prepared = this.entries.get(query);
    if (prepared) {
      this.hits += 1;
    } else {
      this.misses += 1;
      prepared = this.limits.parseAndValidate(query);
      if (query.length <= this.maxQueryLength) this.entries.set(query, prepared);
    }
    if (prepared.errors) return prepared;
    const refusal: GraphQLError | null = this.limits.check(prepared.document, operationName, variables);
    return refusal ? { errors: [refusal] } : prepared;
  }

  get statistics(): DocumentCacheStatistics {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }
}
