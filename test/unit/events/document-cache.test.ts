// The WebSocket path's document cache: one parse and validation per distinct text, refusals cached alike, bounded.
import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { DEFAULT_QUERY_LIMITS, QueryLimits } from "../../../src/graphql/limits/index.js";
import { DocumentCache } from "../../../src/graphql/websocket-documents.js";

const schema = buildSchema("type Query { a: A } type A { b: A, name: String } type Subscription { tick: Int }");
const limits = (depth = 100) => new QueryLimits(schema, { ...DEFAULT_QUERY_LIMITS, depth });

describe("DocumentCache", () => {
  it("parses and validates a text once and hands back the same document after", () => {
    const cache = new DocumentCache(limits(), 10);
    const first = cache.prepare("{ a { name } }");
    expect(first.errors).toBeUndefined();
    expect(cache.prepare("{ a { name } }")).toBe(first);
    expect(cache.statistics).toEqual({ hits: 1, misses: 1, size: 1 });
  });

  it.each([
    ["{ a { nope } }", "GRAPHQL_VALIDATION_FAILED"],
    ["{ a { b { b { b { name } } } } }", "QUERY_TOO_COMPLEX"],
    ["{ a {", "GRAPHQL_PARSE_FAILED"],
  ])("refuses %s with %s, and remembers the refusal", (query, code) => {
    const cache = new DocumentCache(limits(3), 10);
    const refused = cache.prepare(query);
    expect(refused.errors?.[0]?.extensions.code).toBe(code);
    expect(cache.prepare(query).errors).toEqual(refused.errors);
  });

  it("keeps at most its capacity, dropping the least recently used", () => {
    const cache = new DocumentCache(limits(), 2);
    cache.prepare("{ a { name } }");
    cache.prepare("{ a { b { name } } }");
    cache.prepare("{ a { name } }");
    cache.prepare("subscription { tick }");
    expect(cache.statistics.size).toBe(2);
    cache.prepare("{ a { name } }");
    cache.prepare("{ a { b { name } } }");
    expect(cache.statistics).toEqual({ hits: 2, misses: 4, size: 2 });
  });
});
