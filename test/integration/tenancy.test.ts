// Roles, quotas, audit and token lifecycle over real HTTP and WebSocket, on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiTokenCreateDocument,
  ApiTokenRevokeDocument,
  AuditEventsDocument,
  ClusterCreateDocument,
  ClusterEventsDocument,
  ClusterResizeDocument,
  ClusterTemplateCreateDocument,
  ClustersDocument,
  ProjectQuotasDocument,
  QuotaSetDocument,
  RoleBindingCreateDocument,
  UserCreateDocument,
  ViewerPolicyDocument,
} from "../../src/client/generated/graphql.js";
import { DATABASES } from "../support/databases.js";
import { templateInput, uniqueName } from "../support/fixtures.js";
import { startFastServer, waitForStatus } from "../support/lifecycle.js";
import type { TestServer } from "../support/server.js";
import { collect, collectLive, openedOn, wsClient } from "../support/subscriptions.js";
import { waitForValue } from "../support/wait.js";
import { createTenant, createUserWithToken, type Tenant } from "../support/tenants.js";

describe.each(DATABASES)("tenancy on $label", (database) => {
  let api: TestServer;
  let tenant: Tenant;
  let templateId: string;

  beforeAll(async () => {
    api = await startFastServer(database);
    tenant = await createTenant(api, "team");
    const template = await api.query(ClusterTemplateCreateDocument, { input: templateInput({ projectId: tenant.projectId }) }, tenant.member.token);
    expect(template.clusterTemplateCreate.userErrors).toEqual([]);
    templateId = template.clusterTemplateCreate.clusterTemplate!.id;
  });
  afterAll(async () => {
    await api?.close();
  });

  it("tells a member who it is, its projects and the policy", async () => {
    const viewer = await api.query(ViewerPolicyDocument, undefined, tenant.member.token);
    expect(viewer.viewer).toMatchObject({ user: { id: tenant.member.userId, name: tenant.member.name }, isGlobalAdmin: false, projectRoles: [{ project: { id: tenant.projectId }, role: "MEMBER" }] });
    expect(viewer.viewer.policy).toContainEqual({ resource: "cluster", action: "credentials", rule: "admin of the object's project, or the user who created the cluster" });
  });

  it("lets members create in their only project by default, readers only read", async () => {
    const created = await api.query(ClusterCreateDocument, { input: { clusterTemplateId: templateId } }, tenant.member.token);
    expect(created.clusterCreate.userErrors).toEqual([]);
    const refused = await api.query(ClusterCreateDocument, { input: { clusterTemplateId: templateId } }, tenant.reader.token);
    expect(refused.clusterCreate.userErrors).toEqual([expect.objectContaining({ code: "FORBIDDEN", field: ["projectId"] })]);
    const listed = await api.query(ClustersDocument, { first: 10 }, tenant.reader.token);
    expect(listed.clusters.edges.map((edge) => edge.node.id)).toContain(created.clusterCreate.cluster!.id);
    const published = await api.query(ClusterTemplateCreateDocument, { input: templateInput({ public: true }) }, tenant.admin.token);
    expect(published.clusterTemplateCreate.userErrors).toEqual([expect.objectContaining({ code: "FORBIDDEN", field: ["public"] })]);
  });

  it("lets project admins grant roles in their project, and nobody else", async () => {
    const user = await api.query(UserCreateDocument, { input: { name: uniqueName("newcomer") } }, tenant.admin.token);
    expect(user.userCreate.userErrors).toEqual([]);
    const byMember = await api.query(RoleBindingCreateDocument, { input: { userId: user.userCreate.user!.id, projectId: tenant.projectId, role: "READER" } }, tenant.member.token);
    expect(byMember.roleBindingCreate.userErrors).toEqual([expect.objectContaining({ code: "FORBIDDEN" })]);
    const byAdmin = await api.query(RoleBindingCreateDocument, { input: { userId: user.userCreate.user!.id, projectId: tenant.projectId, role: "READER" } }, tenant.admin.token);
    expect(byAdmin.roleBindingCreate.userErrors).toEqual([]);
    const userByMember = await api.query(UserCreateDocument, { input: { name: uniqueName("nope") } }, tenant.member.token);
    expect(userByMember.userCreate.userErrors).toEqual([expect.objectContaining({ code: "FORBIDDEN" })]);
  });

  it("refuses a resize past the NODES quota with the limit and usage", async () => {
    const team = await createTenant(api, "nodes");
    await api.query(QuotaSetDocument, { input: { projectId: team.projectId, resource: "NODES", limit: 4 } });
    const template = await api.query(ClusterTemplateCreateDocument, { input: templateInput() }, team.member.token);
    const created = await api.query(ClusterCreateDocument, { input: { clusterTemplateId: template.clusterTemplateCreate.clusterTemplate!.id, nodeCount: 2 } }, team.member.token);
    expect(created.clusterCreate.userErrors).toEqual([]);
    const clusterId = created.clusterCreate.cluster!.id;
    await waitForStatus(api, clusterId, ["CREATE_COMPLETE"]);
    const resized = await api.query(ClusterResizeDocument, { input: { id: clusterId, nodeCount: 5 } }, team.member.token);
    expect(resized.clusterResize.userErrors).toEqual([expect.objectContaining({ code: "QUOTA_EXCEEDED", field: ["nodeCount"] })]);
    const within = await api.query(ClusterResizeDocument, { input: { id: clusterId, nodeCount: 3 } }, team.member.token);
    expect(within.clusterResize.userErrors).toEqual([]);
  });

  it("audits every mutation with who, what and the outcome; project admins see their project only", async () => {
    const audit = await api.query(AuditEventsDocument, { first: 100, filter: { projectId: tenant.projectId } });
    const entries = audit.auditEvents.nodes;
    expect(entries.some((entry) => entry.mutation === "clusterCreate" && entry.outcome === "SUCCEEDED" && entry.principalName === tenant.member.name)).toBe(true);
    const refusals = await api.query(AuditEventsDocument, { first: 100, filter: { principalName: tenant.reader.name } });
    expect(refusals.auditEvents.nodes.some((entry) => entry.mutation === "clusterCreate" && entry.outcome === "REFUSED" && entry.details.code === "FORBIDDEN")).toBe(true);
    const asAdmin = await api.query(AuditEventsDocument, { first: 100 }, tenant.admin.token);
    expect(asAdmin.auditEvents.nodes.every((entry) => entry.projectId === tenant.projectId)).toBe(true);
    const asMember = await api.request(AuditEventsDocument, { first: 10 }, tenant.member.token);
    expect(asMember.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("refuses expired, revoked and malformed tokens over HTTP and WebSocket, and ends a revoked token's subscription", async () => {
    // Long enough to be used once before it expires on a loaded machine; the test then waits for the expiry itself.
    const expiring = await createUserWithToken(api, tenant.projectId, "READER", new Date(Date.now() + 4_000).toISOString());
    const revoked = await createUserWithToken(api, tenant.projectId, "READER");
    expect((await api.request(ClustersDocument, { first: 1 }, expiring.token)).errors).toBeUndefined();

    // A live subscription of the soon-revoked token, ended by the session sweep (not refused at connect).
    const client = wsClient(api.url, revoked.token);
    const live = await collectLive(openedOn(api.server), client, ClusterEventsDocument, {}, () => false);
    const revocation = await api.query(ApiTokenRevokeDocument, { input: { id: revoked.tokenId } }, tenant.admin.token);
    expect(revocation.apiTokenRevoke.apiToken?.revokedAt).toBeTruthy();
    await expect(live.done).rejects.toThrow(/^socket closed 4401: .*revoked/);
    await client.dispose();

    await waitForValue(() => api.request(ClustersDocument, { first: 1 }, expiring.token), (response) => response.status === 401, "the expiring token to expire");
    for (const token of [expiring.token, revoked.token, "tk_malformed", "not-a-token", `${revoked.token}x`]) {
      const response = await api.request(ClustersDocument, { first: 1 }, token);
      expect(response.errors?.[0]?.extensions?.code, token).toBe("UNAUTHENTICATED");
      expect(response.status).toBe(401);
      const socket = wsClient(api.url, token);
      // The refusal itself, not the helper's timeout: graphql-ws's 4401 with the server's reason.
      await expect(collect(socket, ClusterEventsDocument, {}, () => true).done, token).rejects.toThrow("socket closed 4401: the token is not valid (unknown, expired or revoked)");
      await socket.dispose();
    }
    const tooEarly = await api.query(ApiTokenCreateDocument, { input: { userId: revoked.userId, name: "past", expiresAt: new Date(Date.now() - 1000).toISOString() } }, tenant.admin.token);
    expect(tooEarly.apiTokenCreate.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: ["expiresAt"] })]);
  });
});

// Its own server that drives no operation: the 20 accepted creates would otherwise make 60 CA keys
// while the next tests wait behind them.
describe.each(DATABASES)("the CLUSTERS quota under a race on $label", (database) => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startFastServer(database, { TURNKEY_WORKER_CONCURRENCY: "0" });
  });
  afterAll(async () => {
    await api?.close();
  });

  it("accepts exactly the quota of 50 parallel creates and refuses the rest with QUOTA_EXCEEDED", async () => {
    const team = await createTenant(api, "race");
    const set = await api.query(QuotaSetDocument, { input: { projectId: team.projectId, resource: "CLUSTERS", limit: 20 } });
    expect(set.quotaSet.userErrors).toEqual([]);
    const denied = await api.query(QuotaSetDocument, { input: { projectId: team.projectId, resource: "CLUSTERS", limit: 100 } }, team.admin.token);
    expect(denied.quotaSet.userErrors).toEqual([expect.objectContaining({ code: "FORBIDDEN" })]);
    const template = await api.query(ClusterTemplateCreateDocument, { input: templateInput() }, team.member.token);
    const raceTemplate = template.clusterTemplateCreate.clusterTemplate!.id;
    const results = await Promise.all(Array.from({ length: 50 }, () => api.query(ClusterCreateDocument, { input: { clusterTemplateId: raceTemplate } }, team.member.token)));
    const accepted = results.filter((result) => result.clusterCreate.userErrors.length === 0);
    const refused = results.filter((result) => result.clusterCreate.userErrors[0]?.code === "QUOTA_EXCEEDED");
    console.log(`quota race on ${database.label}: ${accepted.length} accepted, ${refused.length} refused with QUOTA_EXCEEDED`);
    expect(accepted).toHaveLength(20);
    expect(refused).toHaveLength(30);
    expect(refused[0]!.clusterCreate.userErrors[0]).toMatchObject({ limit: 20, used: 20, field: [] });
    const quotas = await api.query(ProjectQuotasDocument, { id: team.projectId }, team.reader.token);
    expect(quotas.project.quotas).toContainEqual({ resource: "CLUSTERS", limit: 20, used: 20 });
  });

  // A create counts its own rows after inserting them (the project lock is held from the check to the commit only):
  // parallel creates must still never overshoot NODES, and each refusal reports the usage before it.
  it("accepts exactly the NODES quota of 30 parallel creates of 2 nodes each and refuses the rest", async () => {
    const team = await createTenant(api, "node-race");
    for (const [resource, limit] of [["CLUSTERS", 1000], ["NODES", 21]] as const) {
      expect((await api.query(QuotaSetDocument, { input: { projectId: team.projectId, resource, limit } })).quotaSet.userErrors).toEqual([]);
    }
    const template = await api.query(ClusterTemplateCreateDocument, { input: templateInput() }, team.member.token);
    const templateId = template.clusterTemplateCreate.clusterTemplate!.id;
    const results = await Promise.all(Array.from({ length: 30 }, () => api.query(ClusterCreateDocument, { input: { clusterTemplateId: templateId, nodeCount: 1, masterCount: 1 } }, team.member.token)));
    const accepted = results.filter((result) => result.clusterCreate.userErrors.length === 0);
    const refused = results.filter((result) => result.clusterCreate.userErrors[0]?.code === "QUOTA_EXCEEDED");
    expect(accepted).toHaveLength(10);
    expect(refused).toHaveLength(20);
    for (const result of refused) expect(result.clusterCreate.userErrors[0]).toMatchObject({ limit: 21, used: 20, field: ["nodeCount"] });
    const quotas = await api.query(ProjectQuotasDocument, { id: team.projectId }, team.reader.token);
    expect(quotas.project.quotas).toContainEqual({ resource: "NODES", limit: 21, used: 20 });
  });
});
