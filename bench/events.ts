// Benchmark of the status stream's fan-out: N clusterEvents subscribers on one Turnkey process while events are committed
// at a fixed rate, against a bare `ws` server (bench/fanout-baseline.ts) pushing the same frames to N sockets of its own,
// in the same run, the two sides taking turns. Commit → client latency, lost and duplicated deliveries, memory per subscriber.
import { BENCH_SERVER_SETTINGS, cpuSeconds, residentMegabytes, startProcess, type Child } from "./load.js";
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
const CLUSTER = "00000000-0000-4000-8000-0000000000cc";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What every client of one side saw: arrival times per cursor, in one flat array per event, and protocol anomalies. */
class Arrivals {
  private readonly byCursor = new Map<string, number[]>();
  duplicates = 0;
  received = 0;
  arrive(cursor: string, at: number): void {
    this.received += 1;
    const list = this.byCursor.get(cursor);
    if (list) list.push(at);
    else this.byCursor.set(cursor, [at]);
  }
  of(cursor: string): number[] {
    return this.byCursor.get(cursor) ?? [];
  }
  clear(): void {
    this.byCursor.clear();
    this.duplicates = 0;
    this.received = 0;
  }
}

/** A subscriber as a UI holds it: one socket, one clusterEvents subscription. Reads the cursor without parsing the whole frame (both sides alike). */
function subscribe(url: string, token: string | null, arrivals: Arrivals): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws");
    let last = -1n;
    socket.once("error", reject);
    socket.once("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: token ? { authorization: `Bearer ${token}` } : {} })));
    socket.on("message", (data) => {
      const now = performance.now();
      const text = data.toString();
      const at = text.indexOf('"cursor":"');
      if (at >= 0) {
        const cursor = text.slice(at + 10, text.indexOf('"', at + 10));
        const value = BigInt(cursor);
        if (value <= last) arrivals.duplicates += 1;
        else last = value;
        arrivals.arrive(cursor, now);
      } else if (text.includes('"connection_ack"')) {
        socket.send(JSON.stringify({ type: "subscribe", id: "1", payload: { query: QUERY } }));
        resolve(socket);
      }
    });
  });
}

async function openMany(url: string, token: string | null, count: number, arrivals: Arrivals): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  while (sockets.length < count) {
    const batch = Math.min(250, count - sockets.length);
    sockets.push(...(await Promise.all(Array.from({ length: batch }, () => subscribe(url, token, arrivals)))));
  }
  return sockets;
}

/** Turnkey: a subscription is live once its stream is registered on the event bus (an acknowledged socket is not yet). */
async function turnkeyLive(server: ServerProcess): Promise<number> {
  const text = await (await fetch(server.url.replace("/graphql", "/metrics"))).text();
  return Number(/^turnkey_event_subscriptions_opened (\d+)/m.exec(text)?.[1] ?? 0);
}

interface Side {
  name: "turnkey" | "bare ws";
  pid: number;
  arrivals: Arrivals;
  /** Commits one event for this side: into cluster_events (Turnkey's bus) or the baseline's own table, NOTIFY with its cursor. */
  commit(sql: postgres.Sql): Promise<string>;
}

interface Round {
  p50: number;
  p99: number;
  lastP99: number;
  lost: number;
  duplicated: number;
  delivered: number;
  expected: number;
  committedPerSecond: number;
  cpuMsPerSecond: number;
}

/** Commits `rate` events per second for `seconds` (each on its own, as transitions are), then waits for every delivery or 10 s. */
async function run(side: Side, sql: postgres.Sql, subscribers: number, rate: number, seconds: number): Promise<Round> {
  side.arrivals.clear();
  const committed: { cursor: string; at: number }[] = [];
  const total = rate * seconds;
  const cpuBefore = cpuSeconds(side.pid);
  const started = performance.now();
  // Each commit starts at its due time whether or not the one before has returned (they pipeline on one connection).
  const pending: Promise<void>[] = [];
  for (let index = 0; index < total; index += 1) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await pause(wait);
    pending.push(side.commit(sql).then((cursor) => void committed.push({ cursor, at: performance.now() })));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  const deadline = Date.now() + 10_000;
  while (side.arrivals.received < total * subscribers && Date.now() < deadline) await pause(20);
  const cpu = cpuSeconds(side.pid) - cpuBefore;
  const latencies: number[] = [];
  const last: number[] = [];
  let delivered = 0;
  for (const { cursor, at } of committed) {
    const arrivals = side.arrivals.of(cursor);
    delivered += arrivals.length;
    let latest = 0;
    for (const arrival of arrivals) {
      const latency = Math.max(0, arrival - at);
      latencies.push(latency);
      if (latency > latest) latest = latency;
    }
    if (arrivals.length) last.push(latest);
  }
  const expected = total * subscribers;
  return {
    p50: median(latencies),
    p99: percentile(latencies, 0.99),
    lastP99: percentile(last, 0.99),
    lost: Math.max(0, expected - (delivered - side.arrivals.duplicates)),
    duplicated: side.arrivals.duplicates,
    delivered,
    expected,
    committedPerSecond: total / elapsed,
    cpuMsPerSecond: (cpu * 1000) / ((performance.now() - started) / 1000),
  };
}

export async function benchEvents(options: { subscribers: number; rate: number; seconds: number; rounds: number }): Promise<void> {
  const database = DATABASES.find((candidate) => candidate.label === "PostgreSQL");
  if (!database) {
    console.log("events: skipped, it needs PostgreSQL (TURNKEY_TEST_POSTGRES_URL): events are committed by another connection while the server runs as its own process");
    return;
  }
  const { subscribers, rate, seconds, rounds } = options;
  const created = await database.create();
  const sql = postgres(created.url, { max: 1, onnotice: () => undefined });
  await sql`create table if not exists bench_bare_events (id bigserial primary key, type text not null, cluster_id uuid not null, stage text, percent int)`;
  let server: ServerProcess | null = null;
  let bare: Child | null = null;
  const sockets: WebSocket[] = [];
  try {
    server = await startServerProcess({ ...BENCH_SERVER_SETTINGS, DATABASE_URL: created.url, TURNKEY_LOG_LEVEL: "warn" });
    bare = await startProcess("bench/fanout-baseline.ts", { DATABASE_URL: created.url }, async (port) => (await fetch(`http://127.0.0.1:${port}/live`)).ok);
    const bareUrl = bare.url;
    const [project] = await sql`select id from projects limit 1`;
    const projectId = project!.id as string;
    const turnkeyPid = server.child.pid!;
    const barePid = bare.child.pid!;

    const sides: Side[] = [
      {
        name: "turnkey",
        pid: turnkeyPid,
        arrivals: new Arrivals(),
        // As the server appends: under the append lock, NOTIFY with the cursor; one statement, so commits can pipeline.
        commit: async (connection) => {
          const [row] = await connection`
            with locked as (select pg_advisory_xact_lock(${APPEND_LOCK_KEY})),
                 added as (insert into cluster_events (project_id, cluster_id, type, stage, percent) select ${projectId}, ${CLUSTER}, 'PROGRESS', 'bench', 50 from locked returning id)
            select id::text as id, pg_notify(${CHANNEL}, id::text) from added`;
          return row!.id as string;
        },
      },
      {
        name: "bare ws",
        pid: barePid,
        arrivals: new Arrivals(),
        commit: async (connection) => {
          const [row] = await connection`
            with added as (insert into bench_bare_events (type, cluster_id, stage, percent) values ('PROGRESS', ${CLUSTER}, 'bench', 50) returning id)
            select id::text as id, pg_notify('bench_bare_events', id::text) from added`;
          return row!.id as string;
        },
      },
    ];

    // Memory per subscriber: each server's RSS with its sockets open and settled, over the same server idle.
    const idle = { turnkey: residentMegabytes(turnkeyPid), bare: residentMegabytes(barePid) };
    const opening = performance.now();
    const liveBefore = await turnkeyLive(server);
    sockets.push(...(await openMany(server.url, ADMIN_TOKEN, subscribers, sides[0]!.arrivals)));
    while ((await turnkeyLive(server)) < liveBefore + subscribers) await pause(50);
    const openedTurnkey = (performance.now() - opening) / 1000;
    sockets.push(...(await openMany(bareUrl, null, subscribers, sides[1]!.arrivals)));
    while (Number(await (await fetch(`${bareUrl}/live`)).text()) < subscribers) await pause(50);
    await pause(2_000);
    const loaded = { turnkey: residentMegabytes(turnkeyPid), bare: residentMegabytes(barePid) };
    const perSubscriber = { turnkey: ((loaded.turnkey - idle.turnkey) * 1024) / subscribers, bare: ((loaded.bare - idle.bare) * 1024) / subscribers };
    console.log(
      `  ${subscribers} subscribers live on each (Turnkey's in ${format(openedTurnkey, 1)} s); RSS Turnkey ${format(idle.turnkey, 0)} → ${format(loaded.turnkey, 0)} MiB, ` +
        `bare ws ${format(idle.bare, 0)} → ${format(loaded.bare, 0)} MiB`,
    );

    const results: Record<Side["name"], Round[]> = { turnkey: [], "bare ws": [] };
    for (let round = 0; round < rounds; round += 1) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        const result = await run(side, sql, subscribers, rate, seconds);
        results[side.name].push(result);
        console.log(
          `  ${side.name} round ${round + 1}: ${format(result.committedPerSecond, 0)} events/s committed, commit → client p50 ${format(result.p50)} ms, p99 ${format(result.p99)} ms, ` +
            `to the last subscriber p99 ${format(result.lastP99)} ms; ${result.delivered}/${result.expected} delivered, ${result.lost} not received within 10 s of the last commit, ${result.duplicated} duplicated; server CPU ${format(result.cpuMsPerSecond, 0)} ms/s`,
        );
      }
    }
    const med = (name: Side["name"], pick: (round: Round) => number) => median(results[name].map(pick));
    const p99 = med("turnkey", (round) => round.p99);
    const bareP99 = med("bare ws", (round) => round.p99);
    const lost = results.turnkey.reduce((sum, round) => sum + round.lost, 0);
    const duplicated = results.turnkey.reduce((sum, round) => sum + round.duplicated, 0);
    const delivered = results.turnkey.reduce((sum, round) => sum + round.delivered, 0);
    const expected = results.turnkey.reduce((sum, round) => sum + round.expected, 0);
    const full = subscribers >= 5_000 && rate >= 100;
    const setup =
      `${rate} events/s for ${seconds} s × ${rounds} alternating rounds, median; each server 1 process, ${subscribers} sockets each, clients and committer in the bench process; 2 shared cores; ` +
      `Turnkey ${delivered}/${expected} delivered, ${lost} not received within 10 s of the last commit, ${duplicated} duplicated (bare ws: ${results["bare ws"].reduce((sum, round) => sum + round.lost, 0)} not received)`;
    record({
      scenario: "fan-out",
      figure: `${subscribers} clusterEvents subscribers, ${rate} events/s: commit → client p99 ms`,
      turnkey: format(p99, 0),
      baseline: `${format(bareP99, 0)} (bare ws)`,
      ratio: `${format(p99 / bareP99, 1)}×`,
      target: full ? "< 100 ms, 0 lost, 0 duplicated" : undefined,
      met: full ? p99 < 100 && lost === 0 && duplicated === 0 : undefined,
      setup,
    });
    record({ scenario: "fan-out", figure: "commit → client p50 ms", turnkey: format(med("turnkey", (round) => round.p50), 1), baseline: format(med("bare ws", (round) => round.p50), 1) });
    record({ scenario: "fan-out", figure: "commit → last subscriber p99 ms", turnkey: format(med("turnkey", (round) => round.lastP99), 0), baseline: format(med("bare ws", (round) => round.lastP99), 0) });
    record({
      scenario: "fan-out",
      figure: "server CPU ms per second of load",
      turnkey: format(med("turnkey", (round) => round.cpuMsPerSecond), 0),
      baseline: format(med("bare ws", (round) => round.cpuMsPerSecond), 0),
      ratio: `${format(med("turnkey", (round) => round.cpuMsPerSecond) / med("bare ws", (round) => round.cpuMsPerSecond), 1)}×`,
    });
    record({
      scenario: "fan-out",
      figure: `memory per subscriber at ${subscribers} (KiB)`,
      turnkey: format(perSubscriber.turnkey, 1),
      baseline: format(perSubscriber.bare, 1),
      ratio: `${format(perSubscriber.turnkey / perSubscriber.bare, 1)}×`,
      setup: `RSS delta / subscribers after 2 s settled: Turnkey ${format(idle.turnkey, 0)} → ${format(loaded.turnkey, 0)} MiB, bare ws ${format(idle.bare, 0)} → ${format(loaded.bare, 0)} MiB`,
    });
  } catch (error) {
    console.error("events benchmark failed:", error);
    if (server && server.child.exitCode !== null) console.error(`the Turnkey server exited (${server.child.exitCode}); its last output:\n${server.output().slice(-3000)}`);
    throw error;
  } finally {
    for (const socket of sockets) socket.terminate();
    await sql.end();
    await server?.kill("SIGKILL");
    await bare?.stop();
    await created.dispose();
  }
}
