// Protocol hygiene of GraphQL over WebSocket: auth in connection_init, init timeout, keep-alive, per-socket caps, validation, slow consumers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendClusterEvents, type NewClusterEvent } from "../../src/db/queries/cluster-events.js";
import { projects } from "../../src/db/schema/index.js";
import { WebSocketCloseCode } from "../../src/graphql/websocket-close-codes.js";
import { DATABASES } from "../support/databases.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { openRawSocket, subscribeMessage, waitUntil, type ProtocolMessage } from "../support/sockets.js";

// The protocol does not depend on the database; the embedded one is enough.
const database = DATABASES[0]!;

const LIVE = "subscription { clusterEvents { cursor type } }";
const WIDE = "subscription { clusterEvents { cursor type occurredAt clusterId status previousStatus statusReason healthStatus stage percent details } }";

async function metric(api: TestServer, line: RegExp): Promise<number> {
  const text = await (await fetch(api.url.replace("/graphql", "/metrics"))).text();
  const found = text.split("\n").find((entry) => line.test(entry));
  return found ? Number(found.split(" ").at(-1)) : 0;
}

const errorOf = (message: ProtocolMessage) => (message.payload as { message: string; extensions?: { code?: string } }[])[0]!;

describe("GraphQL over WebSocket", () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer(database, {
      TURNKEY_WS_INIT_TIMEOUT_MS: "300",
      TURNKEY_WS_PING_INTERVAL_MS: "150",
      TURNKEY_WS_PONG_TIMEOUT_MS: "300",
      TURNKEY_WS_MAX_SUBSCRIPTIONS: "2",
      TURNKEY_MAX_QUERY_DEPTH: "5",
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  it("authenticates in connection_init and closes with 4401 and the reason otherwise", async () => {
    const none = await openRawSocket(api.url, { init: {} });
    expect(await none.closed).toEqual({ code: WebSocketCloseCode.Unauthorized, reason: expect.stringMatching(/authentication required/) });
    const wrong = await openRawSocket(api.url, { init: { authorization: "Bearer not-a-token-at-all" } });
    expect(await wrong.closed).toEqual({ code: WebSocketCloseCode.Unauthorized, reason: expect.stringMatching(/not valid/) });
  });

  it("closes a socket that sends no connection_init within the init timeout with 4408", async () => {
    const silent = await openRawSocket(api.url, { init: null });
    // 4408 is graphql-ws's init-timeout close: the configured timer fired (its length is no test's business on a loaded machine).
    expect((await silent.closed).code).toBe(WebSocketCloseCode.ConnectionInitialisationTimeout);
  });

  it("pings every socket and terminates one that stops answering", async () => {
    const healthy = await openRawSocket(api.url);
    let pings = 0;
    healthy.socket.on("ping", () => (pings += 1));
    const deaf = await openRawSocket(api.url, { autoPong: false });
    // Terminated, not closed: a peer that does not answer pings would not answer a close either.
    expect((await deaf.closed).code).toBe(1006);
    expect(await metric(api, /^turnkey_ws_cut_off_total\{reason="keep_alive"\}/)).toBeGreaterThanOrEqual(1);
    await waitUntil(() => pings >= 3, 5_000, "pings to the healthy socket");
    expect(healthy.socket.readyState).toBe(healthy.socket.OPEN);
    healthy.socket.close();
  });

  it("refuses operations beyond TURNKEY_WS_MAX_SUBSCRIPTIONS with RATE_LIMITED; completing one makes room", async () => {
    const raw = await openRawSocket(api.url);
    raw.send(subscribeMessage("1", LIVE));
    raw.send(subscribeMessage("2", LIVE));
    raw.send(subscribeMessage("3", "{ viewer { user { name } } }"));
    const refused = await raw.waitFor((message) => message.id === "3");
    expect(refused.type).toBe("error");
    expect(errorOf(refused)).toMatchObject({ extensions: { code: "RATE_LIMITED" }, message: expect.stringMatching(/2 operations in flight/) });
    raw.send({ type: "complete", id: "1" });
    raw.send(subscribeMessage("4", "{ viewer { user { name } } }"));
    const answered = await raw.waitFor((message) => message.id === "4");
    expect(answered).toMatchObject({ type: "next", payload: { data: { viewer: { user: { name: expect.any(String) } } } } });
    expect(raw.socket.readyState).toBe(raw.socket.OPEN);
    raw.socket.close();
  });

  it("validates like the HTTP path (depth limit included) and caches parsed documents by their text", async () => {
    const raw = await openRawSocket(api.url);
    const codes: ProtocolMessage[] = [];
    for (const [id, query] of [
      ["unknown-field", "subscription { clusterEvents { nope } }"],
      ["too-deep", "subscription { clusterEvents { cluster { template { clusters { nodes { template { clusters { totalCount } } } } } } } }"],
      ["unparsable", "subscription { clusterEvents {"],
    ] as const) {
      raw.send(subscribeMessage(id, query));
      codes.push(await raw.waitFor((message) => message.id === id));
    }
    expect(codes.map((message) => [message.type, errorOf(message).extensions?.code])).toEqual([
      ["error", "GRAPHQL_VALIDATION_FAILED"],
      ["error", "QUERY_TOO_COMPLEX"],
      ["error", "GRAPHQL_PARSE_FAILED"],
    ]);
    expect(errorOf(codes[1]!).message).toMatch(/depth/);

    const hitsBefore = await metric(api, /^turnkey_ws_document_cache_lookups\{result="hit"\}/);
    for (const id of ["a", "b", "c"]) {
      raw.send(subscribeMessage(id, "{ viewer { user { name } } }"));
      await raw.waitFor((message) => message.id === id && message.type === "complete");
    }
    expect(await metric(api, /^turnkey_ws_document_cache_lookups\{result="hit"\}/)).toBeGreaterThanOrEqual(hitsBefore + 2);
    raw.socket.close();
  });
});

describe("a slow consumer over WebSocket", () => {
  let api: TestServer;
  beforeAll(async () => {
    // A live buffer smaller than a burst: the reader falls behind and pages from the table instead.
    api = await startTestServer(database, { TURNKEY_WS_MAX_BUFFERED_BYTES: "65536", TURNKEY_WS_SEND_TIMEOUT_MS: "1000", TURNKEY_WS_PING_INTERVAL_MS: "0", TURNKEY_SUBSCRIPTION_BUFFER: "50" });
  });
  afterAll(async () => {
    await api?.close();
  });

  it("is closed with 4413 once it stops reading, while a reader behind by more than its buffer still gets every event once, in order", async () => {
    const bus = api.server.bus;
    const opened = bus.subscriptionsOpened;
    const reader = await openRawSocket(api.url);
    reader.send(subscribeMessage("all", LIVE));
    const slow = await openRawSocket(api.url);
    for (let index = 0; index < 20; index += 1) slow.send(subscribeMessage(`s${index}`, WIDE));
    // Live, not just accepted: each stream has registered on the bus, so it gets every event appended from now on.
    await waitUntil(() => bus.subscriptionsOpened >= opened + 21, "21 subscriptions live on the event bus");
    slow.socket.pause();

    const db = api.server.database.db;
    const [project] = await db.select({ id: projects.id }).from(projects).limit(1);
    const total = 4_000;
    for (let sent = 0; sent < total; sent += 200) {
      const batch: NewClusterEvent[] = Array.from({ length: 200 }, (_, index) => ({
        projectId: project!.id,
        clusterId: "00000000-0000-4000-8000-0000000000aa",
        type: "PROGRESS",
        stage: "load",
        percent: (sent + index) % 100,
        details: { stageStatus: "RUNNING", description: "a synthetic event with a description long enough to fill buffers" },
      }));
      const ids = await db.transaction((transaction) => appendClusterEvents(transaction, batch));
      bus.wake();
      // Paced by the bus: the next batch goes once this one has been read and fanned out.
      await waitUntil(() => bus.cursor >= ids.at(-1)!, "the bus to read the batch");
    }
    await waitUntil(async () => (await metric(api, /^turnkey_ws_cut_off_total\{reason="slow_consumer"\}/)) >= 1, 20_000, "the slow consumer to be cut off");
    slow.socket.resume();
    expect(await slow.closed).toEqual({ code: WebSocketCloseCode.SlowConsumer, reason: "slow consumer: reconnect with your last cursor" });

    const delivered = () => reader.messages.filter((message) => message.type === "next").map((message) => BigInt((message.payload as { data: { clusterEvents: { cursor: string } } }).data.clusterEvents.cursor));
    // A last event after the burst: once it has arrived, everything before it has too, so the count is final.
    const [sentinel] = await db.transaction((transaction) => appendClusterEvents(transaction, [{ projectId: project!.id, clusterId: "00000000-0000-4000-8000-0000000000ab", type: "PROGRESS", stage: "sentinel" }]));
    bus.wake();
    await waitUntil(() => delivered().includes(sentinel!), "the sentinel event at the reading subscriber");
    const cursors = delivered().filter((cursor) => cursor !== sentinel);
    expect(cursors).toHaveLength(total);
    expect(cursors.every((cursor, index) => index === 0 || cursor > cursors[index - 1]!)).toBe(true);
    expect(reader.socket.readyState).toBe(reader.socket.OPEN);
    reader.socket.close();
  });
});
