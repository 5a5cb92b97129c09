// Inputs generated from the schema itself: a plausible value for every argument, then one leaf made hostile.
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import { toGlobalId } from "../../src/graphql/common/global-id.js";

const ID_OF_ANOTHER_TYPE = toGlobalId("Operation", "00000000-0000-4000-8000-00000000ffff");
const UNKNOWN_CLUSTER = toGlobalId("Cluster", "00000000-0000-4000-8000-00000000eeee");

/** Hostile leaves: wrong types, nulls, boundaries, huge and hostile strings, unicode, other types' ids. */
export const HOSTILE: unknown[] = [
  null,
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff\ud800",
  "💥".repeat(300),
  "x".repeat(256),
  "x".repeat(100_000),
  "'; drop table clusters; --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%s%s%s%n",
  "ǅ̸̡̛ͅ",
  "\u202e\u200b",
  0,
  -1,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_649,
  Number.MAX_SAFE_INTEGER,
  1e308,
  0.5,
  true,
  [],
  {},
  { nested: { deeper: ["x"] } },
  Array.from({ length: 5_000 }, () => "x"),
  Array.from({ length: 150 }, (_, index) => ({ key: `k${index}`, value: "v" })),
  ID_OF_ANOTHER_TYPE,
  UNKNOWN_CLUSTER,
  "not-a-global-id",
  "2026-13-45T99:99:99Z",
];

function plausible(type: GraphQLInputType, depth: number): unknown {
  if (isNonNullType(type)) return plausible(type.ofType, depth);
  if (isListType(type)) return depth > 3 ? [] : [plausible(type.ofType, depth + 1)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]?.value ?? null;
  if (isInputObjectType(named)) {
    if (depth > 3) return null;
    const value: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) value[field.name] = plausible(field.type, depth + 1);
    return value;
  }
  if (isScalarType(named)) {
    if (named.name === "Int") return 1;
    if (named.name === "Float") return 1.5;
    if (named.name === "Boolean") return false;
    if (named.name === "ID") return UNKNOWN_CLUSTER;
    if (named.name === "DateTime" || named.name === "DateTimeISO") return "2030-01-01T00:00:00Z";
    return "fuzz";
  }
  return null;
}

/** Every path to a leaf (or list, or object) of a value. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const found: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => found.push(...paths(item, [...prefix, index])));
  else if (value && typeof value === "object") for (const [key, inner] of Object.entries(value)) found.push(...paths(inner, [...prefix, key]));
  return found;
}

function replaced(value: unknown, path: (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) }) as Record<string | number, unknown>;
  copy[head!] = replaced(copy[head!], rest, leaf);
  return copy;
}

export interface FuzzCase {
  operation: string;
  query: string;
  variables: Record<string, unknown>;
}

function selectionFor(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isScalarType(named) || isEnumType(named) ? "" : " { __typename }";
}

function document(kind: "query" | "mutation", field: GraphQLField<unknown, unknown>): string {
  const definitions = field.args.map((argument: GraphQLArgument) => `$${argument.name}: ${String(argument.type)}`).join(", ");
  const passes = field.args.map((argument) => `${argument.name}: $${argument.name}`).join(", ");
  return `${kind} Fuzz${definitions ? `(${definitions})` : ""} { ${field.name}${passes ? `(${passes})` : ""}${selectionFor(field)} }`;
}

/** `count` cases over every mutation and every query with arguments, round robin, one hostile leaf each. */
export function fuzzCases(schema: GraphQLSchema, count: number, next: () => number): FuzzCase[] {
  const fields: { kind: "query" | "mutation"; field: GraphQLField<unknown, unknown> }[] = [
    ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({ kind: "mutation" as const, field })),
    ...Object.values(schema.getQueryType()?.getFields() ?? {})
      .filter((field) => field.args.length > 0)
      .map((field) => ({ kind: "query" as const, field })),
  ];
  const cases: FuzzCase[] = [];
  for (let index = 0; index < count; index += 1) {
    const { kind, field } = fields[index % fields.length]!;
    const variables: Record<string, unknown> = {};
    for (const argument of field.args) variables[argument.name] = plausible(argument.type, 0);
    const targets = paths(variables).filter((path) => path.length > 0);
    const target = targets[Math.floor(next() * targets.length)];
    const leaf = HOSTILE[Math.floor(next() * HOSTILE.length)];
    cases.push({ operation: field.name, query: document(kind, field), variables: target ? (replaced(variables, target, leaf) as Record<string, unknown>) : variables });
  }
  return cases;
}
