// Subscription fan-out: sockets with the same document, variables and rights share one execution per event; a socket
// whose rights change leaves that group with the next event, and each socket's events are still authorised on their own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, type TestDatabase } from "../support/databases.js";
import { templateInput, uniqueName } from "../support/fixtures.js";
import { startFastServer } from "../support/lifecycle.js";
import { ADMIN_TOKEN, type TestServer } from "../support/server.js";
import { openRawSocket, subscribeMessage, type RawSocket } from "../support/sockets.js";
import { openedAt } from "../support/subscriptions.js";
import { waitUntil } from "../support/wait.js";

const EVENTS = "subscription { clusterEvents { cursor clusterId type status cluster { name } } }";

async function gql(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  const payload = Object.values(body.data ?? {})[0] as Record<string, any>;
  if (payload?.userErrors?.length) throw new Error(JSON.stringify(payload.userErrors));
  return payload;
}

async function executions(url: string): Promise<number> {
  const text = await (await fetch(url.replace(/\/graphql$/, "/metrics"))).text();
  return Number(/^turnkey_subscription_executions (\d+)/m.exec(text)?.[1] ?? Number.NaN);
}

interface Watcher {
  socket: RawSocket;
  /** cursor → clusterId of every event received, in order. */
  events: { cursor: string; clusterId: string; status: string | null; name: string | null }[];
}

async function watcher(url: string, token: string): Promise<Watcher> {
  const socket = await openRawSocket(url, { init: { authorization: `Bearer ${token}` } });
  const events: Watcher["events"] = [];
  socket.socket.on("message", (data) => {
    const message = JSON.parse(data.toString()) as { type: string; payload?: { data?: { clusterEvents?: { cursor: string; clusterId: string; status: string | null; cluster: { name: string } | null } } } };
    const event = message.payload?.data?.clusterEvents;
    if (message.type === "next" && event) events.push({ cursor: event.cursor, clusterId: event.clusterId, status: event.status, name: event.cluster?.name ?? null });
  });
  socket.send(subscribeMessage("events", EVENTS));
  return { socket, events };
}

const completed = (watcher: Watcher, clusterId: string) => watcher.events.some((event) => event.clusterId === clusterId && event.status === "CREATE_COMPLETE");
const cursors = (watcher: Watcher, clusterId?: string) => watcher.events.filter((event) => !clusterId || event.clusterId === clusterId).map((event) => event.cursor);

describe.each(DATABASES)("subscription fan-out on $label", (database: TestDatabase) => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startFastServer(database);
  });
  afterAll(async () => {
    await api?.close();
  });

  it("executes an event once per group of sockets with the same rights, and moves a socket whose rights changed to a group of its own", async () => {
    const url = api.url;
    const project = async (label: string) => {
      const id = (await gql(url, "mutation($input: ProjectCreateInput!) { projectCreate(input: $input) { project { id } userErrors { code message } } }", { input: { name: uniqueName(label) } })).project.id as string;
      const template = (await gql(url, "mutation($input: ClusterTemplateCreateInput!) { clusterTemplateCreate(input: $input) { clusterTemplate { id } userErrors { code message } } }", { input: templateInput({ projectId: id }) })).clusterTemplate.id as string;
      return { id, template };
    };
    const a = await project("alpha");
    const b = await project("bravo");
    const userId = (await gql(url, "mutation($input: UserCreateInput!) { userCreate(input: $input) { user { id } userErrors { code message } } }", { input: { name: uniqueName("viewer") } })).user.id as string;
    await gql(url, "mutation($input: RoleBindingCreateInput!) { roleBindingCreate(input: $input) { roleBinding { id } userErrors { code message } } }", { input: { userId, projectId: a.id, role: "MEMBER" } });
    const mint = async (projectIds: string[] | null) =>
      (await gql(url, "mutation($input: ApiTokenCreateInput!) { apiTokenCreate(input: $input) { token userErrors { code message } } }", { input: { userId, name: uniqueName("t"), projectIds } })).token as string;
    // Two tokens of one user: the same rights while the user holds project A only; the scoped one stays there.
    const unscoped = await mint(null);
    const scoped = await mint([a.id]);
    const create = async (target: { id: string; template: string }) =>
      (await gql(url, "mutation($input: ClusterCreateInput!) { clusterCreate(input: $input) { cluster { id } userErrors { code message } } }", { input: { clusterTemplateId: target.template, projectId: target.id, nodeCount: 1 } })).cluster.id as string;

    const opened = openedAt(url);
    const before = await opened();
    const first = await watcher(url, unscoped);
    const second = await watcher(url, scoped);
    const admin = await watcher(url, ADMIN_TOKEN);
    const admin2 = await watcher(url, ADMIN_TOKEN);
    const everyone = [first, second, admin, admin2];
    try {
      await waitUntil(async () => (await opened()) >= before + everyone.length, 10_000, "four subscriptions live");
      const start = await executions(url);
      expect(Number.isNaN(start)).toBe(false);

      // Same rights: the two user sockets are one group, the two admin sockets another. Two executions per event.
      const inA = await create(a);
      await waitUntil(() => everyone.every((one) => completed(one, inA)), 30_000, "the cluster in A complete on every socket");
      await waitUntil(
        async () => {
          const seen = cursors(admin);
          return everyone.every((one) => JSON.stringify(cursors(one)) === JSON.stringify(seen)) && (await executions(url)) - start === 2 * seen.length;
        },
        30_000,
        "every socket to have the same events, executed twice each (once per group)",
      );
      expect(admin.events.some((event) => event.clusterId === inA && event.name !== null)).toBe(true);

      // The user gains project B: the unscoped token's rights change (its stream stays bound to the projects it
      // subscribed with, A), the scoped token's do not; from then on the two sockets are two groups.
      await gql(url, "mutation($input: RoleBindingCreateInput!) { roleBindingCreate(input: $input) { roleBinding { id } userErrors { code message } } }", { input: { userId, projectId: b.id, role: "READER" } });
      // The sockets re-authenticate on the change's NOTIFY; a whole create later they certainly have.
      const inA2 = await create(a);
      await waitUntil(() => everyone.every((one) => completed(one, inA2)), 30_000, "the second cluster in A complete on every socket");
      // The window opens once every socket has every event so far (each was executed before it was sent), read
      // between two identical looks at the sockets: an event still being fanned out cannot straddle the snapshot.
      let windowStart = 0;
      let known = new Set<string>();
      const caughtUp = () => {
        const seen = JSON.stringify(cursors(admin));
        return [first, second, admin2].every((one) => JSON.stringify(cursors(one)) === seen) ? seen : null;
      };
      await waitUntil(
        async () => {
          const seen = caughtUp();
          if (seen === null) return false;
          const counted = await executions(url);
          if (caughtUp() !== seen) return false;
          windowStart = counted;
          known = new Set(cursors(admin));
          return true;
        },
        30_000,
        "every socket to have every event so far before the window opens",
      );
      const inA3 = await create(a);
      await waitUntil(() => everyone.every((one) => completed(one, inA3)), 30_000, "the third cluster in A complete on every socket");
      // Exactly one execution per event for each group that received it: the admins (one group), and each user token on its own.
      const expected = () => {
        const fresh = cursors(admin).filter((cursor) => !known.has(cursor));
        return fresh.reduce((sum, cursor) => sum + 1 + (cursors(first).includes(cursor) ? 1 : 0) + (cursors(second).includes(cursor) ? 1 : 0), 0);
      };
      await waitUntil(async () => (await executions(url)) - windowStart === expected() && JSON.stringify(cursors(admin2)) === JSON.stringify(cursors(admin)), 30_000, "one execution per event and group, the two user tokens now apart");
      expect(cursors(first, inA3)).toEqual(cursors(second, inA3));
      expect(cursors(first, inA3).length).toBeGreaterThan(0);
      // No duplicates on any socket.
      for (const one of everyone) expect(new Set(cursors(one)).size).toBe(cursors(one).length);
    } finally {
      for (const one of everyone) one.socket.socket.terminate();
    }
  });
});
