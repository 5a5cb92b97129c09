// Helpers for lifecycle tests: a fast server, a cluster waited to a status, and its event history.
import { expect } from "vitest";
import {
  ClusterCreateDocument,
  ClusterEventsDocument,
  ClusterStateDocument,
  ClusterTemplateCreateDocument,
  OperationStateDocument,
  type ClusterCreateInput,
  type ClusterEventsSubscription,
  type ClusterTemplateCreateInput,
} from "../../src/client/generated/graphql.js";
import type { ServerParts } from "../../src/server.js";
import type { TestDatabase } from "./databases.js";
import { templateInput } from "./fixtures.js";
import { startTestServer, type TestServer } from "./server.js";
import { collect, wsClient } from "./subscriptions.js";
import { waitForValue } from "./wait.js";

/** At speed 400 a default create (about 7 simulated minutes) takes about a second. */
export const FAST = { TURNKEY_SIM_SPEED: "400", TURNKEY_RECONCILE_INTERVAL_MS: "20", TURNKEY_HEALTH_INTERVAL_MS: "100", TURNKEY_SESSION_SWEEP_MS: "200" };

export function startFastServer(database: TestDatabase, environment: Record<string, string> = {}, parts: ServerParts = {}): Promise<TestServer> {
  return startTestServer(database, { ...FAST, ...environment }, parts);
}

export async function createTemplate(api: TestServer, overrides: Partial<ClusterTemplateCreateInput> = {}): Promise<string> {
  const data = await api.query(ClusterTemplateCreateDocument, { input: templateInput(overrides) });
  expect(data.clusterTemplateCreate.userErrors).toEqual([]);
  return data.clusterTemplateCreate.clusterTemplate!.id;
}

/**
 * A day of simulated time unless the test says otherwise: createTimeout counts from the operation's claim,
 * CA key generation included, and at speed 400 the default hour is nine real seconds, which three RSA keys
 * per create can take on a loaded machine.
 */
export const TEST_CREATE_TIMEOUT_MINUTES = 24 * 60;

export async function createCluster(api: TestServer, templateId: string, input: Partial<ClusterCreateInput> = {}) {
  const data = await api.query(ClusterCreateDocument, { input: { clusterTemplateId: templateId, createTimeout: TEST_CREATE_TIMEOUT_MINUTES, ...input } });
  expect(data.clusterCreate.userErrors).toEqual([]);
  return { id: data.clusterCreate.cluster!.id, operationId: data.clusterCreate.operation!.id };
}

export type StreamEvent = ClusterEventsSubscription["clusterEvents"];

/**
 * Streams a cluster's events over graphql-ws until one has a status in `terminal`. With `operationId`, the
 * stream replays the cluster's history (from `after`, default the start) and returns that operation's
 * events from its first one, ending at its own terminal status: the same answer however far the operation
 * got before the subscription started. Without it, the stream starts at the cluster's current operation,
 * which a fast operation may already have finished.
 */
export async function eventsUntil(
  api: TestServer,
  clusterId: string,
  terminal: string[],
  options: { after?: string; operationId?: string; timeoutMs?: number } = {},
): Promise<StreamEvent[]> {
  const client = wsClient(api.url);
  const after = options.after ?? (options.operationId ? "0" : undefined);
  const ours = (event: StreamEvent) => options.operationId === undefined || event.operation?.id === options.operationId;
  try {
    const collected = collect(
      client,
      ClusterEventsDocument,
      { clusterId, ...(after ? { after } : {}) },
      (item) => item.clusterEvents.type === "STATUS_CHANGED" && terminal.includes(item.clusterEvents.status ?? "") && ours(item.clusterEvents),
      options.timeoutMs ?? 45_000,
    );
    const events = (await collected.done).map((item) => item.clusterEvents);
    return options.operationId === undefined ? events : events.slice(events.findIndex(ours));
  } finally {
    await client.dispose();
  }
}

/** Polls the cluster until its status is one of `statuses` ("GONE": deleted); returns it (null when gone). */
export async function waitForStatus(api: TestServer, clusterId: string, statuses: string[], timeoutMs?: number) {
  const settled = (response: Awaited<ReturnType<typeof readState>>) =>
    (response.data?.cluster.status !== undefined && statuses.includes(response.data.cluster.status)) || (response.errors?.[0]?.extensions?.code === "NOT_FOUND" && statuses.includes("GONE"));
  const readState = () => api.request(ClusterStateDocument, { id: clusterId });
  const response = await waitForValue(readState, settled, `cluster ${clusterId} to reach ${statuses.join("/")}`, timeoutMs);
  return response.data?.cluster ?? null;
}

/** Polls an operation until it has finished (SUCCEEDED, FAILED or CANCELLED) and returns it. */
export async function waitForOperation(api: TestServer, operationId: string, timeoutMs?: number) {
  const response = await waitForValue(
    () => api.query(OperationStateDocument, { id: operationId }),
    (data) => ["SUCCEEDED", "FAILED", "CANCELLED"].includes(data.operation.status),
    `operation ${operationId} to finish`,
    timeoutMs,
  );
  return response.operation;
}

/** The stream's invariants: cursors strictly increase, and no transition is delivered twice. */
export function expectOrderedAndUnique(events: StreamEvent[]): void {
  const cursors = events.map((event) => BigInt(event.cursor));
  for (let index = 1; index < cursors.length; index += 1) expect(cursors[index]! > cursors[index - 1]!).toBe(true);
  const keys = events.map((event) => `${event.operation?.id}|${event.type}|${event.status}|${event.stage}|${(event.details as { stageStatus?: string }).stageStatus ?? ""}`);
  expect(new Set(keys).size).toBe(keys.length);
}
