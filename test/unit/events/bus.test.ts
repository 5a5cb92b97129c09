// The event bus against a listening connection that silently stops delivering: the heartbeat reads anyway and LISTENs again.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ensureHomeProject } from "../../../src/bootstrap.js";
import { openDatabase, type DatabaseHandle } from "../../../src/db/client.js";
import { appendClusterEvent, appendClusterEventRows, eventsAfter } from "../../../src/db/queries/cluster-events.js";
import type { ClusterEventRow } from "../../../src/db/schema/index.js";
import { EventBus } from "../../../src/events/bus.js";
import { waitUntil } from "../../support/wait.js";

function waitFor(check: () => boolean): Promise<void> {
  return waitUntil(check, "the bus to deliver");
}

describe("the event bus", () => {
  const closing: (() => Promise<void>)[] = [];
  let real: DatabaseHandle;
  beforeAll(async () => {
    real = await openDatabase({ kind: "pglite", dataDir: null });
  });
  afterAll(async () => {
    await real?.close();
  });
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
  });

  it("catches up on its own and re-LISTENs when its listening connection goes silent", async () => {
    const projectId = await ensureHomeProject(real.db);
    // postgres-js gives up re-LISTENing if its one attempt fails: the first listener goes deaf, a new one works.
    let listens = 0;
    let deaf = false;
    const database: DatabaseHandle = {
      ...real,
      kind: "postgres",
      listen: async (channel, onNotify, onListening) => {
        listens += 1;
        const generation = listens;
        return real.listen(channel, (payload) => (generation > 1 || !deaf) && onNotify(payload), onListening);
      },
    };
    const bus = new EventBus(database, { heartbeatMs: 100 });
    await bus.start();
    closing.push(() => bus.close());
    const received: ClusterEventRow[] = [];
    bus.add({ push: (event) => (received.push(event), true), overflow: () => undefined });

    const append = () => real.db.transaction((transaction) => appendClusterEvent(transaction, { projectId, clusterId: "00000000-0000-4000-8000-0000000000bb", type: "PROGRESS" }));
    const first = await append();
    await waitFor(() => received.length === 1);
    expect(received[0]!.id).toBe(first);

    deaf = true;
    const missed = await append();
    // No NOTIFY arrives; the heartbeat's read delivers it, and three silent beats later the bus listens again.
    await waitFor(() => received.length === 2);
    expect(received[1]!.id).toBe(missed);
    await waitFor(() => listens === 2);
    const after = await append();
    await waitFor(() => received.length === 3);
    expect(received.map((event) => event.id)).toEqual([first, missed, after]);
  });

  it("delivers the rows a NOTIFY carries, or that its committer hands it, exactly as a read of the table returns them", async () => {
    const projectId = await ensureHomeProject(real.db);
    let reads = 0;
    const counting: DatabaseHandle = { ...real, db: new Proxy(real.db, { get: (target, key, receiver) => (key === "select" && (reads += 1), Reflect.get(target, key, receiver)) }) };
    const bus = new EventBus(counting);
    await bus.start();
    closing.push(() => bus.close());
    const received: ClusterEventRow[] = [];
    bus.add({ push: (event) => (received.push(event), true), overflow: () => undefined });
    const clusterId = "00000000-0000-4000-8000-0000000000cc";
    // The catch-up read of the bus's start is over once a first event has been delivered.
    await real.db.transaction((transaction) => appendClusterEvent(transaction, { projectId, clusterId, type: "PROGRESS" }));
    await waitFor(() => received.length === 1);
    // A read the start or that first event set off may still be running (or queued behind another) on a loaded
    // machine: counting starts once there is none.
    await bus.settled();
    received.length = 0;
    const start = bus.cursor;
    const readsBefore = reads;
    // Every column: nulls, a default (occurredAt: the transaction's now()), jsonb details, text, an integer.
    const rows = await real.db.transaction((transaction) =>
      appendClusterEventRows(transaction, [
        { projectId, clusterId, type: "PROGRESS", stage: "network", percent: 7, statusReason: "Creating: ‘quoted’ \"text\" \u00e9", details: { stageStatus: "DONE", transitionAt: 1_796_294_482_879, nested: { list: [1, "two", null] } } },
        { projectId, clusterId, operationId: "00000000-0000-4000-8000-0000000000dd", type: "STATUS_CHANGED", status: "CREATE_COMPLETE", previousStatus: "CREATE_IN_PROGRESS", occurredAt: new Date("2026-12-03T10:00:00.123Z") },
      ]),
    );
    bus.committed(rows.map((row) => row.id), rows);
    await waitFor(() => received.length === 2);
    const stored = await eventsAfter(real.db, start, {}, 10);
    expect(received).toEqual(stored);
    expect(rows).toEqual(stored);
    // Neither the NOTIFY nor the committer's hand-over made the bus read the table.
    expect(reads).toBe(readsBefore);
  });

  it("reads the table when what it is told does not follow on from what it delivered (an id a rolled-back append took, an oversized payload)", async () => {
    const projectId = await ensureHomeProject(real.db);
    const bus = new EventBus(real);
    await bus.start();
    closing.push(() => bus.close());
    const received: ClusterEventRow[] = [];
    bus.add({ push: (event) => (received.push(event), true), overflow: () => undefined });
    const clusterId = "00000000-0000-4000-8000-0000000000ee";
    // A rolled-back append leaves a gap in the ids: the next commit's rows do not follow on, and are read instead.
    await real.db
      .transaction(async (transaction) => {
        await appendClusterEvent(transaction, { projectId, clusterId, type: "PROGRESS" });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    const afterGap = await real.db.transaction((transaction) => appendClusterEvent(transaction, { projectId, clusterId, type: "PROGRESS", stage: "after-gap" }));
    await waitFor(() => received.length === 1);
    expect(received[0]!.id).toBe(afterGap);
    // Rows too large for a NOTIFY payload travel as the newest cursor, and are read.
    const large = await real.db.transaction((transaction) => appendClusterEvent(transaction, { projectId, clusterId, type: "PROGRESS", statusReason: "x".repeat(9_000) }));
    await waitFor(() => received.length === 2);
    expect(received[1]).toMatchObject({ id: large, statusReason: "x".repeat(9_000) });
    // Told again of what it delivered (the committer after the NOTIFY): nothing more.
    bus.committed([afterGap, large]);
    const last = await real.db.transaction((transaction) => appendClusterEvent(transaction, { projectId, clusterId, type: "PROGRESS", stage: "last" }));
    await waitFor(() => received.length === 3);
    expect(received.map((event) => event.id)).toEqual([afterGap, large, last]);
  });

  it("does not re-LISTEN on PGlite, whose notifications are in process", async () => {
    let listens = 0;
    // Fake timers instead of a sleep: the bus may schedule no heartbeat at all, and fifty would-be beats pass at once.
    vi.useFakeTimers({ toFake: ["setTimeout", "setInterval"] });
    try {
      const bus = new EventBus({ ...real, listen: async (...args) => (listens += 1, real.listen(...args)) }, { heartbeatMs: 20 });
      await bus.start();
      closing.push(() => bus.close());
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(listens).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
