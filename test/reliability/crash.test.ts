// Crash: concurrent lifecycle operations, SIGKILL at random points, restart; every cluster converges, no operation lost or run twice, no event duplicated.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ClusterEventsDocument } from "../../src/client/generated/graphql.js";
import { templateInput } from "../support/fixtures.js";
import { startServerProcess, type ServerProcess } from "../support/process.js";
import { ADMIN_TOKEN } from "../support/server.js";
import { collect, wsClient } from "../support/subscriptions.js";
import { waitUntil } from "../support/sockets.js";
import { FULL, printTable, random, record } from "./reliability-kit.js";

const SIZES = { operations: Number(process.env.TURNKEY_CRASH_OPERATIONS ?? 200), kills: Number(process.env.TURNKEY_CRASH_KILLS ?? 5) };

async function gql<Data>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: Data; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

// Full run only (npm run test:reliability): the normal suite's SIGKILL/restart case is test/integration/restart.test.ts.
describe.runIf(FULL)("crash: SIGKILL during concurrent lifecycle operations", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "turnkey-crash-"));
  let server: ServerProcess | undefined;
  afterEach(() => printTable("Turnkey reliability: crash"));
  afterAll(async () => {
    await server?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${SIZES.operations} creates, ${SIZES.kills} SIGKILLs, every cluster converges with each stage run once`, { timeout: FULL ? 1_800_000 : 240_000 }, async () => {
    const environment = { TURNKEY_DATA_DIR: dataDir, TURNKEY_SIM_SPEED: "60", TURNKEY_RECONCILE_INTERVAL_MS: "20", TURNKEY_LEASE_MS: "2000", TURNKEY_RATE_LIMIT_MUTATIONS: "1000000" };
    server = await startServerProcess(environment);
    const template = await gql<{ clusterTemplateCreate: { clusterTemplate: { id: string } } }>(
      server.url,
      "mutation ($input: ClusterTemplateCreateInput!) { clusterTemplateCreate(input: $input) { clusterTemplate { id } } }",
      { input: templateInput() },
    );
    const templateId = template.clusterTemplateCreate.clusterTemplate.id;
    const url = server.url;
    const created = await Promise.all(
      Array.from({ length: SIZES.operations }, async (_, index) => {
        const answer = await gql<{ clusterCreate: { cluster: { id: string } } }>(url, "mutation ($input: ClusterCreateInput!) { clusterCreate(input: $input) { cluster { id } } }", {
          input: { clusterTemplateId: templateId, name: `crash-${index}`, nodeCount: 1 + (index % 3) },
        });
        return answer.clusterCreate.cluster.id;
      }),
    );
    const next = random();
    for (let kill = 0; kill < SIZES.kills; kill += 1) {
      // A random point in the builds: once the restarted server answers, up to 2 s more.
      const progressed = async () => (await gql<{ clusters: { nodes: { status: string }[] } }>(server!.url, "{ clusters(first: 100) { nodes { status } } }")).clusters.nodes.length > 0;
      await waitUntil(progressed, 30_000, "the server to answer");
      await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 2_000)));
      await server.kill("SIGKILL");
      server = await startServerProcess(environment);
    }
    const status = async (id: string) => (await gql<{ cluster: { status: string } }>(server!.url, "query ($id: ID!) { cluster(id: $id) { status } }", { id })).cluster.status;
    await waitUntil(async () => (await Promise.all(created.map(status))).every((value) => value === "CREATE_COMPLETE"), FULL ? 1_200_000 : 180_000, "every cluster to converge");

    const client = wsClient(server.url);
    let duplicated = 0;
    let stagesRunTwice = 0;
    let operationsPerCluster = 0;
    try {
      for (const id of created) {
        const history = (await collect(client, ClusterEventsDocument, { clusterId: id, after: "0" }, (item) => item.clusterEvents.status === "CREATE_COMPLETE").done).map((item) => item.clusterEvents);
        const keys = history.map((event) => `${event.operation?.id}|${event.type}|${event.status}|${event.stage}|${(event.details as { stageStatus?: string }).stageStatus ?? ""}`);
        duplicated += keys.length - new Set(keys).size;
        const started = history.filter((event) => (event.details as { stageStatus?: string }).stageStatus === "RUNNING").map((event) => `${event.operation?.id}|${event.stage}`);
        stagesRunTwice += started.length - new Set(started).size;
        operationsPerCluster = Math.max(operationsPerCluster, new Set(history.map((event) => event.operation?.id).filter(Boolean)).size);
      }
    } finally {
      await client.dispose();
    }
    record("crash", "operations", created.length);
    record("crash", "SIGKILLs", SIZES.kills);
    record("crash", "clusters converged", created.length);
    record("crash", "duplicated events", duplicated);
    record("crash", "stages run twice", stagesRunTwice);
    expect(duplicated).toBe(0);
    expect(stagesRunTwice).toBe(0);
    expect(operationsPerCluster).toBe(1);
  });
});
