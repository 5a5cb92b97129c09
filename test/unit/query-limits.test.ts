// The query limits' figures (src/graphql/limits): one memoized walk, lists by first/last, nesting multiplies.
import { parse } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_QUERY_LIMITS, QueryLimits } from "../../src/graphql/limits/index.js";
import { createSchema } from "../../src/graphql/schema.js";
import { exponentialFragments, PATHOLOGICAL } from "../support/pathological.js";

let limits: QueryLimits;
beforeAll(async () => {
  limits = new QueryLimits(await createSchema(), DEFAULT_QUERY_LIMITS);
});

const measure = (query: string) => limits.measure(parse(query));

describe("the query limits' figures", () => {
  it("count a page by first/last, the connection default without them, and multiply nesting", () => {
    expect(measure("{ clusters(first: 100) { edges { node { id } } } }")).toMatchObject({ depth: 4, cost: 1 + 100 * (1 + 1) });
    expect(measure("{ clusters { nodes { id } } }")?.cost).toBe(1 + 20 * 1);
    expect(measure("{ clusters(last: 5) { nodes { nodeGroups(first: 10) { nodes { id } } } } }")?.cost).toBe(1 + 5 * (1 + 1 + 10 * 1));
    // A variable page size counts as its value, else its default, else the resolver's default page.
    expect(measure("query ($n: Int = 7) { clusters(first: $n) { nodes { id } } }")?.cost).toBe(1 + 7);
    expect(measure("query ($n: Int) { clusters(first: $n) { nodes { id } } }")?.cost).toBe(1 + 20);
    expect(limits.measure(parse("query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Cluster { template { id } } } }"), null, { ids: ["a", "b", "c"] })?.cost).toBe(1 + 3 * 1);
    expect(limits.measure(parse("query ($n: Int = 7) { clusters(first: $n) { nodes { id } } }"), null, { n: 3 })?.cost).toBe(1 + 3);
    expect(measure("{ viewer { user { name } } }")).toMatchObject({ depth: 3, cost: 2, aliases: 0, rootFields: 1 });
  });

  it("count aliases, root fields and directives wherever a fragment is spread", () => {
    const figures = measure("{ ...R ...R } fragment R on Query { a: viewer { user { name @include(if: true) } } }");
    expect(figures).toMatchObject({ aliases: 2, rootFields: 2, directives: 2 });
  });

  it("a subscription costs what one event resolves", () => {
    expect(measure("subscription { clusterEvents { cursor cluster { id nodeGroups(first: 10) { nodes { id } } } } }")?.cost).toBe(1 + 1 + 1 + 10);
  });

  it("measure 30 levels of doubled fragment spreads once each: the figures are 2^30, the walk is 31 fragments", () => {
    const figures = limits.measure(parse(exponentialFragments(30)));
    expect(figures?.rootFields).toBe(2 ** 30);
    expect(figures?.cost).toBe(2 ** 30);
    // 300 levels would take longer than the universe's age unmemoized; here the numbers only overflow to Infinity.
    expect(limits.check(parse(exponentialFragments(300)))?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", value: Number.MAX_SAFE_INTEGER });
  });

  it.each(PATHOLOGICAL)("refuses $name with $code", ({ query, code, which }) => {
    const prepared = limits.parseAndValidate(query);
    const error = prepared.errors?.[0] ?? limits.check(prepared.document!);
    expect(error?.extensions.code).toBe(code);
    if (which) expect(error?.extensions).toMatchObject({ which, limit: DEFAULT_QUERY_LIMITS[which as "cost"], value: expect.any(Number) });
  });

  it("keeps its figures with the document: the same DocumentNode is checked once", () => {
    const document = parse("query ($n: Int) { clusters(first: $n) { edges { node { nodeGroups(first: $n) { nodes { id cluster { id } } } } } } }");
    const first = limits.check(document, null, { n: 100 });
    expect(first?.extensions.which).toBe("cost");
    expect(limits.check(document, null, { n: 100 })).toBe(first);
    expect(limits.check(document, null, { n: 10 })).toBeNull();
  });
});
