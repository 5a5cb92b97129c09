// Identity from the real Keystone: roles of two projects, revocation within the cache time, and Keystone down.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterCreateDocument, ClusterDocument, ClusterTemplateCreateDocument, ClustersDocument, ViewerPolicyDocument } from "../../src/client/generated/graphql.js";
import { DATABASES } from "../support/databases.js";
import { templateInput } from "../support/fixtures.js";
import { FAST } from "../support/lifecycle.js";
import got from "got";
import { ensureKit, kitScript, lockKit, missingKit, type KitEnvironment } from "../support/openstack-kit.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { collect, wsClient } from "../support/subscriptions.js";
import { waitForValue } from "../support/wait.js";

/** A project-scoped Keystone token for a user, by password. */
async function keystoneToken(environment: KitEnvironment, user: string, password: string, project: string): Promise<string> {
  const response = await got.post(`${environment.OS_AUTH_URL}/auth/tokens`, {
    json: { auth: { identity: { methods: ["password"], password: { user: { name: user, domain: { name: "Default" }, password } } }, scope: { project: { name: project, domain: { name: "Default" } } } } },
  });
  return String(response.headers["x-subject-token"]);
}

const missing = missingKit();
if (missing && process.env.CI) throw new Error(`the OpenStack kit is required in CI: ${missing}`);
if (missing) console.warn(`SKIPPED: Keystone identity tests (${missing})`);

describe.skipIf(missing !== null)("identity from Keystone", () => {
  let environment: KitEnvironment;
  let release: (() => void) | undefined;
  let started = false;
  let api: TestServer;
  let readerName: string;
  const readerPassword = `reader-${randomBytes(6).toString("hex")}`;
  let adminToken: string;
  let readerUserId: string;

  beforeAll(async () => {
    release = await lockKit(900_000);
    ({ kit: environment, started } = await ensureKit());
    api = await startTestServer(DATABASES[0]!, {
      ...FAST,
      TURNKEY_IDENTITY: "keystone",
      TURNKEY_KEYSTONE_URL: environment.OS_AUTH_URL!,
      TURNKEY_KEYSTONE_SERVICE_USER: environment.TURNKEY_OPENSTACK_SERVICE_USERNAME!,
      TURNKEY_KEYSTONE_SERVICE_PASSWORD: environment.TURNKEY_OPENSTACK_SERVICE_PASSWORD!,
      TURNKEY_KEYSTONE_SERVICE_PROJECT: environment.TURNKEY_OPENSTACK_SERVICE_PROJECT!,
      TURNKEY_KEYSTONE_CACHE_SECONDS: "1",
    });
    // A reader of the demo project, made for this run through Keystone's own API.
    adminToken = await keystoneToken(environment, "admin", environment.TURNKEY_OPENSTACK_ADMIN_PASSWORD!, "admin");
    const headers = { "x-auth-token": adminToken };
    readerName = `reader-${randomBytes(4).toString("hex")}`;
    const user = await got.post(`${environment.OS_AUTH_URL}/users`, { headers, json: { user: { name: readerName, password: readerPassword, domain_id: "default" } } }).json<{ user: { id: string } }>();
    readerUserId = user.user.id;
    const roles = await got.get(`${environment.OS_AUTH_URL}/roles?name=reader`, { headers }).json<{ roles: { id: string }[] }>();
    await got.put(`${environment.OS_AUTH_URL}/projects/${environment.TURNKEY_OPENSTACK_DEMO_PROJECT_ID}/users/${readerUserId}/roles/${roles.roles[0]!.id}`, { headers });
  }, 960_000);
  afterAll(async () => {
    await api?.close();
    if (readerUserId) await got.delete(`${environment.OS_AUTH_URL}/users/${readerUserId}`, { headers: { "x-auth-token": adminToken } }).catch(() => undefined);
    if (started) await kitScript("stop.sh").catch(() => undefined);
    release?.();
  }, 60_000);

  it("maps an admin, members of two projects and a reader to the right roles, and keeps the projects apart", async () => {
    const admin = await keystoneToken(environment, "admin", environment.TURNKEY_OPENSTACK_ADMIN_PASSWORD!, "admin");
    const demo = await keystoneToken(environment, "demo", environment.TURNKEY_OPENSTACK_DEMO_PASSWORD!, "demo");
    const alt = await keystoneToken(environment, "alt_demo", environment.TURNKEY_OPENSTACK_ALT_DEMO_PASSWORD!, "alt_demo");
    const reader = await keystoneToken(environment, readerName, readerPassword, "demo");

    expect((await api.query(ViewerPolicyDocument, undefined, admin)).viewer).toMatchObject({ user: { name: "admin" }, isGlobalAdmin: true, projectRoles: [{ role: "ADMIN" }] });
    const demoViewer = (await api.query(ViewerPolicyDocument, undefined, demo)).viewer;
    expect(demoViewer).toMatchObject({ user: { name: "demo" }, isGlobalAdmin: false, projectRoles: [{ role: "MEMBER" }] });
    expect(demoViewer.projectRoles[0]!.project.name).toContain("demo");
    expect((await api.query(ViewerPolicyDocument, undefined, alt)).viewer.projectRoles).toMatchObject([{ role: "MEMBER" }]);
    expect((await api.query(ViewerPolicyDocument, undefined, reader)).viewer.projectRoles).toEqual([{ project: demoViewer.projectRoles[0]!.project, role: "READER" }]);

    const template = await api.query(ClusterTemplateCreateDocument, { input: templateInput() }, demo);
    expect(template.clusterTemplateCreate.userErrors).toEqual([]);
    const cluster = await api.query(ClusterCreateDocument, { input: { clusterTemplateId: template.clusterTemplateCreate.clusterTemplate!.id } }, demo);
    expect(cluster.clusterCreate.userErrors).toEqual([]);
    const id = cluster.clusterCreate.cluster!.id;
    expect((await api.request(ClusterDocument, { id }, reader)).data?.cluster.id).toBe(id);
    expect((await api.request(ClusterDocument, { id }, alt)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await api.query(ClustersDocument, { first: 100 }, alt)).clusters.edges.map((edge) => edge.node.id)).not.toContain(id);
    const refused = await api.query(ClusterCreateDocument, { input: { clusterTemplateId: template.clusterTemplateCreate.clusterTemplate!.id } }, reader);
    expect(refused.clusterCreate.userErrors[0]?.code).toBe("FORBIDDEN");
    expect((await api.request(ClusterDocument, { id }, admin)).data?.cluster.id).toBe(id);
  });

  it("stops accepting a revoked token within the cache time, over HTTP and WebSocket", async () => {
    const demo = await keystoneToken(environment, "demo", environment.TURNKEY_OPENSTACK_DEMO_PASSWORD!, "demo");
    expect((await api.request(ClustersDocument, { first: 1 }, demo)).errors).toBeUndefined();
    await got.delete(`${environment.OS_AUTH_URL}/auth/tokens`, { headers: { "x-auth-token": adminToken, "x-subject-token": demo } });
    // The cached answer lapses after the cache time; wait for that fact rather than sleeping past it.
    const response = await waitForValue(() => api.request(ClustersDocument, { first: 1 }, demo), (answer) => answer.status === 401, "the revoked Keystone token to be refused", 30_000);
    expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const socket = wsClient(api.url, demo);
    // The refusal itself (4401 with the server's reason), not the helper's timeout.
    await expect(collect(socket, ClustersDocument as never, {}, () => true).done).rejects.toThrow(/^socket closed 4401: /);
    await socket.dispose();
  });

  it("answers UNAUTHENTICATED (identity unavailable), never access, when Keystone is down", async () => {
    const down = await startTestServer(DATABASES[0]!, {
      TURNKEY_IDENTITY: "keystone",
      TURNKEY_KEYSTONE_URL: "http://127.0.0.1:9/v3",
      TURNKEY_KEYSTONE_SERVICE_PASSWORD: "irrelevant",
    });
    try {
      const demo = await keystoneToken(environment, "demo", environment.TURNKEY_OPENSTACK_DEMO_PASSWORD!, "demo");
      const response = await down.request(ClustersDocument, { first: 1 }, demo);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "IDENTITY_UNAVAILABLE" });
      expect(response.status).toBe(503);
      expect(response.data ?? null).toBeNull();
      // The operator's own token still works: built-in tokens do not depend on Keystone.
      expect((await down.request(ClustersDocument, { first: 1 })).errors).toBeUndefined();
    } finally {
      await down.close();
    }
  });
});
