// Benchmark of the status stream: commit → graphql-ws client latency against a raw LISTEN/NOTIFY round trip in the same run,
// and how many subscribers one server process holds, with its memory per connection and the fan-out time of one event.
import { BENCH_SERVER_SETTINGS } from "./load.js";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import WebSocket from "ws";
import { DATABASES } from "../test/support/databases.js";
import { startServerProcess, type ServerProcess } from "../test/support/process.js";
import { ADMIN_TOKEN } from "../test/support/server.js";
import { format, median, percentile } from "./stats.js";
import { record } from "./table.js";

const CHANNEL = "turnkey_cluster_events";
const APPEND_LOCK_KEY = 7_353_002;
const QUERY = "subscription { clusterEvents { cursor type clusterId stage percent } }";

function residentMegabytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith("VmRSS:"));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A subscriber as a UI holds it: one socket, one clusterEvents subscription; calls onCursor with each cursor. */
function subscribe(url: string, onCursor: (cursor: bigint) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws");
    socket.once("error", reject);
    socket.once("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${ADMIN_TOKEN}` } })));
    socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as { type: string; payload?: { data?: { clusterEvents?: { cursor: string } } } };
      if (message.type === "connection_ack") {
        socket.send(JSON.stringify({ type: "subscribe", id: "1", payload: { query: QUERY } }));
        resolve(socket);
      } else if (message.type === "next" && message.payload?.data?.clusterEvents) {
        onCursor(BigInt(message.payload.data.clusterEvents.cursor));
      }
    });
  });
}

async function operationsOpen(server: ServerProcess): Promise<number> {
  const text = await (await fetch(server.url.replace("/graphql", "/metrics"))).text();
  return Number(/^turnkey_ws_operations (\d+)/m.exec(text)?.[1] ?? 0);
}

/** One event committed the way the server appends them: under the append lock, NOTIFY with the cursor. Returns its cursor and when COMMIT returned. */
async function commitOne(sql: postgres.Sql, projectId: string): Promise<{ cursor: bigint; committedAt: number }> {
  const cursor = await sql.begin(async (transaction) => {
    await transaction`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`;
    const [row] = await transaction`insert into cluster_events (project_id, cluster_id, type, stage, percent) values (${projectId}, '00000000-0000-4000-8000-0000000000cc', 'PROGRESS', 'bench', 50) returning id`;
    await transaction`select pg_notify(${CHANNEL}, ${String(row!.id)})`;
    return BigInt(row!.id as string);
  });
  return { cursor, committedAt: performance.now() };
}

async function latency(server: ServerProcess, sql: postgres.Sql, listener: postgres.Sql, projectId: string, samples: number, subscribers: WebSocket[], seen: Map<bigint, number[]>): Promise<void> {
  const notified = new Map<bigint, number>();
  const listening = await listener.listen(CHANNEL, (payload) => {
    if (payload) notified.set(BigInt(payload), performance.now());
  });
  const committed = new Map<bigint, number>();
  for (let index = 0; index < samples; index += 1) {
    const { cursor, committedAt } = await commitOne(sql, projectId);
    committed.set(cursor, committedAt);
    // One event at a time: this measures an event's fan-out, not a queue of them.
    const deadline = Date.now() + 30_000;
    while ((seen.get(cursor)?.length ?? 0) < subscribers.length && Date.now() < deadline) await pause(subscribers.length > 1 ? 5 : 1);
    await pause(4);
  }
  await listening.unlisten();

  const baseline: number[] = [];
  const delivered: number[] = [];
  const lastArrival: number[] = [];
  for (const [cursor, committedAt] of committed) {
    const notifiedAt = notified.get(cursor);
    if (notifiedAt !== undefined) baseline.push(notifiedAt - committedAt);
    const arrivals = seen.get(cursor) ?? [];
    for (const arrival of arrivals) delivered.push(arrival - committedAt);
    if (arrivals.length === subscribers.length) lastArrival.push(Math.max(...arrivals) - committedAt);
    seen.delete(cursor);
  }
  console.log(
    `  ${subscribers.length} subscriber(s), ${samples} events one at a time: commit → client p50 ${format(median(delivered))} ms, p99 ${format(percentile(delivered, 0.99))} ms` +
      (subscribers.length > 1 ? `; commit → last subscriber p50 ${format(median(lastArrival))} ms, p99 ${format(percentile(lastArrival, 0.99))} ms` : "") +
      ` | raw LISTEN/NOTIFY commit → listener p50 ${format(median(baseline), 2)} ms, p99 ${format(percentile(baseline, 0.99), 2)} ms` +
      ` | ${delivered.length}/${samples * subscribers.length} delivered`,
  );
  if (subscribers.length > 1) {
    const p99 = percentile(delivered, 0.99);
    record({
      scenario: "fan-out",
      figure: `${subscribers.length} clusterEvents subscribers: commit → client p99 ms`,
      turnkey: format(p99, 0),
      baseline: `${format(percentile(baseline, 0.99), 1)} (raw LISTEN/NOTIFY)`,
      target: subscribers.length >= 5_000 ? "< 100 ms, 0 lost" : undefined,
      met: subscribers.length >= 5_000 ? p99 < 100 && delivered.length === samples * subscribers.length : undefined,
      setup: `${samples} events one at a time (not yet 100 transitions/s, no bare ws fan-out baseline); ${delivered.length}/${samples * subscribers.length} delivered; server 1 process, clients and committer in the bench process; 2 shared cores`,
    });
  }
}

export async function benchEvents(steps = [1_000, 5_000, 10_000], singleSamples = 300): Promise<void> {
  const database = DATABASES.find((candidate) => candidate.label === "PostgreSQL");
  if (!database) {
    console.log("events: skipped, it needs PostgreSQL (TURNKEY_TEST_POSTGRES_URL): events are committed by another connection while the server runs as its own process");
    return;
  }
  const created = await database.create();
  const server = await startServerProcess({ ...BENCH_SERVER_SETTINGS, DATABASE_URL: created.url, TURNKEY_LOG_LEVEL: "warn" });
  const sql = postgres(created.url, { max: 1, onnotice: () => undefined });
  const listener = postgres(created.url, { max: 1, onnotice: () => undefined });
  const sockets: WebSocket[] = [];
  try {
    const pid = server.child.pid!;
    const [project] = await sql`select id from projects limit 1`;
    const projectId = project!.id as string;
    const seen = new Map<bigint, number[]>();
    const onCursor = (cursor: bigint) => {
      const now = performance.now();
      const arrivals = seen.get(cursor);
      if (arrivals) arrivals.push(now);
      else seen.set(cursor, [now]);
    };
    console.log(`events on PostgreSQL, one server process (pid ${pid}); the client, the committer and the server share this machine's CPUs`);
    sockets.push(await subscribe(server.url, onCursor));
    await latency(server, sql, listener, projectId, singleSamples, sockets, seen);

    const idle = residentMegabytes(pid);
    console.log(`  server RSS with 1 subscriber: ${format(idle, 0)} MB`);
    for (const target of steps) {
      const opening = performance.now();
      while (sockets.length < target) {
        const batch = Math.min(250, target - sockets.length);
        sockets.push(...(await Promise.all(Array.from({ length: batch }, () => subscribe(server.url, onCursor)))));
      }
      while ((await operationsOpen(server)) < target) await pause(50);
      const opened = performance.now() - opening;
      await pause(2_000);
      const after = residentMegabytes(pid);
      record({ scenario: "fan-out", figure: `memory per subscriber at ${target} (KiB)`, turnkey: format(((after - idle) * 1024) / target, 1), setup: `server RSS ${format(after, 0)} MB, idle ${format(idle, 0)} MB` });
      console.log(
        `  ${target} subscribers open in ${format(opened / 1000, 1)} s; server RSS ${format(after, 0)} MB, ` +
          `${format(((after - idle) * 1024) / target, 1)} KiB per subscriber over the idle server`,
      );
      await latency(server, sql, listener, projectId, 20, sockets, seen);
    }
  } catch (error) {
    console.error("events benchmark failed:", error);
    throw error;
  } finally {
    for (const socket of sockets) socket.terminate();
    await sql.end();
    await listener.end();
    await server.kill("SIGKILL");
    await created.dispose();
  }
}
