// Benchmark: time from a driver transition to a graphql-ws subscriber (one process; two replicas on PostgreSQL), split
// where the time goes, and how many creates one worker drives at once against the ideal wall time (bench/scale.ts).
// Each PROGRESS event carries the driver's transition time (details.transitionAt) and the row's occurredAt (the
// transaction's now()): transition → occurredAt is the reconciler's wake-up, observation and transaction start;
// occurredAt → client is commit, the bus's read and the fan-out.
import { BENCH_SERVER_SETTINGS, cpuSeconds, startProcess } from "./load.js";
import "reflect-metadata";
import { loadavg } from "node:os";
import path from "node:path";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import type { Client } from "graphql-ws";
import { ClusterCreateDocument, ClusterTemplateCreateDocument, QuotaSetDocument, ViewerPolicyDocument } from "../src/client/generated/graphql.js";
import { ensureBuilt } from "../test/support/build.js";
import { DATABASES, type TestDatabase } from "../test/support/databases.js";
import { templateInput } from "../test/support/fixtures.js";
import { ADMIN_TOKEN, SECRET_KEY } from "../test/support/server.js";
import { openedAt, wsClient } from "../test/support/subscriptions.js";
import { waitUntil } from "../test/support/wait.js";
import { format, median, percentile } from "./stats.js";
import { record } from "./table.js";

const EVENTS = "subscription { clusterEvents { cursor type status clusterId occurredAt details } }";

interface Round {
  latencies: number[];
  /** transitionAt → occurredAt: the reconciler noticing the transition and opening its transaction. */
  toCommit: number[];
  /** occurredAt → client: the commit, the bus and the fan-out. */
  toClient: number[];
  wallMillis: number;
  completed: number;
  /** One-minute load average when the round started. */
  load?: number;
}

async function createMany(apiUrl: string, subscriberUrl: string, templateId: string, count: number, speed: number): Promise<Round> {
  const client: Client = wsClient(subscriberUrl);
  const latencies: number[] = [];
  const toCommit: number[] = [];
  const toClient: number[] = [];
  const pending = new Set<string>();
  const early = new Set<string>();
  let completed = 0;
  let resolveAll = () => undefined as void;
  const allDone = new Promise<void>((resolve) => (resolveAll = resolve));
  const opened = openedAt(subscriberUrl);
  const before = await opened();
  // One subscriber for every cluster: the all-clusters stream, as a UI's overview page would hold.
  const unsubscribe = client.subscribe<{ clusterEvents: { type: string; status: string | null; clusterId: string; occurredAt: string; details: { transitionAt?: number } } }>(
    { query: EVENTS, variables: {} },
    {
      next: (result) => {
        const now = Date.now();
        const event = result.data?.clusterEvents;
        if (!event) return;
        if (event.type === "PROGRESS" && event.details.transitionAt) {
          latencies.push(now - event.details.transitionAt);
          const occurredAt = Date.parse(event.occurredAt);
          toCommit.push(occurredAt - event.details.transitionAt);
          toClient.push(now - occurredAt);
        }
        if (event.type === "STATUS_CHANGED" && (event.status === "CREATE_COMPLETE" || event.status === "CREATE_FAILED")) {
          if (pending.delete(event.clusterId)) {
            completed += 1;
            if (pending.size === 0) resolveAll();
          } else early.add(event.clusterId);
        }
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  // Live on the bus before the first create (not a sleep: the fact that every event from now on reaches it).
  await waitUntil(async () => (await opened()) > before, 30_000, "the bench's subscription to be live");
  const started = Date.now();
  const creates = Array.from({ length: count }, () => query(apiUrl, ClusterCreateDocument, { input: { clusterTemplateId: templateId } }));
  for (const created of await Promise.all(creates)) {
    if (!created.clusterCreate.cluster) throw new Error(`create refused: ${JSON.stringify(created.clusterCreate.userErrors)}`);
    const id = created.clusterCreate.cluster.id;
    if (early.delete(id)) completed += 1;
    else pending.add(id);
  }
  if (pending.size === 0) resolveAll();
  const timeout = setTimeout(resolveAll, 600_000 / Math.max(1, speed / 100));
  await allDone;
  clearTimeout(timeout);
  const wallMillis = Date.now() - started;
  unsubscribe();
  await client.dispose();
  return { latencies, toCommit, toClient, wallMillis, completed };
}

interface Setup {
  label: string;
  /** Where creates go (the first process). */
  apiUrl: string;
  /** Where the subscriber connects: the API's own process, or the other replica. */
  subscriberUrl: string;
  /** The processes whose CPU is waited quiet before a measured round. */
  pids: number[];
  close(): Promise<void>;
}

/** A GraphQL request with the admin token; fails on any top-level error. */
async function query<Data, Variables>(url: string, document: TypedDocumentNode<Data, Variables>, variables?: Variables): Promise<Data> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ query: print(document), variables }) });
  const body = (await response.json()) as { data?: Data; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data as Data;
}

async function prepare(url: string): Promise<string> {
  // The home project's default quotas (20 clusters, 500 nodes) would stop the larger rounds.
  const viewer = await query(url, ViewerPolicyDocument);
  const projectId = viewer.viewer.projectRoles[0]!.project.id;
  for (const resource of ["CLUSTERS", "NODES"] as const) await query(url, QuotaSetDocument, { input: { projectId, resource, limit: 1_000_000 } });
  const template = await query(url, ClusterTemplateCreateDocument, { input: templateInput() });
  return template.clusterTemplateCreate.clusterTemplate!.id;
}

/**
 * Waits until the servers' CPU is quiet (under 10% of a core over 250 ms, at most 15 s): the warm-up create's
 * CA keys are refilled (the pool warm, as after a while in production) before the measured round starts.
 */
async function quiet(pids: number[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const before = pids.map(cpuSeconds);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const used = pids.reduce((sum, pid, index) => sum + cpuSeconds(pid) - before[index]!, 0);
    if (used < 0.025 * pids.length) return;
  }
}

interface Side {
  name: string;
  /** The build's entry point (dist/main.js, or an earlier build's copy). */
  entry: string;
}

const ready = async (port: number) => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;

function setupsFor(side: Side, settings: Record<string, string>): (() => Promise<Setup>)[] {
  const environment = (url: string) => ({ ...settings, DATABASE_URL: url, TURNKEY_ADMIN_TOKEN: ADMIN_TOKEN, TURNKEY_SECRET_KEY: SECRET_KEY });
  const setups: (() => Promise<Setup>)[] = DATABASES.map((database: TestDatabase) => async () => {
    const created = await database.create();
    const server = await startProcess(side.entry, environment(created.url), ready);
    const url = `${server.url}/graphql`;
    return {
      label: `${database.label}, one process`,
      apiUrl: url,
      subscriberUrl: url,
      pids: [server.child.pid!],
      close: async () => {
        await server.stop();
        await created.dispose();
      },
    };
  });
  const postgresql = DATABASES.find((database) => database.label === "PostgreSQL");
  if (postgresql) {
    setups.push(async () => {
      // Two replicas on one database: creates on the first, the subscriber on the second (its events reach it
      // over NOTIFY); both drive operations, so either may commit a transition.
      const created = await postgresql.create();
      const first = await startProcess(side.entry, environment(created.url), ready);
      const second = await startProcess(side.entry, environment(created.url), ready);
      return {
        label: "PostgreSQL, two replicas (subscriber on the other)",
        apiUrl: `${first.url}/graphql`,
        subscriberUrl: `${second.url}/graphql`,
        pids: [first.child.pid!, second.child.pid!],
        close: async () => {
          await second.stop();
          await first.stop();
          await created.dispose();
        },
      };
    });
  }
  return setups;
}

/**
 * Every server runs in a process of its own (the build, `node dist/main.js`), never in the bench's event loop, so
 * the subscriber's socket and the bench's own work do not delay the server's. TURNKEY_BENCH_ORCHESTRATION_BEFORE=<dir>
 * (an earlier build's copy of dist/ inside this repository) adds that build as a second side: the two alternate
 * round by round, each on a fresh database, so both see the same load. TURNKEY_BENCH_ORCHESTRATION_ROUNDS sets the
 * rounds (default 2 quick, 3 full). Each round starts with one warm-up create (JIT, pools) and waits for the
 * servers' CPU to be quiet (the CA key pool refilled) before the measured creates.
 */
export async function benchOrchestration(counts = [1, 20, 100], environment: Record<string, string> = {}, quick = counts.length === 1): Promise<void> {
  await ensureBuilt();
  // Speed 100: a default create is about 4 s of simulated work; the reconciler's beat is its default (250 ms).
  const speed = 100;
  const settings = { ...BENCH_SERVER_SETTINGS, TURNKEY_SIM_SPEED: String(speed), TURNKEY_LOG_LEVEL: "warn", ...environment };
  const sides: Side[] = [{ name: "this build", entry: "dist/main.js" }];
  const beforeDirectory = process.env.TURNKEY_BENCH_ORCHESTRATION_BEFORE;
  if (beforeDirectory) sides.push({ name: `before (${beforeDirectory})`, entry: path.join(beforeDirectory, "main.js") });
  const rounds = Number(process.env.TURNKEY_BENCH_ORCHESTRATION_ROUNDS ?? (quick ? 2 : 3));
  const setupCount = setupsFor(sides[0]!, settings).length;
  // results[setup][side][count]
  const results = new Map<string, Round[]>();
  const labels: string[] = [];
  for (let setupIndex = 0; setupIndex < setupCount; setupIndex += 1) {
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const setup = await setupsFor(side, settings)[setupIndex]!();
        if (!labels.includes(setup.label)) labels.push(setup.label);
        try {
          const templateId = await prepare(setup.apiUrl);
          await createMany(setup.apiUrl, setup.subscriberUrl, templateId, 1, speed);
          for (const count of counts) {
            await quiet(setup.pids);
            const load = loadavg()[0]!;
            const result = await createMany(setup.apiUrl, setup.subscriberUrl, templateId, count, speed);
            result.load = load;
            const key = `${setup.label}|${side.name}|${count}`;
            results.set(key, [...(results.get(key) ?? []), result]);
            console.log(
              `orchestration, ${setup.label}, ${side.name}, round ${round + 1}: ${count} creates: ${result.completed}/${count} complete in ${format(result.wallMillis / 1000, 2)} s; ` +
                `transition → subscriber p50 ${format(median(result.latencies))} / p99 ${format(percentile(result.latencies, 0.99))} ms over ${result.latencies.length}; load ${format(load, 1)}`,
            );
          }
        } finally {
          await setup.close();
        }
      }
    }
  }
  for (const label of labels) {
    for (const count of counts) {
      for (const side of sides) {
        const list = results.get(`${label}|${side.name}|${count}`) ?? [];
        // All transitions of all rounds pooled: one create gives ~15, too few for a p99 of its own.
        const all = (pick: (round: Round) => number[]) => list.flatMap(pick);
        const latencies = all((round) => round.latencies);
        const p99 = percentile(latencies, 0.99);
        const loads = list.map((round) => round.load ?? Number.NaN);
        record({
          scenario: "status propagation",
          figure: `${label}, ${count} create${count === 1 ? "" : "s"} in flight, ${side.name}: driver transition → subscriber p99 ms`,
          turnkey: format(p99, 0),
          target: "< 100 ms",
          met: p99 < 100,
          setup:
            `${latencies.length} transitions over ${list.length} rounds, p50 ${format(median(latencies), 0)} ms; transition → event p50 ${format(median(all((round) => round.toCommit)), 0)} / p99 ${format(percentile(all((round) => round.toCommit), 0.99), 0)} ms, ` +
            `event → subscriber p50 ${format(median(all((round) => round.toClient)), 0)} / p99 ${format(percentile(all((round) => round.toClient), 0.99), 0)} ms; ` +
            `${list.reduce((sum, round) => sum + round.completed, 0)}/${count * list.length} complete; speed ${speed}; load average ${loads.map((value) => format(value, 1)).join(", ")}; servers in their own processes`,
        });
      }
    }
  }
}
