// Which of a row's properties a connection's answer reads: a page of fifty clusters whose answer shows four of their
// forty columns need not read, decode, convert and copy the other thirty-six (issue 13's portal read).
import { Kind, isObjectType, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

export interface RowNeeds {
  /** The GraphQL object type of the connection's nodes ("Cluster"). */
  typeName: string;
  /** The row's properties (its table's columns). */
  rowProperties: ReadonlySet<string>;
  /** Plain fields of the object built from other properties than their own name ("id" and "uuid" from the row's id). */
  plainFrom: Readonly<Record<string, readonly string[]>>;
  /** Fields with a resolver, and the row properties that resolver reads. A resolver not listed here means: every column. */
  resolverNeeds: Readonly<Record<string, readonly string[]>>;
}

/**
 * The row properties the selection under the connection field being resolved reads (its `nodes { … }` and
 * `edges { node { … } }`), or undefined for "every column": when the selection holds a field this does not know
 * (a resolver not in `resolverNeeds`, a plain field that is not a property) or anything it cannot follow. A field
 * under @skip or @include counts as selected: reading more than needed is safe, less is not.
 */
export function selectedProperties(info: GraphQLResolveInfo, needs: RowNeeds): string[] | undefined {
  // The same field of the same document gives the same answer (a list's fifty node-group fields, a repeated query):
  // worked out once per field node. A schema built again (tests) gets its own entries through the needs' type.
  let byNode = computed.get(needs);
  if (!byNode) computed.set(needs, (byNode = new WeakMap()));
  const first = info.fieldNodes[0];
  if (first && info.fieldNodes.length === 1) {
    const known = byNode.get(first);
    if (known && known.schema === info.schema) return known.properties;
  }
  const properties = compute(info, needs);
  if (first && info.fieldNodes.length === 1) byNode.set(first, { schema: info.schema, properties });
  return properties;
}

const computed = new WeakMap<RowNeeds, WeakMap<FieldNode, { schema: GraphQLResolveInfo["schema"]; properties: string[] | undefined }>>();

function compute(info: GraphQLResolveInfo, needs: RowNeeds): string[] | undefined {
  const type = info.schema.getType(needs.typeName);
  if (!isObjectType(type)) return undefined;
  const fields = type.getFields();
  const wanted = new Set<string>();
  const complete = walkNodeFields(info, false, (selection) => {
    const name = selection.name.value;
    if (name === "__typename") return true;
    const field = fields[name];
    if (!field) return false;
    if (field.resolve) {
      const reads = needs.resolverNeeds[name];
      if (reads) for (const property of reads) wanted.add(property);
      return Boolean(reads);
    }
    const from = needs.plainFrom[name] ?? (needs.rowProperties.has(name) ? [name] : undefined);
    if (from) for (const property of from) wanted.add(property);
    return Boolean(from);
  });
  return complete ? [...wanted] : undefined;
}

/**
 * Calls `field` for every field selected on the nodes of the connection field being resolved (its `nodes { … }` and
 * `edges { node { … } }`, through inline fragments and fragment spreads). False as soon as `field` returns false or
 * the walk meets what it cannot follow: a fragment it does not find, or, when `refuseDirectives`, any directive.
 */
function walkNodeFields(info: GraphQLResolveInfo, refuseDirectives: boolean, field: (selection: FieldNode) => boolean): boolean {
  let complete = true;
  const visit = (set: SelectionSetNode, depth: "connection" | "edge" | "node", seen: ReadonlySet<string>): void => {
    for (const selection of set.selections) {
      if (!complete) return;
      if (refuseDirectives && selection.directives?.length) {
        complete = false;
      } else if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (depth === "node") complete = field(selection);
        else if (!selection.selectionSet) continue;
        else if (depth === "connection" && name === "nodes") visit(selection.selectionSet, "node", new Set());
        else if (depth === "connection" && name === "edges") visit(selection.selectionSet, "edge", seen);
        else if (depth === "edge" && name === "node") visit(selection.selectionSet, "node", new Set());
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, depth, seen);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (!fragment || (refuseDirectives && fragment.directives?.length)) complete = false;
        else if (!seen.has(selection.name.value)) visit(fragment.selectionSet, depth, new Set([...seen, selection.name.value]));
      }
    }
  };
  for (const node of info.fieldNodes) if (node.selectionSet) visit(node.selectionSet, "connection", new Set());
  return complete;
}

/**
 * The field nodes named `name` in the selection of a connection's nodes (`nodes { … }`, `edges { node { … } }`,
 * fragments followed), for the field being resolved; undefined when the selection holds anything that makes the
 * answer uncertain (a directive, a fragment this does not find). Worked out once per field node, like the above.
 */
export function nodeFieldNodes(info: GraphQLResolveInfo, name: string): readonly FieldNode[] | undefined {
  const first = info.fieldNodes[0];
  const cacheable = first !== undefined && info.fieldNodes.length === 1;
  let byName = cacheable ? fieldNodesFound.get(first) : undefined;
  if (byName?.has(name)) return byName.get(name);
  const found = findNodeFields(info, name);
  if (cacheable) {
    if (!byName) fieldNodesFound.set(first, (byName = new Map()));
    byName.set(name, found);
  }
  return found;
}

const fieldNodesFound = new WeakMap<FieldNode, Map<string, readonly FieldNode[] | undefined>>();

function findNodeFields(info: GraphQLResolveInfo, name: string): readonly FieldNode[] | undefined {
  const found: FieldNode[] = [];
  const certain = walkNodeFields(info, true, (selection) => {
    if (selection.name.value === name) found.push(selection);
    return true;
  });
  return certain ? found : undefined;
}
