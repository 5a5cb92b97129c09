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
  let complete = true;

  const visitNode = (set: SelectionSetNode, seen: Set<string>): void => {
    for (const selection of set.selections) {
      if (!complete) return;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === "__typename") continue;
        const field = fields[name];
        if (!field) {
          complete = false;
        } else if (field.resolve) {
          const reads = needs.resolverNeeds[name];
          if (reads) for (const property of reads) wanted.add(property);
          else complete = false;
        } else if (needs.plainFrom[name]) {
          for (const property of needs.plainFrom[name]) wanted.add(property);
        } else if (needs.rowProperties.has(name)) {
          wanted.add(name);
        } else {
          complete = false;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visitNode(selection.selectionSet, seen);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (!fragment) complete = false;
        else if (!seen.has(selection.name.value)) visitNode(fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
  };

  // The connection's own selection: nodes { … }, edges { node { … } cursor }, pageInfo, totalCount.
  const visitConnection = (set: SelectionSetNode, seen: Set<string>, depth: "connection" | "edge"): void => {
    for (const selection of set.selections) {
      if (!complete) return;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (depth === "connection" && name === "nodes" && selection.selectionSet) visitNode(selection.selectionSet, new Set());
        else if (depth === "connection" && name === "edges" && selection.selectionSet) visitConnection(selection.selectionSet, seen, "edge");
        else if (depth === "edge" && name === "node" && selection.selectionSet) visitNode(selection.selectionSet, new Set());
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visitConnection(selection.selectionSet, seen, depth);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (!fragment) complete = false;
        else if (!seen.has(selection.name.value)) visitConnection(fragment.selectionSet, new Set([...seen, selection.name.value]), depth);
      }
    }
  };

  for (const node of info.fieldNodes) {
    if (node.selectionSet) visitConnection(node.selectionSet, new Set(), "connection");
  }
  return complete ? [...wanted] : undefined;
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
  let certain = true;
  const visit = (set: SelectionSetNode, depth: "connection" | "edge" | "node", seen: ReadonlySet<string>): void => {
    for (const selection of set.selections) {
      if (!certain) return;
      if (selection.directives?.length) {
        certain = false;
      } else if (selection.kind === Kind.FIELD) {
        const field = selection.name.value;
        if (depth === "node") {
          if (field === name) found.push(selection);
        } else if (selection.selectionSet) {
          if (depth === "connection" && field === "nodes") visit(selection.selectionSet, "node", new Set());
          else if (depth === "connection" && field === "edges") visit(selection.selectionSet, "edge", seen);
          else if (depth === "edge" && field === "node") visit(selection.selectionSet, "node", new Set());
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, depth, seen);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (!fragment || fragment.directives?.length) certain = false;
        else if (!seen.has(selection.name.value)) visit(fragment.selectionSet, depth, new Set([...seen, selection.name.value]));
      }
    }
  };
  for (const node of info.fieldNodes) if (node.selectionSet) visit(node.selectionSet, "connection", new Set());
  return certain ? found : undefined;
}
