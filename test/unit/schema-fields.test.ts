// The schema's plain fields (a property of the parent's object, no resolver of its own) carry no resolve function, so
// graphql-js reads the property and graphql-jit compiles the read inline (src/graphql/schema.ts, readPlainFieldsDirectly);
// fields with a resolver keep theirs. That is exact only while no field has middlewares or roles and every field's
// GraphQL name is its property's: this test fails when one of those stops being true.
import "reflect-metadata";
import { isInterfaceType, isObjectType } from "graphql";
import { getMetadataStorage } from "type-graphql";
import { describe, expect, it, vi } from "vitest";
import { ClusterResolver } from "../../src/graphql/cluster/cluster.resolver.js";
import { createSchema } from "../../src/graphql/schema.js";

describe("schema fields", () => {
  it("reads plain fields directly and keeps every resolver", async () => {
    const schema = await createSchema();
    const cluster = schema.getType("Cluster");
    if (!isObjectType(cluster)) throw new Error("no Cluster type");
    const fields = cluster.getFields();
    for (const plain of ["id", "name", "status", "nodeCount"]) expect(fields[plain]!.resolve, plain).toBeUndefined();
    for (const resolved of ["template", "nodeGroups"]) expect(typeof fields[resolved]!.resolve, resolved).toBe("function");
    const template = schema.getType("ClusterTemplate");
    if (!isObjectType(template)) throw new Error("no ClusterTemplate type");
    expect(template.getFields().name!.resolve).toBeUndefined();
    // Every root field still has its resolver.
    for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      for (const [name, field] of Object.entries(root!.getFields())) expect(typeof (field.resolve ?? field.subscribe), `${root!.name}.${name}`).toBe("function");
    }
    expect(Object.values(schema.getTypeMap()).filter((type) => isObjectType(type) || isInterfaceType(type)).length).toBeGreaterThan(40);
  });

  it("has no field middlewares or roles, and no field renamed from its property", () => {
    const storage = getMetadataStorage();
    const offending = [
      ...storage.fields.filter((field) => (field.middlewares?.length ?? 0) > 0 || field.roles !== undefined || field.name !== field.schemaName).map((field) => `${field.target.name}.${field.name}`),
      ...storage.fieldResolvers.filter((resolver) => (resolver.middlewares?.length ?? 0) > 0 || resolver.roles !== undefined).map((resolver) => `${resolver.target.name}.${resolver.methodName}`),
    ];
    expect(offending).toEqual([]);
  });

  it("calls a field resolver directly with the root, the arguments as given, the context and the info", async () => {
    const nodeGroups = vi.spyOn(ClusterResolver.prototype, "nodeGroups").mockResolvedValue(null as never);
    try {
      const schema = await createSchema();
      const cluster = schema.getType("Cluster");
      if (!isObjectType(cluster)) throw new Error("no Cluster type");
      const root = { uuid: "c-1" };
      const args = { first: 5 };
      const context = { deadlineAt: undefined };
      const info = { fieldName: "nodeGroups" };
      await cluster.getFields().nodeGroups!.resolve!(root, args, context, info as never);
      expect(nodeGroups).toHaveBeenCalledTimes(1);
      const [givenRoot, givenArgs, givenContext, givenInfo] = nodeGroups.mock.calls[0]!;
      expect(givenRoot).toBe(root);
      // The very object graphql-js coerced, not a copy into an instance of the arguments' class.
      expect(givenArgs).toBe(args);
      expect(givenContext).toBe(context);
      expect(givenInfo).toBe(info);
    } finally {
      nodeGroups.mockRestore();
    }
  });
});
