// selectedProperties: the columns a page of clusters reads for its answer, and "every column" whenever the selection
// holds a field whose needs it does not know.
import "reflect-metadata";
import { Kind, parse, type FragmentDefinitionNode, type GraphQLResolveInfo, type GraphQLSchema, type OperationDefinitionNode, type FieldNode } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { CLUSTER_PROPERTIES } from "../../src/db/queries/clusters.js";
import { nodeFieldNodes, selectedProperties } from "../../src/graphql/common/selected-properties.js";
import { createSchema } from "../../src/graphql/schema.js";

const NEEDS = {
  typeName: "Cluster",
  rowProperties: CLUSTER_PROPERTIES,
  plainFrom: { id: ["id"], uuid: ["id"] },
  resolverNeeds: { template: ["templateId"], nodeGroups: ["id"] },
};

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

function infoFor(document: string): GraphQLResolveInfo {
  const parsed = parse(document);
  const operation = parsed.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(parsed.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]));
  const field = operation.selectionSet.selections[0] as FieldNode;
  return { schema, fieldNodes: [field], fragments } as unknown as GraphQLResolveInfo;
}

describe("selectedProperties", () => {
  it("reads the portal's columns only", () => {
    const info = infoFor("{ clusters(first: 50) { nodes { id name status nodeCount template { id name } nodeGroups { nodes { name } } } pageInfo { hasNextPage } } }");
    expect(selectedProperties(info, NEEDS)?.sort()).toEqual(["id", "name", "nodeCount", "status", "templateId"]);
  });

  it("follows edges, fragments and inline fragments", () => {
    const info = infoFor("query { clusters { edges { cursor node { ...F ... on Cluster { labels { key } } } } totalCount } } fragment F on Cluster { uuid createdAt __typename }");
    expect(selectedProperties(info, NEEDS)?.sort()).toEqual(["createdAt", "id", "labels"]);
  });

  it("reads a cluster's node groups' columns only, the same for every cluster of the page", async () => {
    const { NODE_GROUP_PROPERTIES } = await import("../../src/db/queries/node-groups.js");
    const needs = { typeName: "NodeGroup", rowProperties: NODE_GROUP_PROPERTIES, plainFrom: { id: ["id"] }, resolverNeeds: {} };
    const root = infoFor("{ clusters { nodes { nodeGroups { nodes { name role nodeCount } } } } }");
    const nodes = root.fieldNodes[0]!.selectionSet!.selections[0] as FieldNode;
    const nodeGroups = nodes.selectionSet!.selections[0] as FieldNode;
    const info = { ...root, fieldNodes: [nodeGroups] } as GraphQLResolveInfo;
    const first = selectedProperties(info, needs);
    expect(first?.sort()).toEqual(["name", "nodeCount", "role"]);
    expect(selectedProperties(info, needs)).toBe(first);
  });

  it("reads every column for a field whose resolver it does not know", () => {
    expect(selectedProperties(infoFor("{ clusters { nodes { name kubeconfig } } }"), NEEDS)).toBeUndefined();
    expect(selectedProperties(infoFor("{ clusters { nodes { name ...F } } } fragment F on Cluster { certificateAuthorities { kind } }"), NEEDS)).toBeUndefined();
    expect(selectedProperties(infoFor("{ clusters { nodes { ...Missing } } }"), NEEDS)).toBeUndefined();
  });
});

// What the clusters page loads ahead for its nodes' fields (src/graphql/cluster/cluster.resolver.ts).
describe("nodeFieldNodes", () => {
  const names = (found: readonly FieldNode[] | undefined) => found?.map((node) => node.alias?.value ?? node.name.value);

  it("finds a field under nodes and edges.node, through fragments", () => {
    expect(names(nodeFieldNodes(infoFor("{ clusters { nodes { name nodeGroups { nodes { name } } } } }"), "nodeGroups"))).toEqual(["nodeGroups"]);
    expect(names(nodeFieldNodes(infoFor("query { clusters { edges { node { ...F } } } } fragment F on Cluster { ... on Cluster { template { name } } }"), "template"))).toEqual(["template"]);
    expect(names(nodeFieldNodes(infoFor("{ clusters { nodes { name } pageInfo { hasNextPage } } }"), "template"))).toEqual([]);
  });

  it("finds each selection of the field, aliases included", () => {
    expect(names(nodeFieldNodes(infoFor("{ clusters { nodes { a: nodeGroups(first: 1) { nodes { name } } nodeGroups { nodes { role } } } } }"), "nodeGroups"))).toEqual(["a", "nodeGroups"]);
  });

  it("is uncertain (undefined) with a directive or a fragment it cannot find", () => {
    expect(nodeFieldNodes(infoFor("query($x: Boolean!) { clusters { nodes { template @include(if: $x) { name } } } }"), "template")).toBeUndefined();
    expect(nodeFieldNodes(infoFor("query($x: Boolean!) { clusters { nodes { ... on Cluster @skip(if: $x) { name } } } }"), "template")).toBeUndefined();
    expect(nodeFieldNodes(infoFor("{ clusters { nodes { ...Missing } } }"), "template")).toBeUndefined();
  });
});

