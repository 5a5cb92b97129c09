// db/row-writer.ts writes the statement drizzle's update builder writes (same text, same parameters), and it updates.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../../src/db/client.js";
import { updateRowsWhere, updateStatement } from "../../../src/db/row-writer.js";
import { clusterTemplates, clusters, nodeGroups, operations, projects } from "../../../src/db/schema/index.js";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openDatabase({ kind: "pglite", dataDir: null });
});
afterAll(async () => {
  await handle?.close();
});

type Dialect = { sqlToQuery(statement: unknown): { sql: string; params: unknown[] } };
const dialect = () => (handle.db as unknown as { dialect: Dialect }).dialect;

describe("row-writer: updates by a key column without the query builder", () => {
  const at = new Date("2026-12-04T02:00:00.123Z");
  const cases = [
    ["operations by id, JSON, a date and a null", operations, "id", randomUUID(), { stages: [{ name: "etcd", status: "DONE" }], percent: 40, updatedAt: at, errorCode: null }],
    ["clusters by id, arrays and text, listed out of column order", clusters, "id", randomUUID(), { updatedAt: at, nodeAddresses: ["10.0.0.5", "10.0.0.6"], statusReason: "Booting 2 nodes", faults: { "default-worker": "boom" } }],
    ["node groups by cluster id", nodeGroups, "clusterId", randomUUID(), { status: "CREATE_COMPLETE", updatedAt: at, stackId: undefined }],
  ] as const;
  for (const [label, table, key, value, changes] of cases) {
    it(`writes what drizzle's builder writes: ${label}`, () => {
      const ours = dialect().sqlToQuery(updateStatement(table as never, key as never, value, changes as never));
      const column = (table as unknown as Record<string, unknown>)[key];
      const theirs = (handle.db.update(table as never).set(changes as never).where(eq(column as never, value)) as unknown as { toSQL(): { sql: string; params: unknown[] } }).toSQL();
      expect(ours.sql).toBe(theirs.sql);
      expect(ours.params).toEqual(theirs.params);
    });
  }

  it("leaves SQL expressions and empty change sets to the builder, and updates the row", async () => {
    expect(updateStatement(operations, "id", randomUUID(), { notBefore: sql`now()` })).toBeNull();
    expect(updateStatement(operations, "id", randomUUID(), { percent: undefined })).toBeNull();
    const projectId = randomUUID();
    const templateId = randomUUID();
    const clusterId = randomUUID();
    await handle.db.insert(projects).values({ id: projectId, name: "p" });
    await handle.db.insert(clusterTemplates).values({ id: templateId, projectId, name: "k8s", coe: "KUBERNETES", clusterDistro: "fedora-coreos", imageId: "fedora-coreos-40", serverType: "VM", createdBy: "test" } as never);
    await handle.db.insert(clusters).values({ id: clusterId, projectId, templateId, name: "c", status: "CREATE_IN_PROGRESS", nodeCount: 1, masterCount: 1, createTimeout: 60, floatingIpEnabled: true, masterLbEnabled: false, createdBy: "test" } as never);
    await updateRowsWhere(handle.db, clusters, "id", clusterId, { statusReason: "ready", nodeAddresses: ["10.0.0.9"], updatedAt: at });
    const [row] = await handle.db.select().from(clusters).where(eq(clusters.id, clusterId));
    expect(row).toMatchObject({ statusReason: "ready", nodeAddresses: ["10.0.0.9"], updatedAt: at });
    await updateRowsWhere(handle.db, clusters, "id", clusterId, {});
  });
});
