// Two real server processes on one PostgreSQL behave as one: fan-out across replicas, takeover after SIGKILL, LISTEN reconnects, drain on SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import type { Client } from "graphql-ws";
import { ClusterCreateDocument, ClusterEventsDocument, ClusterTemplateCreateDocument } from "../../src/client/generated/graphql.js";
import { uuidOf } from "../../src/graphql/common/global-id.js";
import { DATABASES } from "../support/databases.js";
import { templateInput } from "../support/fixtures.js";
import { expectOrderedAndUnique, type StreamEvent } from "../support/lifecycle.js";
import { startServerProcess, type ServerProcess } from "../support/process.js";
import { callHttp, waitUntil } from "../support/sockets.js";
import { collect, collectLive, openedAt, wsClient } from "../support/subscriptions.js";
import { waitForValue } from "../support/wait.js";

const postgresql = DATABASES.find((database) => database.label === "PostgreSQL");
if (!postgresql) console.warn("SKIPPED: the replicas suite needs PostgreSQL (TURNKEY_TEST_POSTGRES_URL is unreachable); PGlite is one process");

const LEASE_MS = 1_500;
const TERMINAL = ["CREATE_COMPLETE", "CREATE_FAILED"];

const isTerminal = (event: StreamEvent) => event.type === "STATUS_CHANGED" && TERMINAL.includes(event.status ?? "");
const keyOf = (event: StreamEvent) => `${event.operation?.id}|${event.type}|${event.status}|${event.stage}|${(event.details as { stageStatus?: string }).stageStatus ?? ""}`;

/** A subscriber that keeps what it received even when its socket closes, and how it closed. */
function follow(client: Client, variables: { clusterId?: string; after?: string }, clusterId: string) {
  const collected = collect(client, ClusterEventsDocument, variables, (item) => item.clusterEvents.clusterId === clusterId && isTerminal(item.clusterEvents), 60_000);
  const outcome = collected.done.then(
    () => ({ closeCode: null as number | null }),
    (error: Error) => ({ closeCode: Number(/socket closed (\d+)/.exec(error.message)?.[1] ?? -1) }),
  );
  const events = () => {
    const mine = collected.items.map((item) => item.clusterEvents).filter((event) => event.clusterId === clusterId);
    const end = mine.findIndex(isTerminal);
    return end < 0 ? mine : mine.slice(0, end + 1);
  };
  return { done: collected.done, outcome, events };
}

describe.skipIf(!postgresql)("two replicas on one PostgreSQL", () => {
  const replicas = new Map<string, ServerProcess>();
  const clients: Client[] = [];
  let databaseUrl: string;
  let dispose: (() => Promise<void>) | undefined;
  let sql: postgres.Sql;
  let templateId: string;

  const environment = (name: string) => ({
    DATABASE_URL: databaseUrl,
    TURNKEY_WORKER_ID: name,
    TURNKEY_LEASE_MS: String(LEASE_MS),
    TURNKEY_SIM_SPEED: "60",
    TURNKEY_RECONCILE_INTERVAL_MS: "20",
    // Catching up after a LISTEN reconnect must not lean on the heartbeat's safety-net reads.
    TURNKEY_EVENT_HEARTBEAT_MS: "0",
  });
  const start = async (name: string) => {
    replicas.set(name, await startServerProcess(environment(name)));
    return replicas.get(name)!;
  };
  const client = (name: string) => {
    const created = wsClient(replicas.get(name)!.url);
    clients.push(created);
    return created;
  };
  const history = async (name: string, clusterId: string) => {
    const reading = follow(client(name), { clusterId, after: "0" }, clusterId);
    await reading.done;
    return reading.events();
  };
  const createCluster = async (through: string, nodeCount = 2) =>
    (await callHttp(replicas.get(through)!.url, ClusterCreateDocument, { input: { clusterTemplateId: templateId, nodeCount } })).clusterCreate.cluster!.id;
  const driverOf = async (clusterId: string): Promise<string | null> => {
    const rows = await sql`select lease_owner from operations where cluster_id = ${uuidOf(clusterId, "Cluster")!} and status = 'RUNNING'`;
    return (rows[0]?.lease_owner as string | null | undefined) ?? null;
  };
  const leaseOf = async (clusterId: string): Promise<{ owner: string | null; expiresAt: Date } | null> => {
    const rows = await sql`select lease_owner, lease_expires_at from operations where cluster_id = ${uuidOf(clusterId, "Cluster")!} and status = 'RUNNING'`;
    return rows[0] ? { owner: rows[0].lease_owner as string | null, expiresAt: new Date(rows[0].lease_expires_at as string | Date) } : null;
  };
  const recorded = async (clusterId: string) => (await sql`select count(*)::int as n from cluster_events where cluster_id = ${uuidOf(clusterId, "Cluster")!}`)[0]!.n as number;

  beforeAll(async () => {
    const created = await postgresql!.create();
    databaseUrl = created.url;
    dispose = created.dispose;
    sql = postgres(databaseUrl, { max: 2, onnotice: () => undefined });
    await Promise.all([start("replica-a"), start("replica-b")]);
    templateId = (await callHttp(replicas.get("replica-a")!.url, ClusterTemplateCreateDocument, { input: templateInput() })).clusterTemplateCreate.clusterTemplate!.id;
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(clients.map((created) => created.dispose()));
    await Promise.allSettled([...replicas.values()].map((replica) => replica.kill("SIGKILL")));
    await sql?.end();
    await dispose?.();
  });

  it("delivers a cluster created through replica A to subscribers on both replicas, in order", { timeout: 90_000 }, async () => {
    // B follows every cluster from now on; it must be listening before the create commits.
    const everything = await collectLive(openedAt(replicas.get("replica-b")!.url), client("replica-b"), ClusterEventsDocument, {}, (item) => isTerminal(item.clusterEvents), 60_000);
    const clusterId = await createCluster("replica-a");
    const onA = follow(client("replica-a"), { clusterId }, clusterId);
    await everything.done;
    await onA.done;

    const full = await history("replica-a", clusterId);
    const onB = everything.items.map((item) => item.clusterEvents).filter((event) => event.clusterId === clusterId);
    expect(onB.slice(0, onB.findIndex(isTerminal) + 1).map((event) => event.cursor)).toEqual(full.map((event) => event.cursor));
    expect(onA.events().map((event) => event.cursor)).toEqual(full.map((event) => event.cursor));
    expect(full[0]).toMatchObject({ type: "STATUS_CHANGED", status: "CREATE_IN_PROGRESS" });
    expect(full.at(-1)).toMatchObject({ status: "CREATE_COMPLETE" });
    expectOrderedAndUnique(full);
  });

  it("has the other replica take over within the lease when the driving one is SIGKILLed mid-create; its subscriber sees each transition once", { timeout: 120_000 }, async () => {
    const clusterId = await createCluster("replica-a");
    let driver: string | null = null;
    await waitUntil(async () => (driver = await driverOf(clusterId)) !== null && (await recorded(clusterId)) >= 4, 20_000, "the create to be under way");
    const survivor = driver === "replica-a" ? "replica-b" : "replica-a";
    const watching = follow(client(survivor), { clusterId }, clusterId);
    void follow(client(driver!), { clusterId }, clusterId).outcome;
    await waitUntil(() => watching.events().length >= 2, 10_000, "the survivor's subscriber to be live");

    await replicas.get(driver!)!.kill("SIGKILL");
    // The dead replica's last lease, final now that nobody renews it.
    const deadLease = (await leaseOf(clusterId))!;
    expect(deadLease.owner).toBe(driver);
    const claimed = (await waitForValue(() => leaseOf(clusterId), (lease) => lease?.owner === survivor, "the survivor to claim the operation"))!;
    // Taken over, not stolen: the survivor's lease (LEASE_MS from its claim, renewed since) began after the dead one ran out.
    // (At or after: timestamps lose their microseconds in a JavaScript Date.)
    expect(claimed.expiresAt.getTime() - LEASE_MS).toBeGreaterThanOrEqual(deadLease.expiresAt.getTime());

    await watching.done;
    const full = await history(survivor, clusterId);
    expect(watching.events().map((event) => event.cursor)).toEqual(full.map((event) => event.cursor));
    expectOrderedAndUnique(watching.events());
    const keys = full.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    const started = full.filter((event) => (event.details as { stageStatus?: string }).stageStatus === "RUNNING").map((event) => event.stage);
    expect(new Set(started).size).toBe(started.length);
    expect(full.at(-1)).toMatchObject({ status: "CREATE_COMPLETE" });

    await start(driver!);
  });

  it("catches up after its LISTEN connection is terminated while events flow", { timeout: 90_000 }, async () => {
    const clusterId = await createCluster("replica-a");
    const onA = follow(client("replica-a"), { clusterId }, clusterId);
    const onB = follow(client("replica-b"), { clusterId }, clusterId);
    let terminated = 0;
    const listeners = () => sql`select pid from pg_stat_activity where datname = current_database() and query ilike 'listen%'`;
    await waitUntil(async () => (await listeners()).length === 2, "both replicas listening");
    let finished = false;
    onA.done.then(
      () => (finished = true),
      () => (finished = true),
    );
    // Round after round while the create runs: cut both LISTEN connections, then wait until both replicas listen again.
    while (!finished) {
      const killed = await sql`select pg_terminate_backend(pid) as done from pg_stat_activity where datname = current_database() and query ilike 'listen%'`;
      terminated += killed.filter((row) => row.done === true).length;
      await waitUntil(async () => finished || (await listeners()).length === 2, "both replicas to listen again");
    }
    await onB.done;
    expect(terminated).toBeGreaterThanOrEqual(4);
    const full = await history("replica-b", clusterId);
    expect(onA.events().map((event) => event.cursor)).toEqual(full.map((event) => event.cursor));
    expect(onB.events().map((event) => event.cursor)).toEqual(full.map((event) => event.cursor));
    await waitUntil(async () => (await listeners()).length === 2, 10_000, "both replicas listening again");
  });

  it("on SIGTERM closes sockets with 1001 and hands its operation back; the client resumes on the other replica with its cursor and misses nothing", { timeout: 120_000 }, async () => {
    const clusterId = await createCluster("replica-b");
    let driver: string | null = null;
    await waitUntil(async () => (driver = await driverOf(clusterId)) !== null && (await recorded(clusterId)) >= 3, 20_000, "the create to be under way");
    const other = driver === "replica-a" ? "replica-b" : "replica-a";
    const first = follow(client(driver!), { clusterId }, clusterId);
    await waitUntil(() => first.events().length >= 3, 10_000, "events on the draining replica");

    const exitCode = replicas.get(driver!)!.kill("SIGTERM");
    expect(await first.outcome).toEqual({ closeCode: 1001 });
    expect(await exitCode).toBe(0);
    const seen = first.events();
    const rest = follow(client(other), { clusterId, after: seen.at(-1)!.cursor }, clusterId);
    await rest.done;

    const full = await history(other, clusterId);
    expect([...seen, ...rest.events()].map((event) => event.cursor)).toEqual(full.map((event) => event.cursor));
    expectOrderedAndUnique([...seen, ...rest.events()]);
    expect(full.at(-1)).toMatchObject({ status: "CREATE_COMPLETE" });
    const left = await sql`select count(*)::int as n from operations where status in ('PENDING', 'RUNNING') and lease_owner = ${driver!}`;
    expect(left[0]!.n).toBe(0);
  });
});
