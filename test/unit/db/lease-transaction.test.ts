// inLease sends a transition's writes and the event append together (pipelined on PostgreSQL): on both databases every
// write lands, the lease proof holds the cluster's and the operation's rows, and one statement that fails takes the
// whole transaction with it (no write, no event). On PostgreSQL a tick without hooks is one pipelined transaction
// instead (BEGIN, the lease guard, the writes, the event append, COMMIT in one round trip): every write lands and the
// events come back; a failing statement or a lost lease leaves nothing and the connection clean; the guard takes the
// cluster's and the operation's rows, cluster first.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../../src/db/client.js";
import { clusterEvents, clusterTemplates, clusters, operations, projects } from "../../../src/db/schema/index.js";
import { PipelinedStatementError, pipelineClient, runPipelined } from "../../../src/db/pipelined-transaction.js";
import { leaseGuardStatement } from "../../../src/db/queries/operations.js";
import { applyPipelined, inLease } from "../../../src/orchestration/reconcile/apply.js";
import { LeaseLostError } from "../../../src/orchestration/reconcile/load.js";
import type { OperationScope, Transition } from "../../../src/orchestration/reconcile/types.js";
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

    it("offers the pipelined transaction on PostgreSQL only (PGlite: one in-process connection, no round trips to save)", () => {
      expect(pipelineClient(handle.background) !== null).toBe(database.label === "PostgreSQL");
    });

    const onPostgres = it.runIf(database.label === "PostgreSQL");

    async function scopeOf(clusterId: string, operationId: string): Promise<OperationScope> {
      const [operation] = await handle.db.select().from(operations).where(eq(operations.id, operationId));
      const [cluster] = await handle.db.select().from(clusters).where(eq(clusters.id, clusterId));
      return { operation, cluster, groups: [] } as unknown as OperationScope;
    }

    const transition = (clusterId: string, operationId: string, reason: string): Transition => ({
      operation: { percent: 42 },
      cluster: { changes: { statusReason: reason } },
      allNodeGroups: null,
      nodeGroups: [],
      events: [event(clusterId, operationId, reason)],
      hooks: null,
      renewLease: false,
      requeue: { afterMs: 10, release: false },
    });

    const eventsOf = (clusterId: string) => handle.db.select({ statusReason: clusterEvents.statusReason }).from(clusterEvents).where(eq(clusterEvents.clusterId, clusterId));

    onPostgres("pipelined: writes the transition, appends its events and renews the lease, all of it committed", async () => {
      const { clusterId, operationId, lease } = await leased();
      const before = (await handle.db.select({ until: operations.leaseExpiresAt }).from(operations).where(eq(operations.id, operationId)))[0]!.until!;
      const rows = await applyPipelined(handle.background, pipelineClient(handle.background)!, lease, await scopeOf(clusterId, operationId), transition(clusterId, operationId, "pipelined"));
      expect(rows.map((row) => row.statusReason)).toEqual(["pipelined"]);
      expect(typeof rows[0]!.id).toBe("bigint");
      const [cluster] = await handle.db.select({ statusReason: clusters.statusReason }).from(clusters).where(eq(clusters.id, clusterId));
      expect(cluster?.statusReason).toBe("pipelined");
      const [operation] = await handle.db.select({ percent: operations.percent, until: operations.leaseExpiresAt }).from(operations).where(eq(operations.id, operationId));
      expect(operation?.percent).toBe(42);
      expect(operation!.until!.getTime()).toBeGreaterThanOrEqual(before.getTime());
      expect((await eventsOf(clusterId)).map((row) => row.statusReason)).toEqual(["pipelined"]);
    });

    onPostgres("pipelined: a lease not held throws LeaseLostError, and nothing sent behind the guard stays", async () => {
      const { clusterId, operationId, lease } = await leased();
      const scope = await scopeOf(clusterId, operationId);
      await handle.db.update(operations).set({ status: "CANCELLED", leaseOwner: null, leaseExpiresAt: null }).where(eq(operations.id, operationId));
      await expect(applyPipelined(handle.background, pipelineClient(handle.background)!, lease, scope, transition(clusterId, operationId, "never"))).rejects.toBeInstanceOf(LeaseLostError);
      const [cluster] = await handle.db.select({ statusReason: clusters.statusReason }).from(clusters).where(eq(clusters.id, clusterId));
      expect(cluster?.statusReason).not.toBe("never");
      const [operation] = await handle.db.select({ percent: operations.percent }).from(operations).where(eq(operations.id, operationId));
      expect(operation?.percent).not.toBe(42);
      expect(await eventsOf(clusterId)).toEqual([]);
    });

    onPostgres("pipelined: names the statement that failed, rolls back those before it, and leaves the connection out of the transaction", async () => {
      const { clusterId } = await leased();
      // One connection: the next transaction runs on the one the failed transaction ran on.
      const single = postgres(url, { max: 1, onnotice: () => undefined });
      try {
        const attempt = runPipelined(single, [sql`update clusters set status_reason = 'never' where id = ${clusterId}`, sql`select 1 / 0`, sql`select 1 as one`]);
        await expect(attempt).rejects.toBeInstanceOf(PipelinedStatementError);
        await expect(attempt).rejects.toMatchObject({ index: 1, code: "22012" });
        const [cluster] = await handle.db.select({ statusReason: clusters.statusReason }).from(clusters).where(eq(clusters.id, clusterId));
        expect(cluster?.statusReason).not.toBe("never");
        expect(await runPipelined(single, [sql`select 2 as two`, sql`select 3 as three`])).toEqual([[{ two: 2 }], [{ three: 3 }]]);
        const [status] = await single`select pg_current_xact_id_if_assigned() is null as idle`;
        expect(status?.idle).toBe(true);
      } finally {
        await single.end({ timeout: 1 });
      }
    });

    onPostgres("pipelined: its guard holds the cluster's row and the operation's once answered, and fails (22012) for a lease not held", async () => {
      const { clusterId, operationId, lease } = await leased();
      const other = postgres(url, { max: 1, onnotice: () => undefined });
      try {
        await handle.db.transaction(async (transaction) => {
          await transaction.execute(leaseGuardStatement({ ...lease, lockClusterId: clusterId }));
          for (const [table, id] of [["clusters", clusterId], ["operations", operationId]] as const) {
            await expect(other.unsafe(`select id from ${table} where id = $1 for no key update nowait`, [id])).rejects.toMatchObject({ code: "55P03" });
          }
        });
        await expect(runPipelined(pipelineClient(handle.background)!, [leaseGuardStatement({ ...lease, workerId: "someone-else", lockClusterId: clusterId })])).rejects.toMatchObject({ index: 0, code: "22012" });
      } finally {
        await other.end({ timeout: 1 });
      }
    });
  });
}
