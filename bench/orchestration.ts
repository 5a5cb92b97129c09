// Benchmark: time from a driver transition to a graphql-ws subscriber, and how many operations one process drives at once.
// Baseline: a single create in the same run. Each PROGRESS event carries the driver's transition time (transitionAt).
import { BENCH_SERVER_SETTINGS } from "./load.js";
import "reflect-metadata";
import { ClusterCreateDocument, ClusterEventsDocument, ClusterStateDocument, ClusterTemplateCreateDocument, QuotaSetDocument, ViewerPolicyDocument } from "../src/client/generated/graphql.js";
import { DATABASES } from "../test/support/databases.js";
import { templateInput } from "../test/support/fixtures.js";
import { startTestServer, type TestServer } from "../test/support/server.js";
import { wsClient } from "../test/support/subscriptions.js";
import { print } from "graphql";
import { format, median, percentile } from "./stats.js";
import { record } from "./table.js";

interface Round {
  latencies: number[];
  wallMillis: number;
  completed: number;
}

async function createMany(api: TestServer, templateId: string, count: number, speed: number): Promise<Round> {
  const client = wsClient(api.url);
  const latencies: number[] = [];
  const pending = new Set<string>();
  let completed = 0;
  let resolveAll = () => undefined as void;
  const allDone = new Promise<void>((resolve) => (resolveAll = resolve));
  // One subscriber for every cluster: the all-clusters stream, as a UI's overview page would hold.
  const unsubscribe = client.subscribe<{ clusterEvents: { type: string; status: string | null; clusterId: string; details: { transitionAt?: number } } }>(
    { query: print(ClusterEventsDocument), variables: {} },
    {
      next: (result) => {
        const event = result.data?.clusterEvents;
        if (!event) return;
        if (event.type === "PROGRESS" && event.details.transitionAt) latencies.push(Date.now() - event.details.transitionAt);
        if (event.type === "STATUS_CHANGED" && (event.status === "CREATE_COMPLETE" || event.status === "CREATE_FAILED") && pending.delete(event.clusterId)) {
          completed += 1;
          if (pending.size === 0) resolveAll();
        }
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = Date.now();
  const creates = Array.from({ length: count }, () => api.query(ClusterCreateDocument, { input: { clusterTemplateId: templateId } }));
  for (const created of await Promise.all(creates)) {
    if (!created.clusterCreate.cluster) throw new Error(`create refused: ${JSON.stringify(created.clusterCreate.userErrors)}`);
    pending.add(created.clusterCreate.cluster.id);
  }
  const timeout = setTimeout(resolveAll, 600_000 / Math.max(1, speed / 100));
  await allDone;
  clearTimeout(timeout);
  const wallMillis = Date.now() - started;
  unsubscribe();
  await client.dispose();
  return { latencies, wallMillis, completed };
}

export async function benchOrchestration(counts = [1, 20, 100]): Promise<void> {
  for (const database of DATABASES) {
    // Speed 100: a default create is about 4 s of simulated work; the reconciler's beat is its default (250 ms).
    const speed = 100;
    const api = await startTestServer(database, { ...BENCH_SERVER_SETTINGS, TURNKEY_SIM_SPEED: String(speed), TURNKEY_LOG_LEVEL: "silent" });
    try {
      // The home project's default quotas (20 clusters, 500 nodes) would stop the larger rounds.
      const viewer = await api.query(ViewerPolicyDocument);
      const projectId = viewer.viewer.projectRoles[0]!.project.id;
      for (const resource of ["CLUSTERS", "NODES"] as const) await api.query(QuotaSetDocument, { input: { projectId, resource, limit: 1_000_000 } });
      const template = await api.query(ClusterTemplateCreateDocument, { input: templateInput() });
      const templateId = template.clusterTemplateCreate.clusterTemplate!.id;
      let baseline = Number.NaN;
      for (const count of counts) {
        const round = await createMany(api, templateId, count, speed);
        const p50 = median(round.latencies);
        if (count === counts[0]) baseline = p50;
        const p99 = percentile(round.latencies, 0.99);
        record({
          scenario: "status propagation",
          figure: `${database.label}, ${count} creates in flight: driver transition → subscriber p99 ms`,
          turnkey: format(p99, 0),
          target: "< 100 ms",
          met: p99 < 100,
          setup: `${round.latencies.length} transitions, p50 ${format(p50, 0)} ms; ${round.completed}/${count} complete in ${format(round.wallMillis / 1000, 1)} s; one process (the two-replica case is not measured here)`,
        });
        console.log(
          `orchestration on ${database.label}: ${count} creates in flight: ${round.completed}/${count} complete in ${format(round.wallMillis / 1000, 2)} s; ` +
            `driver transition → subscriber p50 ${format(p50)} ms, p99 ${format(percentile(round.latencies, 0.99))} ms over ${round.latencies.length} transitions; ` +
            `p50 ratio to ${counts[0]} in flight: ${format(p50 / baseline, 2)}`,
        );
      }
      void ClusterStateDocument;
    } finally {
      await api.close();
    }
  }
}
