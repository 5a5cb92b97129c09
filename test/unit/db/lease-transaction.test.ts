// inLease sends a transition's writes and the event append together (pipelined on PostgreSQL): on both databases every
// write lands, the lease proof holds the cluster's and the operation's rows, and one statement that fails takes the
// whole transaction with it (no write, no event).
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../../src/db/client.js";
import { clusterEvents, clusterTemplates, clusters, operations, projects } from "../../../src/db/schema/index.js";
import { inLease } from "../../../src/orchestration/reconcile/apply.js";
import { DATABASES } from "../../support/databases.js";

const WORKER = "worker-1";

for (const database of DATABASES) {
  describe(`inLease's pipelined writes on ${database.label}`, () => {
    let handle: DatabaseHandle;
    let dispose: () => Promise<void>;
    let url: string;
    let projectId: string;
    let templateId: string;

    beforeAll(async () => {
      const created = await database.create();
      dispose = created.dispose;
      url = created.url;
      handle = await openDatabase(created.target);
      projectId = randomUUID();
      templateId = randomUUID();
      await handle.db.insert(projects).values({ id: projectId, name: `p-${projectId.slice(0, 8)}` });
      await handle.db.insert(clusterTemplates).values({ id: templateId, projectId, name: "k8s", coe: "KUBERNETES", clusterDistro: "fedora-coreos", imageId: "fedora-coreos-40", serverType: "VM", createdBy: "test" } as never);
    }, 60_000);

    afterAll(async () => {
      await handle?.close();
      await dispose?.();
    });

    async function leased() {
      const clusterId = randomUUID();
      const operationId = randomUUID();
      await handle.db.insert(clusters).values({
        id: clusterId, projectId, templateId, name: `c-${clusterId.slice(0, 8)}`, status: "CREATE_IN_PROGRESS", nodeCount: 1, masterCount: 1, createTimeout: 60, floatingIpEnabled: true, masterLbEnabled: false, createdBy: "test",
      } as never);
      await handle.db.insert(operations).values({ id: operationId, projectId, clusterId, type: "CLUSTER_CREATE", status: "RUNNING", spec: { templateId }, progress: {}, leaseOwner: WORKER, leaseExpiresAt: new Date(Date.now() + 30_000), startedAt: new Date(), createdBy: "test" });
      return { clusterId, operationId, lease: { operationId, clusterId, workerId: WORKER, leaseMs: 30_000 } };
    }

    const event = (clusterId: string, operationId: string, statusReason: string) => ({ projectId, clusterId, operationId, type: "PROGRESS", status: "CREATE_IN_PROGRESS", statusReason });

    it("sends the writes together and the append behind them: every write lands, the events come back", async () => {
      const { clusterId, operationId, lease } = await leased();
      const rows = await inLease(handle.db, lease, async (transaction) => ({
        events: [event(clusterId, operationId, "appended")],
        written: Promise.all([
          transaction.update(clusters).set({ statusReason: "written" }).where(eq(clusters.id, clusterId)).execute(),
          transaction.execute(sql`update operations set percent = 42 where id = ${operationId}`),
        ]),
      }));
      expect(rows.map((row) => row.statusReason)).toEqual(["appended"]);
      const [cluster] = await handle.db.select({ statusReason: clusters.statusReason }).from(clusters).where(eq(clusters.id, clusterId));
      expect(cluster?.statusReason).toBe("written");
      const [operation] = await handle.db.select({ percent: operations.percent }).from(operations).where(eq(operations.id, operationId));
      expect(operation?.percent).toBe(42);
    });

    it("holds the cluster's row and the operation's from the lease proof on (one statement takes both, cluster first)", async () => {
      const { clusterId, operationId, lease } = await leased();
      if (database.label !== "PostgreSQL") return; // PGlite has one connection: nobody else can try the rows meanwhile.
      const other = postgres(url, { max: 1, onnotice: () => undefined });
      try {
        await inLease(handle.db, lease, async () => {
          for (const [table, id] of [["clusters", clusterId], ["operations", operationId]] as const) {
            const tried = other.unsafe(`select id from ${table} where id = $1 for no key update nowait`, [id]);
            await expect(tried).rejects.toMatchObject({ code: "55P03" });
          }
          return [];
        });
      } finally {
        await other.end({ timeout: 1 });
      }
    });

    it("rolls everything back when one of them fails: no write, no event, the error is the failing statement's", async () => {
      const { clusterId, operationId, lease } = await leased();
      const attempt = inLease(handle.db, lease, async (transaction) => ({
        events: [event(clusterId, operationId, "never")],
        written: Promise.all([
          transaction.update(operations).set({ percent: 42 }).where(eq(operations.id, operationId)).execute(),
          transaction.execute(sql`select 1 / 0`),
          transaction.update(clusters).set({ statusReason: "never" }).where(eq(clusters.id, clusterId)).execute(),
        ]),
      }));
      // drizzle names the statement that failed (its cause is PostgreSQL's "division by zero").
      await expect(attempt).rejects.toThrow(/Failed query: select 1 \/ 0/);
      const [operation] = await handle.db.select({ percent: operations.percent }).from(operations).where(eq(operations.id, operationId));
      expect(operation?.percent).not.toBe(42);
      const [cluster] = await handle.db.select({ statusReason: clusters.statusReason }).from(clusters).where(eq(clusters.id, clusterId));
      expect(cluster?.statusReason).not.toBe("never");
      expect(await handle.db.select({ id: clusterEvents.id }).from(clusterEvents).where(eq(clusterEvents.clusterId, clusterId))).toEqual([]);
    });
  });
}
