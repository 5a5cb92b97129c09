// The event bus against a listening connection that silently stops delivering: the heartbeat reads anyway and LISTENs again.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ensureHomeProject } from "../../../src/bootstrap.js";
import { openDatabase, type DatabaseHandle } from "../../../src/db/client.js";
import { appendClusterEvent } from "../../../src/db/queries/cluster-events.js";
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
