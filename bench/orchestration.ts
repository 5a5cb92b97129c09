// Benchmark: time from a driver transition to a graphql-ws subscriber (one process; two replicas on PostgreSQL), split
// where the time goes, and how many creates one worker drives at once against the ideal wall time (bench/scale.ts).
// Each PROGRESS event carries the driver's transition time (details.transitionAt) and the row's occurredAt (the
// transaction's now()): transition → occurredAt is the reconciler's wake-up, observation and transaction start;
// occurredAt → client is commit, the bus's read and the fan-out.
import { BENCH_SERVER_SETTINGS } from "./load.js";
import "reflect-metadata";
import type { Client } from "graphql-ws";
import { ClusterCreateDocument, ClusterTemplateCreateDocument, QuotaSetDocument, ViewerPolicyDocument } from "../src/client/generated/graphql.js";
import { DATABASES, type TestDatabase } from "../test/support/databases.js";
import { templateInput } from "../test/support/fixtures.js";
import { startServerProcess, type ServerProcess } from "../test/support/process.js";
import { startTestServer, type TestServer } from "../test/support/server.js";
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
}

async function createMany(api: TestServer, subscriberUrl: string, templateId: string, count: number, speed: number): Promise<Round> {
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
  const creates = Array.from({ length: count }, () => api.query(ClusterCreateDocument, { input: { clusterTemplateId: templateId } }));
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
  api: TestServer;
  /** Where the subscriber connects: the API's own process, or the other replica. */
  subscriberUrl: string;
  close(): Promise<void>;
}

async function prepare(api: TestServer): Promise<string> {
  // The home project's default quotas (20 clusters, 500 nodes) would stop the larger rounds.
  const viewer = await api.query(ViewerPolicyDocument);
  const projectId = viewer.viewer.projectRoles[0]!.project.id;
  for (const resource of ["CLUSTERS", "NODES"] as const) await api.query(QuotaSetDocument, { input: { projectId, resource, limit: 1_000_000 } });
  const template = await api.query(ClusterTemplateCreateDocument, { input: templateInput() });
  return template.clusterTemplateCreate.clusterTemplate!.id;
}

export async function benchOrchestration(counts = [1, 20, 100], environment: Record<string, string> = {}): Promise<void> {
  // Speed 100: a default create is about 4 s of simulated work; the reconciler's beat is its default (250 ms).
  const speed = 100;
  const settings = { ...BENCH_SERVER_SETTINGS, TURNKEY_SIM_SPEED: String(speed), TURNKEY_LOG_LEVEL: "silent", ...environment };
  const setups: (() => Promise<Setup>)[] = DATABASES.map((database: TestDatabase) => async () => {
    const api = await startTestServer(database, settings);
    return { label: `${database.label}, one process`, api, subscriberUrl: api.url, close: () => api.close() };
  });
  const postgresql = DATABASES.find((database) => database.label === "PostgreSQL");
  if (postgresql) {
    setups.push(async () => {
      // Two replicas on one database: creates and one worker on the first, the subscriber on the second (its events
      // reach it over NOTIFY), and the second drives operations too, so either may commit a transition.
      const api = await startTestServer(postgresql, settings);
      const other: ServerProcess = await startServerProcess({ ...settings, TURNKEY_LOG_LEVEL: "warn", DATABASE_URL: api.databaseUrl });
      return {
        label: "PostgreSQL, two replicas (subscriber on the other)",
        api,
        subscriberUrl: other.url,
        close: async () => {
          await other.kill("SIGKILL");
          await api.close();
        },
      };
    });
  }
  for (const start of setups) {
    const setup = await start();
    try {
      const templateId = await prepare(setup.api);
      let baseline = Number.NaN;
      for (const count of counts) {
        const round = await createMany(setup.api, setup.subscriberUrl, templateId, count, speed);
        const p50 = median(round.latencies);
        if (count === counts[0]) baseline = p50;
        const p99 = percentile(round.latencies, 0.99);
        record({
          scenario: "status propagation",
          figure: `${setup.label}, ${count} creates in flight: driver transition → subscriber p99 ms`,
          turnkey: format(p99, 0),
          target: "< 100 ms",
          met: p99 < 100,
          setup:
            `${round.latencies.length} transitions, p50 ${format(p50, 0)} ms; transition → commit p50 ${format(median(round.toCommit), 0)} / p99 ${format(percentile(round.toCommit, 0.99), 0)} ms, ` +
            `commit → subscriber p50 ${format(median(round.toClient), 0)} / p99 ${format(percentile(round.toClient, 0.99), 0)} ms; ${round.completed}/${count} complete in ${format(round.wallMillis / 1000, 1)} s; speed ${speed}`,
        });
        console.log(
          `orchestration, ${setup.label}: ${count} creates in flight: ${round.completed}/${count} complete in ${format(round.wallMillis / 1000, 2)} s; ` +
            `driver transition → subscriber p50 ${format(p50)} ms, p99 ${format(p99)} ms over ${round.latencies.length} transitions; p50 ratio to ${counts[0]} in flight: ${format(p50 / baseline, 2)}`,
        );
      }
    } finally {
      await setup.close();
    }
  }
}
