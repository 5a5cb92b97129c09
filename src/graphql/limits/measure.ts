// Measures one operation of a validated document (depth, aliases, root fields, directives, cost) in time linear in the document.
import {
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

export interface Measurement {
  /** Deepest field nesting; the root field is depth 1. */
  depth: number;
  /** Aliased fields, counting every place a fragment is spread (not multiplied by page sizes). */
  aliases: number;
  /** Fields selected at the operation's root (through fragments too); only measured at the root. */
  rootFields: number;
  /** Directives in the response, counting every place a fragment is spread. */
  directives: number;
  /** Objects the operation may resolve: lists count by `first`/`last`, nesting multiplies. Per event for a subscription. */
  cost: number;
}

export interface CostModel {
  /** Page size assumed for a connection without `first` or `last` (its resolvers' default). */
  defaultPageSize: number;
  /** Items assumed for a list argument (`ids`) whose variable is unknown (the resolvers' maximum). */
  maximumPageSize: number;
}

const EMPTY: Measurement = { depth: 0, aliases: 0, rootFields: 0, directives: 0, cost: 0 };

/**
 * Every fragment is measured once and its figures reused wherever it is spread, so a document whose
 * fragments spread each other twice per level costs its length, not 2^levels, to measure (graphql-depth-limit
 * and graphql-query-complexity walk each spread again). A cycle counts nothing: the standard rules refuse it.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  model: CostModel,
  /** The request's integer variables and list variables' lengths: a page size or `ids` given by one counts as its value. */
  pageVariables: Readonly<Record<string, number>> = {},
): Measurement {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const measured = new Map<string, Measurement | "in progress">();
  const variableDefaults = new Map<string, ValueNode | undefined>();
  for (const variable of operation.variableDefinitions ?? []) variableDefaults.set(variable.variable.name.value, variable.defaultValue);

  const pageSize = (value: ValueNode | undefined): number | null => {
    if (!value) return null;
    if (value.kind === Kind.INT) return Math.max(0, Number(value.value));
    if (value.kind === Kind.VARIABLE) {
      const given = pageVariables[value.name.value];
      if (given !== undefined) return Math.max(0, given);
      const fallback = variableDefaults.get(value.name.value);
      // Absent and without a default, the argument is absent: the resolver's default page.
      return fallback && fallback.kind === Kind.INT ? Math.max(0, Number(fallback.value)) : model.defaultPageSize;
    }
    return null;
  };

  /** How many times a field's selection is resolved per parent object. */
  const multiplier = (node: FieldNode, type: GraphQLOutputType): number => {
    const named = getNamedType(type);
    const argument = (name: string) => node.arguments?.find((candidate) => candidate.name.value === name)?.value;
    if (named.name.endsWith("Connection")) return pageSize(argument("first")) ?? pageSize(argument("last")) ?? model.defaultPageSize;
    const unwrapped = isNonNullType(type) ? type.ofType : type;
    if (!isListType(unwrapped)) return 1;
    // nodes(ids:) and its like: as many as asked for.
    const ids = argument("ids");
    if (ids?.kind === Kind.LIST) return ids.values.length;
    if (ids?.kind === Kind.VARIABLE) return pageVariables[ids.name.value] ?? model.maximumPageSize;
    // A connection's edges and nodes are its page, already counted; other lists (labels, stages) are small.
    return 1;
  };

  const fieldOf = (parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined =>
    isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;

  const measureSet = (set: SelectionSetNode, parent: GraphQLCompositeType): Measurement => {
    const total = { ...EMPTY };
    for (const selection of set.selections) {
      total.directives += selection.directives?.length ?? 0;
      let part: Measurement;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) total.aliases += 1;
        const field = fieldOf(parent, selection.name.value);
        // __typename and other meta fields, or a union's: no resolver work of ours.
        if (!field) {
          total.depth = Math.max(total.depth, 1);
          continue;
        }
        const named = getNamedType(field.type);
        if (selection.selectionSet && isCompositeType(named)) {
          const inner = measureSet(selection.selectionSet, named);
          const times = multiplier(selection, field.type);
          // Aliases and directives are the document's (per spread), not per item: the same for every page size.
          part = { depth: inner.depth + 1, aliases: inner.aliases, rootFields: 0, directives: inner.directives, cost: 1 + inner.cost * times };
        } else {
          part = { ...EMPTY, depth: 1 };
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        part = measureSet(selection.selectionSet, condition && isCompositeType(condition) ? condition : parent);
      } else {
        part = measureFragment(selection.name.value);
      }
      total.depth = Math.max(total.depth, part.depth);
      total.aliases += part.aliases;
      total.directives += part.directives;
      total.cost += part.cost;
    }
    return total;
  };

  const measureFragment = (name: string): Measurement => {
    const known = measured.get(name);
    if (known === "in progress") return EMPTY;
    if (known) return known;
    const fragment = fragments.get(name);
    const type = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
    if (!fragment || !type || !isCompositeType(type)) return EMPTY;
    measured.set(name, "in progress");
    const result = measureSet(fragment.selectionSet, type);
    measured.set(name, result);
    return result;
  };

  // Root fields only matter at the root; counted without descending into fields, memoized like the rest.
  const rootCounts = new Map<string, number>();
  const measureRootFields = (set: SelectionSetNode): number => {
    let count = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) count += 1;
      else if (selection.kind === Kind.INLINE_FRAGMENT) count += measureRootFields(selection.selectionSet);
      else count += fragmentRootFields(selection.name.value);
    }
    return count;
  };
  const fragmentRootFields = (name: string): number => {
    const known = rootCounts.get(name);
    if (known !== undefined) return known;
    rootCounts.set(name, 0);
    const fragment = fragments.get(name);
    const count = fragment ? measureRootFields(fragment.selectionSet) : 0;
    rootCounts.set(name, count);
    return count;
  };

  const root = operation.operation === "query" ? schema.getQueryType() : operation.operation === "mutation" ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return EMPTY;
  const result = measureSet(operation.selectionSet, root);
  return { ...result, rootFields: measureRootFields(operation.selectionSet), directives: result.directives + (operation.directives?.length ?? 0) };
}
