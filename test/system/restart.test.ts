// SIGKILL in the middle of creates, updates and deletes; after a restart every cluster ends where it would have, with no duplicate event.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { print } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { afterAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import {
  ClusterCreateDocument,
  ClusterDeleteDocument,
  ClusterEventsDocument,
  ClusterStateDocument,
  ClusterTemplateCreateDocument,
  ClusterUpdateDocument,
} from "../../src/client/generated/graphql.js";
import { DATABASES } from "../support/databases.js";
import { templateInput } from "../support/fixtures.js";
import { startServerProcess, type ServerProcess } from "../support/process.js";
import { ADMIN_TOKEN } from "../support/server.js";
import { collect, wsClient } from "../support/subscriptions.js";
import { waitUntil } from "../support/wait.js";

async function call<Data, Variables>(url: string, document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

async function statusOf(url: string, id: string): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ query: print(ClusterStateDocument), variables: { id } }),
  });
  const body = (await response.json()) as { data?: { cluster: { status: string } }; errors?: { extensions?: { code?: string } }[] };
  return body.data?.cluster.status ?? body.errors?.[0]?.extensions?.code ?? "UNKNOWN";
}

/** The cluster's current operation has finished at least one stage (or all of them): it is under way, not just recorded. */
async function underWay(url: string, id: string): Promise<boolean> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ query: print(ClusterStateDocument), variables: { id } }),
  });
  const body = (await response.json()) as { data?: { cluster: { currentOperation: { progress: { stages: { status: string }[] } } | null } } | null; errors?: { extensions?: { code?: string } }[] };
  // Finished already (no current operation, or a delete that is done: the cluster is gone), which is past "under way".
  if (body.errors?.[0]?.extensions?.code === "NOT_FOUND") return true;
  const operation = body.data?.cluster.currentOperation;
  if (body.data && operation === null) return true;
  return operation?.progress.stages.some((stage) => stage.status === "DONE") ?? false;
}

describe.each(DATABASES)("a SIGKILLed server on $label", (database) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "turnkey-restart-"));
  let server: ServerProcess | undefined;
  let disposeDatabase: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await server?.kill("SIGKILL");
    await disposeDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // The ceiling covers the waits it is made of (two process starts of up to 90 s, three operation waits of up to 60 s): each fails first, with its own message.
  it("resumes every in-flight operation after a restart; each stage ran once and no event is duplicated", { timeout: 420_000 }, async () => {
    let environment: Record<string, string> = { TURNKEY_DATA_DIR: dataDir, TURNKEY_SIM_SPEED: "60", TURNKEY_RECONCILE_INTERVAL_MS: "20", TURNKEY_LEASE_MS: "2000" };
    if (database.label === "PostgreSQL") {
      const created = await database.create();
      disposeDatabase = created.dispose;
      environment = { ...environment, DATABASE_URL: created.url };
    }
    server = await startServerProcess(environment);
    const template = await call(server.url, ClusterTemplateCreateDocument, { input: templateInput() });
    const templateId = template.clusterTemplateCreate.clusterTemplate!.id;
    const create = async (nodeCount: number) => (await call(server!.url, ClusterCreateDocument, { input: { clusterTemplateId: templateId, nodeCount } })).clusterCreate.cluster!.id;

    // Two settled clusters to update and delete, started before the crash.
    const toUpdate = await create(1);
    const toDelete = await create(1);
    await waitUntil(async () => (await statusOf(server!.url, toUpdate)) === "CREATE_COMPLETE" && (await statusOf(server!.url, toDelete)) === "CREATE_COMPLETE", 60_000, "the first creates");
    const creating = [await create(2), await create(3)];
    await call(server.url, ClusterUpdateDocument, { input: { id: toUpdate, nodeCount: 3 } });
    await call(server.url, ClusterDeleteDocument, { input: { id: toDelete } });
    // Kill once every one of them is under way (a stage done, more to come), not after a guessed pause.
    await waitUntil(async () => (await Promise.all([...creating, toUpdate, toDelete].map((id) => underWay(server!.url, id)))).every(Boolean), 60_000, "every operation to finish its first stage");
    expect(await statusOf(server.url, creating[0]!)).toBe("CREATE_IN_PROGRESS");

    await server.kill("SIGKILL");
    server = await startServerProcess(environment);
    const url = server.url;
    await waitUntil(
      async () =>
        (await Promise.all(creating.map((id) => statusOf(url, id)))).every((status) => status === "CREATE_COMPLETE") &&
        (await statusOf(url, toUpdate)) === "UPDATE_COMPLETE" &&
        (await statusOf(url, toDelete)) === "NOT_FOUND",
      60_000,
      "every operation to finish after the restart",
    );

    // The full history of each cluster, replayed from the start over graphql-ws.
    const client = wsClient(url);
    try {
      for (const id of [...creating, toUpdate, toDelete]) {
        const terminal = id === toDelete ? "DELETED" : id === toUpdate ? "UPDATE_COMPLETE" : "CREATE_COMPLETE";
        const history = (await collect(client, ClusterEventsDocument, { clusterId: id, after: "0" }, (item) => item.clusterEvents.status === terminal || item.clusterEvents.type === terminal).done).map((item) => item.clusterEvents);
        const keys = history.map((event) => `${event.operation?.id}|${event.type}|${event.status}|${event.stage}|${(event.details as { stageStatus?: string }).stageStatus ?? ""}`);
        expect(new Set(keys).size, `duplicate events for ${id}: ${keys.join("\n")}`).toBe(keys.length);
        const started = history.filter((event) => (event.details as { stageStatus?: string }).stageStatus === "RUNNING").map((event) => `${event.operation?.id}|${event.stage}`);
        expect(new Set(started).size).toBe(started.length);
        const statuses = history.filter((event) => event.type === "STATUS_CHANGED").map((event) => event.status);
        expect(statuses[0]).toBe("CREATE_IN_PROGRESS");
      }
    } finally {
      await client.dispose();
    }
    // Nothing is left in progress without an owner.
    if (database.label === "PostgreSQL") {
      const sql = postgres(environment.DATABASE_URL!, { max: 1 });
      const open = await sql`select count(*)::int as n from operations where status in ('PENDING', 'RUNNING')`;
      expect(open[0]!.n).toBe(0);
      await sql.end();
    }
  });
});
