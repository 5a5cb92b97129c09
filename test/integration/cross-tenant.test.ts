// The cross-tenant matrix: a member of project A tries project B's objects by every path; nothing of B leaks or changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiTokenCreateDocument,
  ApiTokenRevokeDocument,
  ClusterCaRotateDocument,
  ClusterCreateDocument,
  ClusterDeleteDocument,
  ClusterDocument,
  ClusterEventsDocument,
  ClusterResizeDocument,
  ClusterRollbackDocument,
  ClusterStateDocument,
  ClustersDocument,
  ClustersNestedDocument,
  ClusterTemplateCreateDocument,
  ClusterTemplateDeleteDocument,
  ClusterTemplateDocument,
  ClusterTemplatesDocument,
  ClusterTemplateUpdateDocument,
  ClusterUpdateDocument,
  ClusterUpgradeDocument,
  NodeDocument,
  NodeGroupCreateDocument,
  NodeGroupDeleteDocument,
  NodeGroupUpdateDocument,
  NodesDocument,
  OperationDocument,
  ProjectQuotasDocument,
  ProjectsDocument,
  QuotaSetDocument,
  RoleBindingCreateDocument,
  TemplateProjectsDocument,
  CertificateSignDocument,
  ClusterCredentialsCreateDocument,
} from "../../src/client/generated/graphql.js";
import { DATABASES } from "../support/databases.js";
import { templateInput } from "../support/fixtures.js";
import { startFastServer, waitForStatus } from "../support/lifecycle.js";
import type { GraphQLResponse, TestServer } from "../support/server.js";
import { collect, collectLive, openedOn, wsClient } from "../support/subscriptions.js";
import { createTenant, type Tenant } from "../support/tenants.js";

const CSR = `-----BEGIN CERTIFICATE REQUEST-----
MIICVjCCAT4CAQAwETEPMA0GA1UEAwwGbWFsbG9yMIIBIjANBgkqhkiG9w0BAQEF
-----END CERTIFICATE REQUEST-----`;

describe.each(DATABASES)("cross-tenant matrix on $label", (database) => {
  let api: TestServer;
  let a: Tenant;
  let b: Tenant;
  const secrets: string[] = [];
  let attempts = 0;
  let leaks: string[] = [];

  /** One attempt: it must return nothing of B (no id, name or project of B anywhere in the response). */
  function check(label: string, response: GraphQLResponse<unknown> | unknown, expectedCodes: string[] = ["NOT_FOUND"]) {
    attempts += 1;
    const text = JSON.stringify(response);
    const leaked = secrets.filter((secret) => text.includes(secret));
    if (leaked.length > 0) leaks.push(`${label}: ${leaked.join(", ")}`);
    const codes = [...text.matchAll(/"code":"([A-Z_]+)"/g)].map((match) => match[1]!);
    if (expectedCodes.length > 0 && !codes.some((code) => expectedCodes.includes(code))) leaks.push(`${label}: expected ${expectedCodes.join("/")}, got ${text.slice(0, 300)}`);
  }

  beforeAll(async () => {
    api = await startFastServer(database);
    a = await createTenant(api, "alpha");
    b = await createTenant(api, "bravo");
  });
  afterAll(async () => {
    await api?.close();
  });

  it("returns and changes nothing of project B to a member of project A", { timeout: 120_000 }, async () => {
    const bToken = b.member.token;
    const aToken = a.member.token;
    // B's world: a private template, a public one (published by the operator), a cluster of each, a node group.
    const privateTemplate = (await api.query(ClusterTemplateCreateDocument, { input: templateInput() }, bToken)).clusterTemplateCreate.clusterTemplate!;
    const publicTemplate = (await api.query(ClusterTemplateCreateDocument, { input: templateInput({ public: true, projectId: b.projectId }) })).clusterTemplateCreate.clusterTemplate!;
    const cluster = (await api.query(ClusterCreateDocument, { input: { clusterTemplateId: privateTemplate.id, name: "bravo-secret-cluster" } }, bToken)).clusterCreate;
    const onPublic = (await api.query(ClusterCreateDocument, { input: { clusterTemplateId: publicTemplate.id, name: "bravo-public-cluster" } }, bToken)).clusterCreate;
    await waitForStatus(api, cluster.cluster!.id, ["CREATE_COMPLETE"]);
    await waitForStatus(api, onPublic.cluster!.id, ["CREATE_COMPLETE"]);
    const groups = (await api.query(NodeGroupCreateDocument, { input: { clusterId: cluster.cluster!.id, name: "bravo-gpu" } }, bToken)).nodeGroupCreate;
    await waitForStatus(api, cluster.cluster!.id, ["UPDATE_COMPLETE"]);
    const before = await api.query(ClusterStateDocument, { id: cluster.cluster!.id }, bToken);
    const clusterId = cluster.cluster!.id;
    const nodeGroupId = groups.nodeGroup!.id;
    const operationId = cluster.operation!.id;
    secrets.push(clusterId, onPublic.cluster!.id, privateTemplate.id, nodeGroupId, operationId, b.projectId, b.name, "bravo-secret-cluster", "bravo-public-cluster", privateTemplate.name, b.member.userId);

    // A's own cluster, so A's stream has something of its own.
    const aTemplate = (await api.query(ClusterTemplateCreateDocument, { input: templateInput() }, aToken)).clusterTemplateCreate.clusterTemplate!;

    // Queries by id.
    check("cluster(id)", await api.request(ClusterDocument, { id: clusterId }, aToken));
    check("clusterTemplate(id)", await api.request(ClusterTemplateDocument, { id: privateTemplate.id }, aToken));
    check("operation(id)", await api.request(OperationDocument, { id: operationId }, aToken));
    check("project(id)", await api.request(ProjectQuotasDocument, { id: b.projectId }, aToken));
    // node / nodes: null, nothing else.
    for (const id of [clusterId, privateTemplate.id, nodeGroupId, operationId, b.projectId]) {
      const response = await api.request(NodeDocument, { id }, aToken);
      check(`node(${id.slice(0, 8)})`, response, []);
      expect(response.data?.node).toBeNull();
    }
    const nodes = await api.request(NodesDocument, { ids: [clusterId, privateTemplate.id, nodeGroupId, operationId, b.projectId] }, aToken);
    check("nodes", nodes, []);
    expect(nodes.data?.nodes).toEqual([null, null, null, null, null]);
    // Lists, connections and nested fields.
    check("clusters", await api.request(ClustersDocument, { first: 100 }, aToken), []);
    check("clusters nested", await api.request(ClustersNestedDocument, { first: 100 }, aToken), []);
    check("clusters filtered by B's project", await api.request(ClustersDocument, { first: 100, filter: { projectId: b.projectId } }, aToken), []);
    check("clusterTemplates", await api.request(ClusterTemplatesDocument, { first: 100 }, aToken), []);
    const publicView = await api.request(TemplateProjectsDocument, undefined, aToken);
    check("public template's project and clusters", publicView, []);
    expect(publicView.data?.clusterTemplates.nodes.find((template) => template.id === publicTemplate.id)).toMatchObject({ project: null, clusters: { totalCount: 0 } });
    check("projects", await api.request(ProjectsDocument, undefined, aToken), []);

    // Mutations on B's objects.
    const mutations: [string, () => Promise<unknown>][] = [
      ["clusterUpdate", () => api.query(ClusterUpdateDocument, { input: { id: clusterId, nodeCount: 5 } }, aToken)],
      ["clusterResize", () => api.query(ClusterResizeDocument, { input: { id: clusterId, nodeCount: 5 } }, aToken)],
      ["clusterUpgrade", () => api.query(ClusterUpgradeDocument, { input: { id: clusterId, clusterTemplateId: aTemplate.id } }, aToken)],
      ["clusterRollback", () => api.query(ClusterRollbackDocument, { input: { id: clusterId } }, aToken)],
      ["clusterCaRotate", () => api.query(ClusterCaRotateDocument, { input: { id: clusterId } }, aToken)],
      ["clusterDelete", () => api.query(ClusterDeleteDocument, { input: { id: clusterId } }, aToken)],
      ["nodeGroupCreate", () => api.query(NodeGroupCreateDocument, { input: { clusterId, name: "intruder" } }, aToken)],
      ["nodeGroupUpdate", () => api.query(NodeGroupUpdateDocument, { input: { id: nodeGroupId, maxNodeCount: 9 } }, aToken)],
      ["nodeGroupDelete", () => api.query(NodeGroupDeleteDocument, { input: { id: nodeGroupId } }, aToken)],
      ["clusterTemplateUpdate", () => api.query(ClusterTemplateUpdateDocument, { input: { id: privateTemplate.id, name: "stolen" } }, aToken)],
      ["clusterTemplateDelete", () => api.query(ClusterTemplateDeleteDocument, { input: { id: privateTemplate.id } }, aToken)],
      ["clusterCreate from B's private template", () => api.query(ClusterCreateDocument, { input: { clusterTemplateId: privateTemplate.id } }, aToken)],
      ["clusterCreate in B's project", () => api.query(ClusterCreateDocument, { input: { clusterTemplateId: aTemplate.id, projectId: b.projectId } }, aToken)],
      ["clusterTemplateCreate in B's project", () => api.query(ClusterTemplateCreateDocument, { input: templateInput({ projectId: b.projectId }) }, aToken)],
      ["roleBindingCreate in B's project", () => api.query(RoleBindingCreateDocument, { input: { userId: a.member.userId, projectId: b.projectId, role: "ADMIN" } }, a.admin.token)],
      ["apiTokenCreate for B's user", () => api.query(ApiTokenCreateDocument, { input: { userId: b.member.userId, name: "stolen" } }, a.admin.token)],
      ["apiTokenRevoke of B's token", () => api.query(ApiTokenRevokeDocument, { input: { id: b.member.tokenId } }, a.admin.token)],
      ["certificateSign", () => api.query(CertificateSignDocument, { input: { clusterId, csr: CSR } }, aToken)],
      ["clusterCredentialsCreate", () => api.query(ClusterCredentialsCreateDocument, { input: { clusterId, role: "VIEWER" } }, aToken)],
    ];
    for (const [label, run] of mutations) check(label, await run());
    check("quotaSet on B", await api.query(QuotaSetDocument, { input: { projectId: b.projectId, resource: "CLUSTERS", limit: 0 } }, a.admin.token), ["FORBIDDEN", "NOT_FOUND"]);

    // Subscriptions: by B's cluster id (live and replay), and the all-clusters stream while B changes.
    const client = wsClient(api.url, aToken);
    for (const variables of [{ clusterId }, { clusterId, after: "0" }]) {
      attempts += 1;
      const outcome = await collect(client, ClusterEventsDocument, variables, () => true, 20_000).done.then(
        (items) => `received ${JSON.stringify(items)}`,
        (error: Error & { errors?: unknown }) => JSON.stringify(error.errors ?? error.message),
      );
      if (!outcome.includes("NOT_FOUND") && !outcome.includes("no such cluster")) leaks.push(`clusterEvents(${JSON.stringify(variables)}): ${outcome}`);
      if (secrets.some((secret) => outcome.includes(secret))) leaks.push(`clusterEvents(${JSON.stringify(variables)}) leaked`);
    }
    // Live before B changes anything: B's events are then certain to pass through A's stream's filter.
    const everything = await collectLive(openedOn(api.server), client, ClusterEventsDocument, {}, (item) => item.clusterEvents.status === "CREATE_COMPLETE");
    // B changes its cluster and waits until that change is recorded; only then does A create its own,
    // whose completion ends A's stream, so B's events were committed while A's stream was live.
    const bChange = await api.query(ClusterUpdateDocument, { input: { id: onPublic.cluster!.id, nodeCount: 2 } }, bToken);
    expect(bChange.clusterUpdate.userErrors).toEqual([]);
    await waitForStatus(api, onPublic.cluster!.id, ["UPDATE_COMPLETE"]);
    const aCluster = await api.query(ClusterCreateDocument, { input: { clusterTemplateId: aTemplate.id } }, aToken);
    const seen = await everything.done;
    attempts += 1;
    // A's stream really ran: it ends with A's own cluster.
    expect(seen.at(-1)!.clusterEvents.clusterId).toBe(aCluster.clusterCreate.cluster!.id);
    if (seen.some((item) => secrets.includes(item.clusterEvents.clusterId))) leaks.push("clusterEvents() delivered B's events");
    await client.dispose();

    // Nothing of B changed.
    const after = await api.query(ClusterStateDocument, { id: clusterId }, bToken);
    expect(after.cluster).toMatchObject({ status: before.cluster.status, nodeCount: before.cluster.nodeCount, resourceVersion: before.cluster.resourceVersion, name: "bravo-secret-cluster" });
    expect((await api.query(ClusterTemplateDocument, { id: privateTemplate.id }, bToken)).clusterTemplate.name).toBe(privateTemplate.name);

    console.log(`cross-tenant matrix on ${database.label}: ${attempts} attempts, ${leaks.length} leaks${leaks.length ? `\n  ${leaks.join("\n  ")}` : ""}`);
    expect(leaks).toEqual([]);
  });
});
