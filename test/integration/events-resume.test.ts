// Resume: a subscriber that drops mid-create and returns with its last cursor gets exactly what it missed; retention refuses older cursors with CURSOR_EXPIRED.
import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterEventsDocument, ClusterStateDocument, OperationStateDocument } from "../../src/client/generated/graphql.js";
import { eventsOfCluster } from "../../src/db/queries/cluster-events.js";
import { pruneEventBatch, prunedThrough } from "../../src/db/queries/event-retention.js";
import { clusterEvents } from "../../src/db/schema/index.js";
import { uuidOf } from "../../src/graphql/common/global-id.js";
import { DATABASES } from "../support/databases.js";
import { createCluster, createTemplate, eventsUntil, expectOrderedAndUnique, startFastServer, waitForStatus, type StreamEvent } from "../support/lifecycle.js";
import type { TestServer } from "../support/server.js";
import { waitUntil } from "../support/sockets.js";
import { collect, wsClient } from "../support/subscriptions.js";
import { TestClock } from "../support/clock.js";
import { waitForValue } from "../support/wait.js";

const TERMINAL = ["CREATE_COMPLETE", "CREATE_FAILED"];

/** Real milliseconds per simulated minute at speed 150. */
const SIMULATED_MINUTE_MS = 60_000 / 150;

describe.each(DATABASES)("resuming the status stream on $label", (database) => {
  let api: TestServer;
  let templateId: string;
  const clock = new TestClock();

  beforeAll(async () => {
    // About 3 s per create: long enough to drop out and come back in the middle of one.
    api = await startFastServer(database, { TURNKEY_SIM_SPEED: "150" }, { clock });
    templateId = await createTemplate(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  it("gives a subscriber that disconnects mid-create exactly the remaining events when it reconnects with its last cursor", async () => {
    // Simulated time moves only when the test says, so "mid-create" holds however loaded the machine is.
    clock.hold();
    let rest: StreamEvent[];
    let seen: StreamEvent[];
    let lastCursor: string;
    const cluster = await createCluster(api, templateId, { nodeCount: 2 });
    try {
      const first = wsClient(api.url);
      const firstEvents = collect(first, ClusterEventsDocument, { clusterId: cluster.id }, (_item, all) => all.length === 3);
      // Submitted to the driver (after its CA keys), then a simulated minute: the network and certificates stages finish.
      await waitForValue(() => api.query(OperationStateDocument, { id: cluster.operationId }), (data) => data.operation.progress.stages.some((stage) => stage.status === "RUNNING"), "the create to start its first stage");
      clock.advance(SIMULATED_MINUTE_MS);
      seen = (await firstEvents.done).map((item) => item.clusterEvents);
      await first.dispose();
      lastCursor = seen.at(-1)!.cursor;

      // Events are recorded while it is away: three more simulated minutes finish the masters (150 s) and
      // etcd; the create (over seven minutes) is still running when it comes back.
      const db = api.server.database.db;
      const recordedBefore = (await eventsOfCluster(db, uuidOfCluster(cluster.id))).length;
      clock.advance(3 * SIMULATED_MINUTE_MS);
      await waitUntil(async () => (await eventsOfCluster(db, uuidOfCluster(cluster.id))).length > recordedBefore, "events recorded while disconnected");
      expect((await api.query(ClusterStateDocument, { id: cluster.id })).cluster.status).toBe("CREATE_IN_PROGRESS");
      // Time runs again as it reconnects, so its replay races new commits.
      const resumed = eventsUntil(api, cluster.id, TERMINAL, { after: lastCursor });
      clock.release();
      rest = throughTerminal(await resumed);
    } finally {
      clock.release();
    }

    const history = throughTerminal(await eventsUntil(api, cluster.id, TERMINAL, { after: "0" }));
    expect([...seen, ...rest].map((event) => event.cursor)).toEqual(history.map((event) => event.cursor));
    expect(BigInt(rest[0]!.cursor) > BigInt(lastCursor)).toBe(true);
    expectOrderedAndUnique([...seen, ...rest]);
    expect(rest.at(-1)).toMatchObject({ status: "CREATE_COMPLETE" });
  });

  it("prunes in batches, each moving the watermark to the newest id it deleted", async () => {
    const cluster = await createCluster(api, templateId);
    await waitForStatus(api, cluster.id, TERMINAL);
    const db = api.server.database.db;
    const before = await prunedThrough(db);
    const oldest = (await eventsOfAll(api)).slice(0, 5);
    const batch = await pruneEventBatch(db, 0, 5);
    expect(batch).toEqual({ deleted: 5, ran: true });
    expect(await prunedThrough(db)).toBe(oldest.at(-1)!);
    expect(await prunedThrough(db) > before).toBe(true);
  });

  it("refuses a cursor older than the retained history with CURSOR_EXPIRED, and accepts one at the watermark", async () => {
    const cluster = await createCluster(api, templateId);
    const db = api.server.database.db;
    // From the current watermark (earlier tests pruned), the create's own events however far it got.
    const events = await eventsUntil(api, cluster.id, TERMINAL, { operationId: cluster.operationId, after: String(await prunedThrough(db)) });
    // Retention 0: everything recorded so far goes, as it would after TURNKEY_EVENT_RETENTION_HOURS.
    while ((await pruneEventBatch(db, 0, 1_000)).deleted > 0);
    const watermark = await prunedThrough(db);
    expect(watermark >= BigInt(events.at(-1)!.cursor)).toBe(true);

    const client = wsClient(api.url);
    try {
      for (const variables of [{ clusterId: cluster.id, after: events[0]!.cursor }, { after: "0" }]) {
        const refused = collect(client, ClusterEventsDocument, variables, () => true).done;
        await expect(refused).rejects.toMatchObject({ errors: [{ extensions: { code: "CURSOR_EXPIRED", prunedThrough: watermark.toString() } }] });
      }
      // From the watermark on nothing is missing: the stream is accepted and the next create arrives from its first event.
      // Ends on the new cluster's completion (other clusters' health events also carry status CREATE_COMPLETE).
      let nextId = "";
      const live = collect(
        client,
        ClusterEventsDocument,
        { after: watermark.toString() },
        (item) => item.clusterEvents.type === "STATUS_CHANGED" && item.clusterEvents.status === "CREATE_COMPLETE" && item.clusterEvents.clusterId === nextId,
      );
      const next = await createCluster(api, templateId);
      nextId = next.id;
      const received = (await live.done).map((item) => item.clusterEvents).filter((event) => event.clusterId === next.id);
      expect(received[0]).toMatchObject({ type: "STATUS_CHANGED", status: "CREATE_IN_PROGRESS" });
    } finally {
      await client.dispose();
    }
  });
});

describe.each(DATABASES)("event retention on $label", (database) => {
  let api: TestServer;
  beforeAll(async () => {
    // 0.0005 h is 1.8 s.
    api = await startFastServer(database, { TURNKEY_EVENT_RETENTION_HOURS: "0.0005", TURNKEY_EVENT_PRUNE_INTERVAL_MS: "100" });
  });
  afterAll(async () => {
    await api?.close();
  });

  it("deletes events past TURNKEY_EVENT_RETENTION_HOURS on its own and records how far it pruned", async () => {
    const templateId = await createTemplate(api);
    const cluster = await createCluster(api, templateId);
    await waitForStatus(api, cluster.id, TERMINAL);
    const db = api.server.database.db;
    const recorded = await eventsOfCluster(db, uuidOfCluster(cluster.id));
    expect(recorded.length).toBeGreaterThan(0);
    await waitUntil(async () => (await prunedThrough(db)) >= recorded.at(-1)!.id, 15_000, "the periodic prune");
    // Whatever was recorded since (a health change) is younger than the retention and stays.
    const left = await eventsOfCluster(db, uuidOfCluster(cluster.id));
    expect(left.filter((event) => event.id <= recorded.at(-1)!.id)).toEqual([]);
  });
});

/** collect() can append an event that arrived in the same tick as the terminal one (a HEALTH_CHANGED right after CREATE_COMPLETE). */
function throughTerminal(events: StreamEvent[]): StreamEvent[] {
  const end = events.findIndex((event) => event.type === "STATUS_CHANGED" && TERMINAL.includes(event.status ?? ""));
  return events.slice(0, end + 1);
}

function uuidOfCluster(globalId: string): string {
  return uuidOf(globalId, "Cluster")!;
}

async function eventsOfAll(api: TestServer): Promise<bigint[]> {
  const rows = await api.server.database.db.select({ id: clusterEvents.id }).from(clusterEvents).orderBy(asc(clusterEvents.id));
  return rows.map((row) => row.id);
}
