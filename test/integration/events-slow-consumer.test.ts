// A client that stops reading while tens of thousands of events flow is closed with 4413, and the server process's memory stays bounded.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { WebSocketCloseCode } from "../../src/graphql/websocket-close-codes.js";
import { DATABASES } from "../support/databases.js";
import { startServerProcess, type ServerProcess } from "../support/process.js";
import { openRawSocket, subscribeMessage, waitUntil } from "../support/sockets.js";
import { openedAt } from "../support/subscriptions.js";

const postgresql = DATABASES.find((database) => database.label === "PostgreSQL");
if (!postgresql) console.warn("SKIPPED: the slow-consumer memory test needs PostgreSQL (events are written by another connection while the server runs as its own process)");

const EVENTS = 30_000;
const SUBSCRIPTIONS = 20;
/** What the server may grow by while the flood passes (measured: about 50 MB; with the bounds lifted, about 330 MB). */
const GROWTH_BOUND_MB = 120;
const WIDE = "subscription { clusterEvents { cursor type occurredAt clusterId status previousStatus statusReason healthStatus stage percent details } }";

function residentMegabytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith("VmRSS:"));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

describe.skipIf(!postgresql)("a slow consumer on a server process", () => {
  let server: ServerProcess;
  let sql: postgres.Sql;
  let dispose: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const created = await postgresql!.create();
    dispose = created.dispose;
    sql = postgres(created.url, { max: 1, onnotice: () => undefined });
    server = await startServerProcess({ DATABASE_URL: created.url, TURNKEY_WS_SEND_TIMEOUT_MS: "3000" });
  }, 120_000);
  afterAll(async () => {
    await server?.kill("SIGKILL");
    await sql?.end();
    await dispose?.();
  });

  it("is cut off with 4413 while a reading client gets every event, and the server's RSS stays bounded", { timeout: 180_000 }, async () => {
    const pid = server.child.pid!;
    const opened = openedAt(server.url);
    const before = await opened();
    const reader = await openRawSocket(server.url);
    reader.send(subscribeMessage("all", "subscription { clusterEvents { cursor } }"));
    const slow = await openRawSocket(server.url);
    for (let index = 0; index < SUBSCRIPTIONS; index += 1) slow.send(subscribeMessage(`s${index}`, WIDE));
    const metrics = async () => (await fetch(server.url.replace("/graphql", "/metrics"))).text();
    // Live, not just accepted: every stream has registered on the event bus, so none misses the flood's start.
    await waitUntil(async () => (await opened()) >= before + SUBSCRIPTIONS + 1, "every subscription live on the event bus");
    slow.socket.pause();

    const baseline = residentMegabytes(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, residentMegabytes(pid))), 50);
    // Read on as soon as the server has cut the socket off: the close frame waits behind the unread bytes for at
    // most the server's grace (10 s), and on a loaded machine the rest of the flood can take longer than that.
    const cutOff = waitUntil(async () => /turnkey_ws_cut_off_total\{reason="slow_consumer"\} 1/.test(await metrics()), 150_000, "the slow consumer to be cut off").then(() => slow.socket.resume());
    const [project] = await sql`select id from projects limit 1`;
    // Written as the server's own appends are: under the append lock, announced with the newest cursor.
    for (let written = 0; written < EVENTS; written += 1_000) {
      await sql.begin(async (transaction) => {
        await transaction`select pg_advisory_xact_lock(7353002)`;
        const [newest] = await transaction`
          insert into cluster_events (project_id, cluster_id, type, stage, percent, details)
          select ${project!.id}, '00000000-0000-4000-8000-0000000000aa', 'PROGRESS', 'load', n % 100,
                 '{"stageStatus": "RUNNING", "description": "a synthetic event with a description long enough to fill buffers"}'::jsonb
          from generate_series(1, 1000) as n
          returning id`.then((rows) => rows.slice(-1));
        await transaction`select pg_notify('turnkey_cluster_events', ${String(newest!.id)})`;
      });
    }
    await waitUntil(() => reader.messages.filter((message) => message.type === "next").length >= EVENTS, 120_000, "every event at the reading client");
    await cutOff;
    clearInterval(sampler);
    expect(await slow.closed).toEqual({ code: WebSocketCloseCode.SlowConsumer, reason: "slow consumer: reconnect with your last cursor" });
    console.log(`server RSS: ${baseline.toFixed(0)} MB before the flood, ${peak.toFixed(0)} MB at its peak (${EVENTS} events, ${SUBSCRIPTIONS} subscriptions on the slow socket)`);
    expect(peak - baseline).toBeLessThan(GROWTH_BOUND_MB);
    expect(reader.socket.readyState).toBe(reader.socket.OPEN);
    reader.socket.close();
  });
});
