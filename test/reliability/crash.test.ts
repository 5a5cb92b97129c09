// Crash: concurrent lifecycle operations, SIGKILL at random points, restart on the same database; every cluster converges,
// no operation lost or run twice, no event duplicated (sequence numbers and operation ids checked).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DATABASES } from "../support/databases.js";
import { templateInput } from "../support/fixtures.js";
import { startServerProcess, type ServerProcess } from "../support/process.js";
import { ADMIN_TOKEN } from "../support/server.js";
import { waitForValue, waitUntil } from "../support/wait.js";
import { inWaves, liftHomeQuotas } from "./quotas.js";
import { FULL, random, record } from "./reliability-kit.js";

// CI: 20 operations and 2 kills on one database; npm run test:reliability: 200 and 5 on each.
const SIZES = {
  operations: Number(process.env.TURNKEY_CRASH_OPERATIONS ?? (FULL ? 200 : 20)),
  kills: Number(process.env.TURNKEY_CRASH_KILLS ?? (FULL ? 5 : 2)),
};
// The bounded run on PostgreSQL alone when it is there (PGlite's start-up on a data dir is the slow part); the full run on both.
const TARGETS = FULL ? DATABASES : DATABASES.slice(-1);

async function gql<Data>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: Data; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

interface History {
  status: string;
  statusReason: string | null;
  operations: { nodes: { id: string; type: string; status: string }[] };
  events: { pageInfo: { hasNextPage: boolean }; nodes: { cursor: string; type: string; status: string | null; stage: string | null; details: { stageStatus?: string }; operation: { id: string } | null }[] };
}

const HISTORY = `query ($id: ID!) { cluster(id: $id) { status statusReason operations { nodes { id type status } }
  events(first: 100) { pageInfo { hasNextPage } nodes { cursor type status stage details operation { id } } } } }`;

describe.each(TARGETS)("crash: SIGKILL during concurrent lifecycle operations on $label", (database) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "turnkey-crash-"));
  let server: ServerProcess | undefined;
  let dispose: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await server?.kill("SIGKILL");
    await dispose?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${SIZES.operations} operations, ${SIZES.kills} SIGKILLs, every cluster converges with each operation and event once`, { timeout: FULL ? 1_800_000 : 300_000 }, async () => {
    let environment: Record<string, string> = {
      TURNKEY_DATA_DIR: dataDir,
      // Faster in the bounded run, so it stays inside the CI budget.
      TURNKEY_SIM_SPEED: FULL ? "60" : "150",
      TURNKEY_RECONCILE_INTERVAL_MS: "20",
      TURNKEY_LEASE_MS: "2000",
      TURNKEY_RATE_LIMIT_MUTATIONS: "1000000",
      TURNKEY_RATE_LIMIT_QUERY_COST: "100000000",
    };
    if (database.label === "PostgreSQL") {
      const created = await database.create();
      dispose = created.dispose;
      environment = { ...environment, DATABASE_URL: created.url };
    }
    server = await startServerProcess(environment);
    await liftHomeQuotas(server.url);
    const template = await gql<{ clusterTemplateCreate: { clusterTemplate: { id: string } } }>(
      server.url,
      "mutation ($input: ClusterTemplateCreateInput!) { clusterTemplateCreate(input: $input) { clusterTemplate { id } } }",
      { input: templateInput() },
    );
    const templateId = template.clusterTemplateCreate.clusterTemplate.id;
    // Three quarters are creates; the rest are clusters created first (before the storm) that are then updated (nodeCount 1 → 2) or deleted during it.
    const creates = Math.ceil((SIZES.operations * 3) / 4);
    const changes = SIZES.operations - creates;
    const create = async (name: string, nodeCount: number) =>
      (
        await gql<{ clusterCreate: { cluster: { id: string } } }>(server!.url, "mutation ($input: ClusterCreateInput!) { clusterCreate(input: $input) { cluster { id } } }", {
          // createTimeout 0: the restarts' downtime counts against a create's timeout, and this test is about convergence, not timeouts.
          input: { clusterTemplateId: templateId, name, nodeCount, createTimeout: 0 },
        })
      ).clusterCreate.cluster.id;
    const settled = await inWaves(changes, 8, (index) => create(`settled-${index}`, 1));
    const status = async (id: string) => {
      const answer = await fetch(server!.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ query: "query ($id: ID!) { cluster(id: $id) { status } }", variables: { id } }) });
      const body = (await answer.json()) as { data?: { cluster: { status: string } | null }; errors?: { extensions?: { code?: string } }[] };
      return body.data?.cluster?.status ?? body.errors?.[0]?.extensions?.code ?? "UNKNOWN";
    };
    await waitUntil(async () => (await Promise.all(settled.map(status))).every((value) => value === "CREATE_COMPLETE"), 120_000, "the clusters to change to be created");

    // The storm: every operation at once.
    const toUpdate = settled.filter((_, index) => index % 2 === 0);
    const toDelete = settled.filter((_, index) => index % 2 === 1);
    const [created] = await Promise.all([
      inWaves(creates, 8, (index) => create(`crash-${index}`, 1 + (index % 3))),
      Promise.all(toUpdate.map((id) => gql(server!.url, "mutation ($input: ClusterUpdateInput!) { clusterUpdate(input: $input) { userErrors { code message } } }", { input: { id, nodeCount: 2 } }))),
      Promise.all(toDelete.map((id) => gql(server!.url, "mutation ($input: ClusterDeleteInput!) { clusterDelete(input: $input) { userErrors { code message } } }", { input: { id } }))),
    ]);
    const expected = new Map<string, string>([...created.map((id) => [id, "CREATE_COMPLETE"] as const), ...toUpdate.map((id) => [id, "UPDATE_COMPLETE"] as const), ...toDelete.map((id) => [id, "NOT_FOUND"] as const)]);
    const converged = async () => {
      const statuses = await Promise.all([...expected.keys()].map(async (id) => [id, await status(id)] as const));
      return statuses.filter(([id, value]) => value !== expected.get(id));
    };

    // Each kill at a random point: once the restarted server answers and some operation is still in flight, 0–2 s later.
    const next = random();
    const inFlightAtKill: number[] = [];
    for (let kill = 0; kill < SIZES.kills; kill += 1) {
      await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 2_000)));
      inFlightAtKill.push((await converged()).length);
      await server.kill("SIGKILL");
      server = await startServerProcess(environment);
    }
    const left = await waitForValue(converged, (pending) => pending.length === 0, "every cluster to converge", FULL ? 1_200_000 : 180_000);
    expect(left).toEqual([]);

    // The record of each surviving cluster: its operations and every event, from the start.
    let duplicatedEvents = 0;
    let outOfOrder = 0;
    let stagesRunTwice = 0;
    let lost = 0;
    let runTwice = 0;
    const seenCursors = new Set<string>();
    for (const [id, terminal] of expected) {
      if (terminal === "NOT_FOUND") continue;
      const history = (await gql<{ cluster: History }>(server.url, HISTORY, { id })).cluster;
      const wanted = terminal === "UPDATE_COMPLETE" ? ["CLUSTER_CREATE", "CLUSTER_UPDATE"] : ["CLUSTER_CREATE"];
      const types = history.operations.nodes.map((operation) => operation.type).sort();
      // An operation lost: one asked for that is missing or never SUCCEEDED; run twice: more operations than asked for.
      lost += wanted.filter((type) => !history.operations.nodes.some((operation) => operation.type === type && operation.status === "SUCCEEDED")).length;
      runTwice += Math.max(0, types.length - wanted.length);
      expect(history.events.pageInfo.hasNextPage, `more than 100 events for ${id}`).toBe(false);
      // Newest first: oldest first for the order check.
      const events = [...history.events.nodes].reverse();
      for (const event of events) {
        if (seenCursors.has(event.cursor)) duplicatedEvents += 1;
        seenCursors.add(event.cursor);
      }
      const cursors = events.map((event) => BigInt(event.cursor));
      outOfOrder += cursors.filter((cursor, index) => index > 0 && cursor <= cursors[index - 1]!).length;
      const keys = events.map((event) => `${event.operation?.id}|${event.type}|${event.status}|${event.stage}|${event.details.stageStatus ?? ""}`);
      duplicatedEvents += keys.length - new Set(keys).size;
      const started = events.filter((event) => event.details.stageStatus === "RUNNING").map((event) => `${event.operation?.id}|${event.stage}`);
      stagesRunTwice += started.length - new Set(started).size;
      // Every event of the cluster belongs to one of its operations (or to none: health, labels), never to a stranger's.
      const operationIds = new Set(history.operations.nodes.map((operation) => operation.id));
      runTwice += events.filter((event) => event.operation && !operationIds.has(event.operation.id)).length;
    }
    const label = database.label;
    record("crash", `${label}: operations (creates / updates / deletes)`, `${expected.size} (${created.length} / ${toUpdate.length} / ${toDelete.length})`);
    record("crash", `${label}: SIGKILLs (operations unfinished at each)`, `${SIZES.kills} (${inFlightAtKill.join(", ")})`);
    record("crash", `${label}: clusters converged`, `${expected.size - left.length} / ${expected.size}`);
    record("crash", `${label}: operations lost / run twice`, `${lost} / ${runTwice}`);
    record("crash", `${label}: duplicated events / out of order / stages run twice`, `${duplicatedEvents} / ${outOfOrder} / ${stagesRunTwice}`);
    expect({ lost, runTwice, duplicatedEvents, outOfOrder, stagesRunTwice }).toEqual({ lost: 0, runTwice: 0, duplicatedEvents: 0, outOfOrder: 0, stagesRunTwice: 0 });
    // The kills hit work in flight (not a quiet server): the first one at least.
    expect(inFlightAtKill[0]).toBeGreaterThan(0);
  });
});
