// A reconcile tick without hooks is one pipelined transaction on PostgreSQL (BEGIN, the lease guard, the writes, the
// event append, COMMIT in one round trip): every write lands and the events come back; a failing statement or a lost
// lease leaves nothing and the connection clean; the guard takes the cluster's and the operation's rows, cluster first.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../../src/db/client.js";
import { PipelinedStatementError, pipelineClient, runPipelined } from "../../../src/db/pipelined-transaction.js";
import { leaseGuardStatement } from "../../../src/db/queries/operations.js";
import { clusterEvents, clusterTemplates, clusters, operations, projects } from "../../../src/db/schema/index.js";
import { applyPipelined } from "../../../src/orchestration/reconcile/apply.js";
import { LeaseLostError } from "../../../src/orchestration/reconcile/load.js";
import type { OperationScope, Transition } from "../../../src/orchestration/reconcile/types.js";
import { DATABASES } from "../../support/databases.js";

const WORKER = "worker-1";

describe("the pipelined transaction on PGlite", () => {
  it("is not offered: one in-process connection has no round trips to save", async () => {
    const handle = await openDatabase({ kind: "pglite", dataDir: null });
    try {
      expect(pipelineClient(handle.db)).toBeNull();
    } finally {
      await handle.close();
    }
  });
});

const database = DATABASES.find((candidate) => candidate.label === "PostgreSQL")!;

describe("the pipelined transaction on PostgreSQL", () => {
  let handle: DatabaseHandle;
  let dispose: () => Promise<void>;
  let url: string;
  let client: postgres.Sql;
  let projectId: string;
  let templateId: string;

  beforeAll(async () => {
    const created = await database.create();
    dispose = created.dispose;
    url = created.url;
    handle = await openDatabase(created.target, undefined, { connections: { requests: 2, background: 1 } });
    // The background pool has one connection: each transaction runs on the one before it ran on.
    client = pipelineClient(handle.background)!;
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
    const [operation] = await handle.db.select().from(operations).where(eq(operations.id, operationId));
    const [cluster] = await handle.db.select().from(clusters).where(eq(clusters.id, clusterId));
    const scope = { operation, cluster, groups: [] } as unknown as OperationScope;
    return { clusterId, operationId, scope, lease: { operationId, clusterId, workerId: WORKER, leaseMs: 30_000 } };
  }

  const transition = (clusterId: string, operationId: string, reason: string): Transition => ({
    operation: { percent: 42 },
    cluster: { changes: { statusReason: reason } },
    allNodeGroups: null,
    nodeGroups: [],
    events: [{ projectId, clusterId, operationId, type: "PROGRESS", status: "CREATE_IN_PROGRESS", statusReason: reason }],
    hooks: null,
    renewLease: false,
    requeue: { afterMs: 10, release: false },
  });

  const eventsOf = (clusterId: string) => handle.db.select({ statusReason: clusterEvents.statusReason }).from(clusterEvents).where(eq(clusterEvents.clusterId, clusterId));

  it("writes the transition, appends its events and renews the lease, all of it committed", async () => {
    const { clusterId, operationId, scope, lease } = await leased();
    const before = (await handle.db.select({ until: operations.leaseExpiresAt }).from(operations).where(eq(operations.id, operationId)))[0]!.until!;
    const rows = await applyPipelined(handle.background, client, lease, scope, transition(clusterId, operationId, "pipelined"));
    expect(rows.map((row) => row.statusReason)).toEqual(["pipelined"]);
    expect(typeof rows[0]!.id).toBe("bigint");
    const [cluster] = await handle.db.select({ statusReason: clusters.statusReason }).from(clusters).where(eq(clusters.id, clusterId));
    expect(cluster?.statusReason).toBe("pipelined");
    const [operation] = await handle.db.select({ percent: operations.percent, until: operations.leaseExpiresAt }).from(operations).where(eq(operations.id, operationId));
    expect(operation?.percent).toBe(42);
    expect(operation!.until!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect((await eventsOf(clusterId)).map((event) => event.statusReason)).toEqual(["pipelined"]);
  });

  it("throws LeaseLostError when the lease is not held, and nothing sent behind the guard stays", async () => {
    const { clusterId, operationId, scope, lease } = await leased();
    await handle.db.update(operations).set({ status: "CANCELLED", leaseOwner: null, leaseExpiresAt: null }).where(eq(operations.id, operationId));
    await expect(applyPipelined(handle.db, client, lease, scope, transition(clusterId, operationId, "never"))).rejects.toBeInstanceOf(LeaseLostError);
    const [cluster] = await handle.db.select({ statusReason: clusters.statusReason }).from(clusters).where(eq(clusters.id, clusterId));
    expect(cluster?.statusReason).not.toBe("never");
    const [operation] = await handle.db.select({ percent: operations.percent }).from(operations).where(eq(operations.id, operationId));
    expect(operation?.percent).not.toBe(42);
    expect(await eventsOf(clusterId)).toEqual([]);
  });

  it("names the statement that failed, rolls back those before it, and leaves the connection out of the transaction", async () => {
    const { clusterId } = await leased();
    const attempt = runPipelined(client, [sql`update clusters set status_reason = 'never' where id = ${clusterId}`, sql`select 1 / 0`, sql`select 1 as one`]);
    await expect(attempt).rejects.toBeInstanceOf(PipelinedStatementError);
    await expect(attempt).rejects.toMatchObject({ index: 1, code: "22012" });
    const [cluster] = await handle.db.select({ statusReason: clusters.statusReason }).from(clusters).where(eq(clusters.id, clusterId));
    expect(cluster?.statusReason).not.toBe("never");
    // The pool has one connection: the next transaction runs on it, outside the rolled-back one.
    const answers = await runPipelined(client, [sql`select 2 as two`, sql`select 3 as three`]);
    expect(answers).toEqual([[{ two: 2 }], [{ three: 3 }]]);
    const [status] = await client`select pg_current_xact_id_if_assigned() is null as idle`;
    expect(status?.idle).toBe(true);
  });

  it("its guard holds the cluster's row and the operation's once answered, and fails (22012) for a lease not held", async () => {
    const { clusterId, operationId, lease } = await leased();
    const other = postgres(url, { max: 1, onnotice: () => undefined });
    try {
      await handle.db.transaction(async (transaction) => {
        await transaction.execute(leaseGuardStatement({ ...lease, lockClusterId: clusterId }));
        for (const [table, id] of [["clusters", clusterId], ["operations", operationId]] as const) {
          await expect(other.unsafe(`select id from ${table} where id = $1 for no key update nowait`, [id])).rejects.toMatchObject({ code: "55P03" });
        }
      });
      await expect(runPipelined(client, [leaseGuardStatement({ ...lease, workerId: "someone-else", lockClusterId: clusterId })])).rejects.toMatchObject({ index: 0, code: "22012" });
    } finally {
      await other.end({ timeout: 1 });
    }
  });
});
