// Turnkey on the real Heat: GraphQL mutations drive stacks, the stream shows Heat's resources as stages, the trust comes and goes.
import got from "got";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClusterCreateDocument,
  ClusterDeleteDocument,
  ClusterEventsDocument,
  ClusterStateDocument,
  ClusterTemplateCreateDocument,
  ClusterUpdateDocument,
} from "../../src/client/generated/graphql.js";
import { decryptSecret } from "../../src/pki/index.js";
import { DATABASES } from "../support/databases.js";
import { templateInput } from "../support/fixtures.js";
import { waitForStatus } from "../support/lifecycle.js";
import { collect, wsClient } from "../support/subscriptions.js";
import { driverEnvironment, ensureKit, kitScript, lockKit, missingKit, type KitEnvironment } from "../support/openstack-kit.js";
import { SECRET_KEY, startTestServer, type TestServer } from "../support/server.js";

const missing = missingKit();
if (missing && process.env.CI) throw new Error(`the OpenStack kit is required in CI: ${missing}`);
if (missing) console.warn(`SKIPPED: Turnkey on Heat (${missing})`);
// The trust is checked in the database: on PostgreSQL when it is there, else the test reads it through PGlite's absence (skipped).
const database = DATABASES.find((candidate) => candidate.label === "PostgreSQL") ?? DATABASES[0]!;

describe.skipIf(missing !== null)("Turnkey on the real Heat", () => {
  let kit: KitEnvironment;
  let started = false;
  let release: (() => void) | undefined;
  let api: TestServer;

  beforeAll(async () => {
    release = await lockKit(900_000);
    ({ kit, started } = await ensureKit());
    api = await startTestServer(database, { ...driverEnvironment(kit), TURNKEY_RECONCILE_INTERVAL_MS: "200", TURNKEY_LEASE_MS: "30000" });
  }, 960_000);
  afterAll(async () => {
    await api?.close();
    if (started) await kitScript("stop.sh").catch(() => undefined);
    release?.();
  }, 60_000);

  async function trustOf(clusterUuid: string): Promise<{ trustId: string; userId: string } | null> {
    if (!api.databaseUrl.startsWith("postgres")) return null;
    const sql = postgres(api.databaseUrl, { max: 1 });
    try {
      const [row] = await sql`select trust_credentials from clusters where id = ${clusterUuid}`;
      return row?.trust_credentials ? (JSON.parse(decryptSecret(row.trust_credentials as string, SECRET_KEY)) as { trustId: string; userId: string }) : null;
    } finally {
      await sql.end();
    }
  }

  it("creates, resizes and deletes a cluster as a Heat stack, streaming Heat's resources as stages", { timeout: 240_000 }, async () => {
    const template = await api.query(ClusterTemplateCreateDocument, { input: templateInput({ clusterDistro: "fedora-coreos", masterLbEnabled: true }) });
    expect(template.clusterTemplateCreate.userErrors).toEqual([]);
    const created = await api.query(ClusterCreateDocument, { input: { clusterTemplateId: template.clusterTemplateCreate.clusterTemplate!.id, nodeCount: 2, name: "heat-demo" } });
    expect(created.clusterCreate.userErrors).toEqual([]);
    const id = created.clusterCreate.cluster!.id;
    // Each event is stamped on arrival: the lag behind Heat's own event time is what a UI sees.
    const lags: number[] = [];
    const lines: string[] = [];
    const client = wsClient(api.url);
    const events = (
      await collect(
        client,
        ClusterEventsDocument,
        { clusterId: id },
        (item) => {
          const event = item.clusterEvents;
          const details = event.details as { stageStatus?: string; transitionAt?: number };
          const lag = details.transitionAt ? Date.now() - details.transitionAt : null;
          if (lag !== null) lags.push(lag);
          lines.push(`${event.type} ${event.status ?? ""} ${event.stage ?? ""} ${details.stageStatus ?? ""} ${event.percent ?? ""}${lag !== null ? ` (+${lag} ms after Heat's event)` : ""}`.replace(/\s+/g, " ").trim());
          return event.type === "STATUS_CHANGED" && ["CREATE_COMPLETE", "CREATE_FAILED"].includes(event.status ?? "");
        },
        180_000,
      ).done
    ).map((item) => item.clusterEvents);
    await client.dispose();
    const sorted = [...lags].sort((left, right) => left - right);
    console.log(`live stream of a real Heat stack create:\n  ${lines.join("\n  ")}\nHeat event → subscriber: median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms over ${sorted.length} transitions (Heat's event times are whole seconds)`);
    expect(events.at(-1)!.status).toBe("CREATE_COMPLETE");
    expect(events.filter((event) => event.type === "PROGRESS").length).toBeGreaterThan(3);

    const state = await api.query(ClusterStateDocument, { id });
    expect(state.cluster.stackId).toMatch(/^heat:/);
    expect(state.cluster.masterAddresses.length).toBe(1);
    expect(state.cluster.nodeAddresses.length).toBe(2);
    expect(state.cluster.apiAddress).toBeTruthy();
    const uuid = state.cluster.uuid;
    const trust = await trustOf(uuid);
    if (api.databaseUrl.startsWith("postgres")) {
      expect(trust?.trustId).toBeTruthy();
      const admin = await got.post(`${kit.OS_AUTH_URL}/auth/tokens`, {
        json: { auth: { identity: { methods: ["password"], password: { user: { name: "admin", domain: { name: "Default" }, password: kit.TURNKEY_OPENSTACK_ADMIN_PASSWORD } } }, scope: { project: { name: "admin", domain: { name: "Default" } } } } },
      });
      const adminToken = String(admin.headers["x-subject-token"]);
      const seen = await got.get(`${kit.OS_AUTH_URL}/OS-TRUST/trusts/${trust!.trustId}`, { headers: { "x-auth-token": adminToken }, throwHttpErrors: false });
      expect(seen.statusCode).toBe(200);

      const resized = await api.query(ClusterUpdateDocument, { input: { id, nodeCount: 3 } });
      expect(resized.clusterUpdate.userErrors).toEqual([]);
      const after = await waitForStatus(api, id, ["UPDATE_COMPLETE", "UPDATE_FAILED"], 180_000);
      expect(after!.status).toBe("UPDATE_COMPLETE");
      expect(after!.nodeAddresses).toHaveLength(3);

      await api.query(ClusterDeleteDocument, { input: { id } });
      await waitForStatus(api, id, ["GONE"], 180_000);
      const gone = await got.get(`${kit.OS_AUTH_URL}/OS-TRUST/trusts/${trust!.trustId}`, { headers: { "x-auth-token": adminToken }, throwHttpErrors: false });
      expect(gone.statusCode).toBe(404);
      const trustee = await got.get(`${kit.OS_AUTH_URL}/users/${trust!.userId}`, { headers: { "x-auth-token": adminToken }, throwHttpErrors: false });
      expect(trustee.statusCode).toBe(404);
    }
  });
});
