// The hostile documents of issue 12 and their cousins, shared by the limits tests and the reliability suite.

/** `{ ...F0 } fragment F0 on Query { ...F1 ...F1 } …`: 2^levels spreads from a 2 KB text. */
export function exponentialFragments(levels = 30): string {
  let text = "query Exponential { ...F0 } ";
  for (let level = 0; level < levels; level += 1) text += `fragment F${level} on Query { ...F${level + 1} ...F${level + 1} } `;
  return `${text}fragment F${levels} on Query { clusters { totalCount } }`;
}

export const FRAGMENT_CYCLE = "query Cycle { ...A } fragment A on Query { ...B } fragment B on Query { ...A }";

/** `count` aliases of a page of clusters; in a subscription, inside its one root field (so every event resolves them all). */
export function aliasBomb(count = 1_000, operation: "query" | "subscription" = "query"): string {
  const aliases = (field: string) => Array.from({ length: count }, (_, index) => `a${index}: ${field}`).join(" ");
  if (operation === "query") return `{ ${aliases("clusters(first: 100) { totalCount edges { node { id name } } }")} }`;
  return `subscription { clusterEvents { cursor ${aliases("cluster { template { clusters(first: 100) { totalCount } } }")} } }`;
}

/** Three nested pages of 100: under every count limit, over the cost limit. */
export const NESTED_PAGES = "{ clusters(first: 100) { nodes { nodeGroups(first: 100) { nodes { cluster { events(first: 100) { nodes { cursor } } } } } } } }";

export const DEEP = `{ ${"clusters { nodes { template { ".repeat(5)}id${" } } }".repeat(5)} }`;

export function manyTokens(count = 5_000): string {
  return `{ viewer { ${Array.from({ length: count }, () => "__typename").join(" ")} } }`;
}

export function manyDirectives(count = 200): string {
  // Non-repeatable directives once per field node; the nodes merge into one field.
  return `{ viewer { user { ${Array.from({ length: count }, () => "name @include(if: true)").join(" ")} } } }`;
}

export function manyRootFields(count = 100): string {
  return `{ ${Array.from({ length: count }, () => "viewer { user { name } }").join(" ")} }`;
}

/** Every hostile document, the code it must be refused with, and (for QUERY_TOO_COMPLEX) which limit. */
export const PATHOLOGICAL: { name: string; query: string; code: string; which?: string }[] = [
  { name: "30 levels of doubled fragment spreads", query: exponentialFragments(30), code: "QUERY_TOO_COMPLEX" },
  { name: "fragment cycle", query: FRAGMENT_CYCLE, code: "GRAPHQL_VALIDATION_FAILED" },
  // 16,000 tokens: the parser stops before the aliases are counted.
  { name: "1,000 aliases of clusters(first: 100)", query: aliasBomb(1_000), code: "QUERY_TOO_COMPLEX", which: "tokens" },
  { name: "50 aliases of clusters(first: 100)", query: aliasBomb(50), code: "QUERY_TOO_COMPLEX", which: "aliases" },
  { name: "50 aliases in a clusterEvents subscription", query: aliasBomb(50, "subscription"), code: "QUERY_TOO_COMPLEX", which: "aliases" },
  { name: "three nested pages of 100", query: NESTED_PAGES, code: "QUERY_TOO_COMPLEX", which: "cost" },
  { name: "25 levels deep", query: DEEP, code: "QUERY_TOO_COMPLEX", which: "depth" },
  { name: "5,000 tokens", query: manyTokens(5_000), code: "QUERY_TOO_COMPLEX", which: "tokens" },
  { name: "200 directives", query: manyDirectives(200), code: "QUERY_TOO_COMPLEX", which: "directives" },
  { name: "100 root fields", query: manyRootFields(100), code: "QUERY_TOO_COMPLEX", which: "rootFields" },
];
