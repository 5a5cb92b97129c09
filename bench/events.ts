// Benchmark of the status stream's fan-out: N clusterEvents subscribers on one Turnkey process while events are committed
// at a fixed rate, against a bare `ws` server (bench/fanout-baseline.ts) pushing the same frames to N sockets of its own,
// in the same run, the two sides taking turns. Commit → client latency, lost and duplicated deliveries, memory per subscriber.
import { BENCH_SERVER_SETTINGS, cpuSeconds, residentMegabytes, startProcess, type Child } from "./load.js";
import postgres from "postgres";
import { Worker } from "node:worker_threads";
import { DATABASES } from "../test/support/databases.js";
import { ensureBuilt } from "../test/support/build.js";
import { startServerProcess, type ServerProcess } from "../test/support/process.js";
import { ADMIN_TOKEN } from "../test/support/server.js";
import { format, median, percentile } from "./stats.js";
import { record } from "./table.js";

const CHANNEL = "turnkey_cluster_events";
const APPEND_LOCK_KEY = 7_353_002;
const QUERY = "subscription { clusterEvents { cursor type clusterId stage percent } }";
const CLUSTER = "00000000-0000-4000-8000-0000000000cc";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Threads holding one side's sockets (bench/events-clients.mjs): the bench's own event loop would otherwise be the bottleneck. */
const CLIENT_THREADS = 2;
const BUCKET_MS = 0.1;

interface ClientSummary {
  histogram: Uint32Array;
  latest: [number, number][];
  matched: number;
  received: number;
  duplicates: number;
}

/** One side's subscribers, split over worker threads; a subscriber is one socket with one clusterEvents subscription, as a UI holds it. */
class Clients {
  private nextId = 1;
  private constructor(private readonly workers: Worker[]) {}

  static async open(url: string, token: string | null, count: number): Promise<Clients> {
    const workers: Worker[] = [];
    for (let index = 0; index < CLIENT_THREADS; index += 1) {
      const share = Math.floor(count / CLIENT_THREADS) + (index < count % CLIENT_THREADS ? 1 : 0);
      workers.push(new Worker(new URL("./events-clients.mjs", import.meta.url), { workerData: { url, token, count: share, query: QUERY } }));
    }
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            worker.once("error", reject);
            worker.once("message", () => resolve());
          }),
      ),
    );
    return new Clients(workers);
  }

  private ask<T>(worker: Worker, message: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const onMessage = (answer: { id?: number } & T) => {
        if (answer.id !== id) return;
        worker.off("message", onMessage);
        resolve(answer);
      };
      worker.on("message", onMessage);
      worker.postMessage({ ...message, id });
    });
  }

  async clear(): Promise<void> {
    await Promise.all(this.workers.map((worker) => this.ask(worker, { type: "clear" })));
  }

  async received(): Promise<number> {
    const counts = await Promise.all(this.workers.map((worker) => this.ask<{ received: number }>(worker, { type: "count" })));
    return counts.reduce((sum, { received }) => sum + received, 0);
  }

  /** `committed`: cursor and absolute commit time (ms since the epoch, as the threads record arrivals) per event. */
  async summary(committed: { cursor: string; at: number }[]): Promise<ClientSummary[]> {
    const flat = committed.flatMap(({ cursor, at }) => [Number(cursor), at]);
    return Promise.all(this.workers.map((worker) => this.ask<ClientSummary>(worker, { type: "summary", committed: flat })));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => this.ask(worker, { type: "close" })));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** The value at quantile `q` of merged 0.1 ms histograms (ms). */
function histogramQuantile(histograms: Uint32Array[], q: number): number {
  const total = histograms.reduce((sum, histogram) => sum + histogram.reduce((a, b) => a + b, 0), 0);
  if (total === 0) return Number.NaN;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let bucket = 0; bucket < histograms[0]!.length; bucket += 1) {
    for (const histogram of histograms) seen += histogram[bucket]!;
    if (seen >= rank) return (bucket + 1) * BUCKET_MS;
  }
  return Number.NaN;
}

/** Turnkey: a subscription is live once its stream is registered on the event bus (an acknowledged socket is not yet). */
async function turnkeyLive(server: ServerProcess): Promise<number> {
  const text = await (await fetch(server.url.replace("/graphql", "/metrics"))).text();
  return Number(/^turnkey_event_subscriptions_opened (\d+)/m.exec(text)?.[1] ?? 0);
}

interface Side {
  name: "turnkey" | "bare ws";
  pid: number;
  clients: Clients | null;
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
  const clients = side.clients!;
  await clients.clear();
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
    pending.push(side.commit(sql).then((cursor) => void committed.push({ cursor, at: performance.timeOrigin + performance.now() })));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  const deadline = Date.now() + 10_000;
  while ((await clients.received()) < total * subscribers && Date.now() < deadline) await pause(50);
  const cpu = cpuSeconds(side.pid) - cpuBefore;
  const summaries = await clients.summary(committed);
  const latest = new Map<number, number>();
  for (const summary of summaries) for (const [cursor, latency] of summary.latest) latest.set(cursor, Math.max(latest.get(cursor) ?? 0, latency));
  const delivered = summaries.reduce((sum, summary) => sum + summary.matched, 0);
  const duplicated = summaries.reduce((sum, summary) => sum + summary.duplicates, 0);
  const expected = total * subscribers;
  return {
    p50: histogramQuantile(summaries.map((summary) => summary.histogram), 0.5),
    p99: histogramQuantile(summaries.map((summary) => summary.histogram), 0.99),
    lastP99: percentile([...latest.values()], 0.99),
    lost: Math.max(0, expected - (delivered - duplicated)),
    duplicated,
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
  const sides: Side[] = [];
  try {
    // The build, as production runs it (rebuilt first when older than its sources); TURNKEY_BENCH_NODE_OPTIONS for a profile.
    await ensureBuilt();
    server = await startServerProcess({ ...BENCH_SERVER_SETTINGS, DATABASE_URL: created.url, TURNKEY_LOG_LEVEL: "warn" }, undefined, {
      entry: "built",
      nodeOptions: process.env.TURNKEY_BENCH_NODE_OPTIONS?.split(" ").filter(Boolean) ?? [],
    });
    bare = await startProcess("bench/fanout-baseline.ts", { DATABASE_URL: created.url }, async (port) => (await fetch(`http://127.0.0.1:${port}/live`)).ok);
    const bareUrl = bare.url;
    const [project] = await sql`select id from projects limit 1`;
    const projectId = project!.id as string;
    const turnkeyPid = server.child.pid!;
    const barePid = bare.child.pid!;

    sides.push(
      {
        name: "turnkey",
        pid: turnkeyPid,
        clients: null,
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
        clients: null,
        commit: async (connection) => {
          const [row] = await connection`
            with added as (insert into bench_bare_events (type, cluster_id, stage, percent) values ('PROGRESS', ${CLUSTER}, 'bench', 50) returning id)
            select id::text as id, pg_notify('bench_bare_events', id::text) from added`;
          return row!.id as string;
        },
      },
    );

    // Memory per subscriber: each server's RSS with its sockets open and settled, over the same server idle.
    const idle = { turnkey: residentMegabytes(turnkeyPid), bare: residentMegabytes(barePid) };
    const opening = performance.now();
    const liveBefore = await turnkeyLive(server);
    sides[0]!.clients = await Clients.open(server.url, ADMIN_TOKEN, subscribers);
    while ((await turnkeyLive(server)) < liveBefore + subscribers) await pause(50);
    const openedTurnkey = (performance.now() - opening) / 1000;
    sides[1]!.clients = await Clients.open(bareUrl, null, subscribers);
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
      `${rate} events/s for ${seconds} s × ${rounds} alternating rounds, median; each server 1 process, ${subscribers} sockets each, clients in ${CLIENT_THREADS} worker threads of the bench process, committer in its main thread; 2 shared cores; ` +
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
    for (const side of sides) await side.clients?.close().catch(() => undefined);
    await sql.end();
    // A profiled server (TURNKEY_BENCH_NODE_OPTIONS=--cpu-prof …) writes its profile on a clean stop only.
    await server?.kill(process.env.TURNKEY_BENCH_NODE_OPTIONS ? "SIGTERM" : "SIGKILL");
    await bare?.stop();
    await created.dispose();
  }
}
