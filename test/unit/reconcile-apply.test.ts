// load → decide → apply on a real PGlite database: repeated ticks are idempotent, a backoff hands the lease back, a cancel stops the tick, old rows resume.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../src/db/client.js";
import { clusterEvents, clusterTemplates, clusters, nodeGroups, operations, projects } from "../../src/db/schema/index.js";
import { createLogger } from "../../src/logger.js";
import type { Driver } from "../../src/orchestration/driver.js";
import { SimulatedDriver } from "../../src/orchestration/drivers/simulated/driver.js";
import { defaultOperationHooks, type OperationHook } from "../../src/orchestration/hooks/index.js";
import { Reconciler } from "../../src/orchestration/reconciler.js";
import { apply, hooksFor, inLease, runsHooksAt } from "../../src/orchestration/reconcile/apply.js";
import { decide } from "../../src/orchestration/reconcile/decide.js";
import { LeaseLostError, loadScope, type ScopeCache } from "../../src/orchestration/reconcile/load.js";
import { tick, type TickContext } from "../../src/orchestration/reconcile/tick.js";
import type { DriverReport } from "../../src/orchestration/reconcile/types.js";
import { TestClock } from "../support/clock.js";
import { waitForValue } from "../support/wait.js";

const WORKER = "worker-1";
const SETTINGS = { driverName: "simulated", timeScale: 60_000, leaseMs: 30_000, intervalMs: 10 };
let handle: DatabaseHandle;
let projectId: string;
let templateId: string;

beforeAll(async () => {
  handle = await openDatabase({ kind: "pglite", dataDir: null });
  projectId = randomUUID();
  templateId = randomUUID();
  await handle.db.insert(projects).values({ id: projectId, name: `p-${projectId.slice(0, 8)}` });
  await handle.db.insert(clusterTemplates).values({ id: templateId, projectId, name: "k8s", coe: "KUBERNETES", clusterDistro: "fedora-coreos", imageId: "fedora-coreos-40", serverType: "VM", createdBy: "test" } as never);
});

afterAll(async () => {
  await handle?.close();
});

/** A cluster in CREATE_IN_PROGRESS with its two default groups and a RUNNING create leased to WORKER. */
async function leasedCreate(options: { spec?: Record<string, unknown>; progress?: Record<string, unknown>; leaseOwner?: string | null } = {}) {
  const clusterId = randomUUID();
  const operationId = randomUUID();
  const now = new Date();
  await handle.db.insert(clusters).values({
    id: clusterId, projectId, templateId, name: `c-${clusterId.slice(0, 8)}`, status: "CREATE_IN_PROGRESS", statusReason: "Cluster create request accepted",
    nodeCount: 1, masterCount: 1, createTimeout: 60, floatingIpEnabled: true, masterLbEnabled: false, createdBy: "test",
  } as never);
  await handle.db.insert(nodeGroups).values([
    { id: randomUUID(), projectId, clusterId, name: "default-master", role: "master", isDefault: true, nodeCount: 1, status: "CREATE_IN_PROGRESS" },
    { id: randomUUID(), projectId, clusterId, name: "default-worker", role: "worker", isDefault: true, nodeCount: 1, status: "CREATE_IN_PROGRESS" },
  ]);
  await handle.db.insert(operations).values({
    id: operationId, projectId, clusterId, type: "CLUSTER_CREATE", status: options.leaseOwner === null ? "PENDING" : "RUNNING", spec: options.spec ?? { templateId }, progress: options.progress ?? {},
    leaseOwner: options.leaseOwner === undefined ? WORKER : options.leaseOwner, leaseExpiresAt: options.leaseOwner === null ? null : new Date(now.getTime() + 30_000),
    startedAt: now, createdBy: "test",
  });
  return { clusterId, operationId };
}

async function operationRow(operationId: string) {
  const [row] = await handle.db.select().from(operations).where(eq(operations.id, operationId));
  return row!;
}

async function eventCount(clusterId: string): Promise<number> {
  return (await handle.db.select({ id: clusterEvents.id }).from(clusterEvents).where(eq(clusterEvents.clusterId, clusterId))).length;
}

/** One load → decide → apply with a report the test chooses. */
async function step(operationId: string, report: DriverReport) {
  const scope = await loadScope(handle.db, operationId, WORKER, SETTINGS);
  const transition = decide(scope, report, { wall: new Date(), clock: Date.now() });
  await inLease(handle.db, { operationId, clusterId: scope.operation.clusterId, workerId: WORKER, leaseMs: SETTINGS.leaseMs }, (transaction) => apply(transaction, scope, transition, { hooks: [] }));
  return transition;
}

const stages = (status: "RUNNING" | "DONE"): DriverReport => ({
  kind: "observed",
  observation: { state: "IN_PROGRESS", action: "CREATE", operation: "create", stages: [{ name: "etcd", description: "etcd", status }], percent: status === "DONE" ? 50 : 10, faults: {}, masterAddresses: [], nodeAddresses: [], nodeGroups: [] },
});

describe("apply(decide(load())) on PGlite", () => {
  it("is idempotent: the same observation applied twice writes its events once", async () => {
    const { clusterId, operationId } = await leasedCreate({ progress: { submitted: true, stackId: "s1" } });
    const first = await step(operationId, stages("RUNNING"));
    expect(first.events.map((event) => event.stage)).toEqual(["etcd"]);
    const events = await eventCount(clusterId);
    const again = await step(operationId, stages("RUNNING"));
    expect(again.events).toEqual([]);
    expect(again.operation).toBeNull();
    expect(await eventCount(clusterId)).toBe(events);
    const [cluster] = await handle.db.select().from(clusters).where(eq(clusters.id, clusterId));
    expect(cluster?.statusReason).toBe("Creating: etcd (stage 1 of 1)");
  });

  it("finishes once: a second tick of a finished operation stops on the lease and writes nothing", async () => {
    const { clusterId, operationId } = await leasedCreate({ progress: { submitted: true, stackId: "s1" } });
    const running = stages("DONE") as Extract<DriverReport, { kind: "observed" }>;
    const complete: DriverReport = { kind: "observed", observation: { ...running.observation, state: "COMPLETE", percent: 100 } };
    await step(operationId, complete);
    const events = await eventCount(clusterId);
    expect((await operationRow(operationId)).status).toBe("SUCCEEDED");
    await expect(step(operationId, complete)).rejects.toBeInstanceOf(LeaseLostError);
    expect(await eventCount(clusterId)).toBe(events);
    const [cluster] = await handle.db.select().from(clusters).where(eq(clusters.id, clusterId));
    expect(cluster?.status).toBe("CREATE_COMPLETE");
  });

  it("records the submission in progress (not in the request), so the next tick observes instead of calling the driver again", async () => {
    const { operationId } = await leasedCreate();
    await step(operationId, { kind: "submitted", stackId: "stack-7" });
    const row = await operationRow(operationId);
    expect(row.progress).toEqual({ submitted: true, stackId: "stack-7", transientFailures: 0 });
    expect(row.spec).toEqual({ templateId });
    expect((await loadScope(handle.db, operationId, WORKER, SETTINGS)).progress.submitted).toBe(true);
  });

  it("backs off by handing the lease back with a not-before time, never holding it", async () => {
    const { clusterId, operationId } = await leasedCreate({ progress: { submitted: true, stackId: "s1" } });
    const transition = await step(operationId, { kind: "unavailable", message: "ECONNRESET" });
    expect(transition.requeue).toEqual({ afterMs: 200, release: true });
    const row = await operationRow(operationId);
    expect(row).toMatchObject({ status: "RUNNING", leaseOwner: null, leaseExpiresAt: null, progress: { transientFailures: 1 } });
    expect(row.notBefore!.getTime()).toBeGreaterThan(row.updatedAt.getTime());
    await expect(loadScope(handle.db, operationId, WORKER, SETTINGS)).rejects.toBeInstanceOf(LeaseLostError);
    const [cluster] = await handle.db.select().from(clusters).where(eq(clusters.id, clusterId));
    expect(cluster?.status).toBe("CREATE_IN_PROGRESS");
  });

  it("stops at a cancel: the tick of a cancelled operation throws LeaseLostError and writes nothing", async () => {
    const { clusterId, operationId } = await leasedCreate({ progress: { submitted: true, stackId: "s1" } });
    const scope = await loadScope(handle.db, operationId, WORKER, SETTINGS);
    // The cancel commits between the tick's load and its apply.
    await handle.db.update(operations).set({ status: "CANCELLED", leaseOwner: null, leaseExpiresAt: null }).where(eq(operations.id, operationId));
    const transition = decide(scope, stages("RUNNING"), { wall: new Date(), clock: Date.now() });
    const events = await eventCount(clusterId);
    await expect(inLease(handle.db, { operationId, clusterId, workerId: WORKER, leaseMs: 30_000 }, (transaction) => apply(transaction, scope, transition, { hooks: [] }))).rejects.toBeInstanceOf(LeaseLostError);
    expect(await eventCount(clusterId)).toBe(events);
    expect((await operationRow(operationId)).stages).toEqual([]);
  });

  it("resumes a row the old runner wrote (submitted and stackId in the spec): it observes, it does not submit again", async () => {
    const driver = new SimulatedDriver({ speed: 1_000 });
    const submissions: string[] = [];
    const counting = new Proxy(driver, {
      get(target, property, receiver) {
        if (property === "create") return async (...args: Parameters<Driver["create"]>) => (submissions.push("create"), target.create(...args));
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === "function" ? (value as (...parameters: unknown[]) => unknown).bind(target) : value;
      },
    });
    const { operationId } = await leasedCreate({ spec: { templateId, submitted: true, stackId: null } });
    const context: TickContext = { db: handle.db, driver: counting, workerId: WORKER, hooks: [], settings: SETTINGS, now: () => ({ wall: new Date(), clock: Date.now() }), eventsCommitted: () => undefined };
    const { transition } = await tick(context, operationId, {});
    expect(submissions).toEqual([]);
    // The simulated driver never built this stack: the create finds none and fails, as the old runner's would.
    expect(transition.operation?.errorCode).toBe("STACK_NOT_FOUND");
  });

  it("reads the cluster's template once per operation, and again once the cluster names another (an upgrade)", async () => {
    const { clusterId, operationId } = await leasedCreate({ progress: { submitted: true, stackId: "s1" } });
    const cache: ScopeCache = {};
    const first = await loadScope(handle.db, operationId, WORKER, SETTINGS, cache);
    expect(first.spec?.imageId).toBe("fedora-coreos-40");
    expect(cache.template?.id).toBe(templateId);
    // Kept: a change the template may take while in use (its name) does not touch the spec, and is not read again.
    await handle.db.update(clusterTemplates).set({ name: "k8s-renamed" }).where(eq(clusterTemplates.id, templateId));
    expect((await loadScope(handle.db, operationId, WORKER, SETTINGS, cache)).spec?.imageId).toBe("fedora-coreos-40");
    expect(cache.template?.name).toBe("k8s");
    // The cluster now names another template: that one is read.
    const upgraded = randomUUID();
    await handle.db.insert(clusterTemplates).values({ id: upgraded, projectId, name: "k8s-next", coe: "KUBERNETES", clusterDistro: "fedora-coreos", imageId: "fedora-coreos-41", serverType: "VM", createdBy: "test" } as never);
    await handle.db.update(clusters).set({ templateId: upgraded }).where(eq(clusters.id, clusterId));
    expect((await loadScope(handle.db, operationId, WORKER, SETTINGS, cache)).spec?.imageId).toBe("fedora-coreos-41");
    expect(cache.template?.id).toBe(upgraded);
  });

  it("reads the cluster and its groups by the cluster id kept from the first load, and by the operation's if the kept one is not its", async () => {
    const { clusterId, operationId } = await leasedCreate({ progress: { submitted: true, stackId: "s1" } });
    const cache: ScopeCache = {};
    expect((await loadScope(handle.db, operationId, WORKER, SETTINGS, cache)).cluster?.id).toBe(clusterId);
    expect(cache.clusterId).toBe(clusterId);
    await handle.db.update(clusters).set({ statusReason: "read ahead" }).where(eq(clusters.id, clusterId));
    const ahead = await loadScope(handle.db, operationId, WORKER, SETTINGS, cache);
    expect(ahead.cluster?.statusReason).toBe("read ahead");
    expect(ahead.groups.length).toBeGreaterThan(0);
    // A kept id that is not the operation's (another cluster's): the operation's own cluster is read, and kept.
    const other = await leasedCreate({ progress: { submitted: true, stackId: "s2" } });
    const wrong: ScopeCache = { clusterId: other.clusterId };
    const corrected = await loadScope(handle.db, operationId, WORKER, SETTINGS, wrong);
    expect(corrected.cluster?.id).toBe(clusterId);
    expect(corrected.groups.every((group) => group.clusterId === clusterId)).toBe(true);
    expect(wrong.clusterId).toBe(clusterId);
  });

  it("runs each hook point once per operation, in the transaction that records it", async () => {
    const { operationId } = await leasedCreate();
    const calls: string[] = [];
    const hook: OperationHook<string> = {
      name: "probe",
      appliesTo: (type) => type === "CLUSTER_CREATE",
      beforeSubmit: async () => (calls.push("beforeSubmit"), "prepared"),
      afterSubmit: async (_transaction, { prepared }) => void calls.push(`afterSubmit:${prepared}`),
      afterComplete: async (_transaction, { failed }) => void calls.push(`afterComplete:${failed}`),
    };
    const clock = new TestClock();
    const context: TickContext = { db: handle.db, driver: new SimulatedDriver({ speed: 1_000_000, clock }), workerId: WORKER, hooks: [hook], settings: SETTINGS, now: () => ({ wall: new Date(), clock: clock.now() }), eventsCommitted: () => undefined };
    const memory = {};
    for (let ticks = 0; ticks < 200; ticks += 1) {
      const { requeue } = await tick(context, operationId, memory);
      if (requeue === null) break;
      clock.advance(60 * 60_000);
    }
    expect((await operationRow(operationId)).status).toBe("SUCCEEDED");
    expect(calls).toEqual(["beforeSubmit", "afterSubmit:prepared", "afterComplete:false"]);
  });
});

describe("the reconciler with a driver that fails transiently", () => {
  it("requeues after each failure without holding the lease, then finishes the operation", async () => {
    // Held: at speed 1,000,000 the create's 60-minute timeout is 3.6 ms of clock, so a clock running on during the
    // real backoff would rightly end the create TIMEOUT while its driver fails. Time moves only when observed.
    const clock = new TestClock();
    clock.hold();
    const driver = new SimulatedDriver({ speed: 1_000_000, clock });
    // The first failure falls on the observation folded into the submission (the next tick simply observes again);
    // each later one backs off.
    let failures = 3;
    // Rows other tests left behind are claimable too: only this one's cluster sees the failures.
    const { clusterId, operationId } = await leasedCreate({ leaseOwner: null });
    const flaky = new Proxy(driver, {
      get(target, property, receiver) {
        if (property === "observe") {
          return async (...args: Parameters<Driver["observe"]>) => {
            if (args[0].uuid === clusterId && failures > 0) {
              failures -= 1;
              throw new Error("ECONNRESET");
            }
            // Time moves for this create only: another test's leftover operation observed here must not carry
            // this one past its createTimeout while its driver is failing (that would rightly end it TIMEOUT).
            if (args[0].uuid === clusterId) clock.advance(60 * 60_000);
            return target.observe(...args);
          };
        }
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === "function" ? (value as (...parameters: unknown[]) => unknown).bind(target) : value;
      },
    });
    const reconciler = new Reconciler({
      db: handle.db, driver: flaky, workerId: "reconciler-1", leaseMs: 30_000, intervalMs: 10, concurrency: 4, exclusive: false,
      eventsCommitted: () => undefined, logger: createLogger("silent"), clock,
    });
    await reconciler.start();
    try {
      const done = await waitForValue(
        () => operationRow(operationId),
        (row) => row.status !== "RUNNING" && row.status !== "PENDING",
        "the flaky create to finish",
      );
      expect(done, JSON.stringify(done)).toMatchObject({ status: "SUCCEEDED", notBefore: null, leaseOwner: null });
      expect(failures).toBe(0);
      // Claimed once, then again after each backoff: the lease went back each time.
      expect(done.attempts).toBe(3);
    } finally {
      await reconciler.stop(true);
    }
  });
});

describe("which transitions run hooks (the others go out as one pipelined transaction on PostgreSQL)", () => {
  const hooks = defaultOperationHooks({ certificates: { caKeyType: "ecdsa-p256", caKeyBits: 2048, caValidityDays: 365, rotationGraceSeconds: 60, secretKey: "k".repeat(32) } as never, driver: new SimulatedDriver({ speed: 1_000 }), secretKey: "k".repeat(32) });

  it("a create's submission runs the CA hook; its completion has nothing to run; a CA rotation's completion does", () => {
    const create = hooksFor(hooks, "CLUSTER_CREATE");
    expect(runsHooksAt(create, { point: "afterSubmit" })).toBe(true);
    expect(runsHooksAt(create, { point: "afterComplete", failed: false })).toBe(false);
    expect(runsHooksAt(create, { point: "afterComplete", failed: true })).toBe(false);
    expect(runsHooksAt(create, null)).toBe(false);
    expect(runsHooksAt(hooksFor(hooks, "CLUSTER_CA_ROTATE"), { point: "afterComplete", failed: false })).toBe(true);
  });
});
