// Cluster create (record only), reads, pagination, node/nodes and batching, over real HTTP on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClusterCreateDocument,
  ClusterDocument,
  ClustersDocument,
  ClustersNestedDocument,
  ClusterTemplateCreateDocument,
  NodeDocument,
  NodesDocument,
  OperationDocument,
  TemplatesWithClustersDocument,
  ViewerDocument,
  type ClusterCreateInput,
} from "../../src/client/generated/graphql.js";
import { DATABASES } from "../support/databases.js";
import { templateInput, uniqueName } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

describe.each(DATABASES)("clusters on $label", (database) => {
  let api: TestServer;
  let templateId: string;
  let lbTemplateId: string;
  let devicemapperTemplateId: string;

  async function newTemplate(overrides: Parameters<typeof templateInput>[0] = {}) {
    const data = await api.query(ClusterTemplateCreateDocument, { input: templateInput(overrides) });
    expect(data.clusterTemplateCreate.userErrors).toEqual([]);
    return data.clusterTemplateCreate.clusterTemplate!.id;
  }

  async function createCluster(input: Partial<ClusterCreateInput> = {}) {
    const data = await api.query(ClusterCreateDocument, { input: { clusterTemplateId: templateId, ...input } });
    return data.clusterCreate;
  }

  async function clusterCount(): Promise<number> {
    return (await api.query(ClustersDocument, { first: 1 })).clusters.totalCount;
  }

  beforeAll(async () => {
    // This suite is about records and reads, not progress: no operation is driven, so its ~80 creates
    // cost no CA keys (three RSA keys each, seconds of CPU on a loaded machine).
    api = await startTestServer(database, { TURNKEY_WORKER_CONCURRENCY: "0" });
    templateId = await newTemplate({ keypairId: "ops-key", fixedNetwork: "private-net", labels: [{ key: "kube_tag", value: "v1.30.4" }, { key: "availability_zone", value: "nova" }] });
    lbTemplateId = await newTemplate({ masterLbEnabled: true });
    devicemapperTemplateId = await newTemplate({ dockerStorageDriver: "DEVICEMAPPER", dockerVolumeSize: 5 });
  });
  afterAll(async () => {
    await api?.close();
  });

  it("records a cluster in CREATE_IN_PROGRESS with its default node groups and a pending operation", async () => {
    const payload = await createCluster({ name: uniqueName("strigazi-kube"), nodeCount: 3 });
    expect(payload.userErrors).toEqual([]);
    const cluster = payload.cluster!;
    expect(cluster).toMatchObject({
      status: "CREATE_IN_PROGRESS",
      healthStatus: "UNKNOWN",
      nodeCount: 3,
      masterCount: 1,
      createTimeout: 60,
      flavorId: "m2.medium",
      masterFlavorId: "m2.large",
      keypair: "ops-key",
      fixedNetwork: "private-net",
      floatingIpEnabled: true,
      masterLbEnabled: false,
      labels: [{ key: "kube_tag", value: "v1.30.4" }, { key: "availability_zone", value: "nova" }],
    });
    expect(cluster.template.id).toBe(templateId);
    expect(cluster.nodeGroups.totalCount).toBe(2);
    expect(cluster.nodeGroups.nodes.map((group) => [group.name, group.role, group.isDefault, group.nodeCount, group.flavorId])).toEqual([
      ["default-master", "master", true, 1, "m2.large"],
      ["default-worker", "worker", true, 3, "m2.medium"],
    ]);
    expect(payload.operation).toMatchObject({ type: "CLUSTER_CREATE", status: expect.stringMatching(/^(PENDING|RUNNING)$/) });
    expect(cluster.currentOperation?.id ?? payload.operation!.id).toBe(payload.operation!.id);
    const operation = await api.query(OperationDocument, { id: payload.operation!.id });
    expect(operation.operation.cluster?.id).toBe(cluster.id);
  });

  it("generates a valid name when none is given", async () => {
    const payload = await createCluster();
    expect(payload.userErrors).toEqual([]);
    expect(payload.cluster!.name).toMatch(/^k8s-[0-9a-f]{8}$/);
  });

  it("replaces the template's labels, or merges into them with mergeLabels", async () => {
    const replaced = await createCluster({ labels: [{ key: "kube_tag", value: "v1.31.1" }] });
    expect(replaced.cluster!.labels).toEqual([{ key: "kube_tag", value: "v1.31.1" }]);
    const merged = await createCluster({ labels: [{ key: "kube_tag", value: "v1.31.1" }, { key: "auto_healing_enabled", value: "true" }], mergeLabels: true });
    expect(merged.cluster!.labels).toEqual([
      { key: "kube_tag", value: "v1.31.1" },
      { key: "availability_zone", value: "nova" },
      { key: "auto_healing_enabled", value: "true" },
    ]);
  });

  it("accepts three masters with a load balancer", async () => {
    const payload = await createCluster({ clusterTemplateId: lbTemplateId, masterCount: 3 });
    expect(payload.userErrors).toEqual([]);
    expect(payload.cluster!.nodeGroups.nodes[0]).toMatchObject({ name: "default-master", nodeCount: 3 });
    const overridden = await createCluster({ masterCount: 3, masterLbEnabled: true });
    expect(overridden.userErrors).toEqual([]);
  });

  const refusals: [string, () => Partial<ClusterCreateInput>, string[], string][] = [
    ["a name starting with a digit", () => ({ name: "1cluster" }), ["name"], "BAD_USER_INPUT"],
    ["a name with a space", () => ({ name: "my cluster" }), ["name"], "BAD_USER_INPUT"],
    ["a name of 243 characters", () => ({ name: `a${"b".repeat(242)}` }), ["name"], "BAD_USER_INPUT"],
    ["a negative node count", () => ({ nodeCount: -1 }), ["nodeCount"], "BAD_USER_INPUT"],
    ["zero masters", () => ({ masterCount: 0 }), ["masterCount"], "BAD_USER_INPUT"],
    ["an even master count", () => ({ clusterTemplateId: lbTemplateId, masterCount: 2 }), ["masterCount"], "BAD_USER_INPUT"],
    ["three masters without a load balancer", () => ({ masterCount: 3 }), ["masterCount"], "BAD_USER_INPUT"],
    ["a negative create timeout", () => ({ createTimeout: -5 }), ["createTimeout"], "BAD_USER_INPUT"],
    ["a docker volume too small for devicemapper", () => ({ clusterTemplateId: devicemapperTemplateId, dockerVolumeSize: 2 }), ["dockerVolumeSize"], "BAD_USER_INPUT"],
    ["a duplicate label", () => ({ labels: [{ key: "a", value: "1" }, { key: "a", value: "2" }] }), ["labels", "1", "key"], "BAD_USER_INPUT"],
    ["mergeLabels without labels", () => ({ mergeLabels: true }), ["mergeLabels"], "BAD_USER_INPUT"],
    ["a discovery URL that is not a URL", () => ({ discoveryUrl: "not a url" }), ["discoveryUrl"], "BAD_USER_INPUT"],
    ["an unknown template", () => ({ clusterTemplateId: Buffer.from("ClusterTemplate:00000000-0000-4000-8000-00000000dead").toString("base64url") }), ["clusterTemplateId"], "NOT_FOUND"],
    ["a template id that is not an id", () => ({ clusterTemplateId: "nonsense" }), ["clusterTemplateId"], "BAD_USER_INPUT"],
    ["an unknown project", () => ({ projectId: Buffer.from("Project:00000000-0000-4000-8000-00000000beef").toString("base64url") }), ["projectId"], "NOT_FOUND"],
  ];

  it.each(refusals)("refuses %s with a userError and writes nothing", async (_title, overrides, field, code) => {
    const before = await clusterCount();
    const payload = await createCluster(overrides());
    expect(payload.cluster).toBeNull();
    expect(payload.operation).toBeNull();
    expect(payload.userErrors).toEqual([expect.objectContaining({ code, field })]);
    expect(await clusterCount()).toBe(before);
  });

  it("refuses a second cluster with the same name in the project with CONFLICT", async () => {
    const name = uniqueName("twin");
    expect((await createCluster({ name })).userErrors).toEqual([]);
    const before = await clusterCount();
    expect((await createCluster({ name })).userErrors).toEqual([expect.objectContaining({ code: "CONFLICT", field: ["name"] })]);
    expect(await clusterCount()).toBe(before);
  });

  it("creates one cluster for concurrent requests with the same requestId", async () => {
    const requestId = uniqueName("retry");
    const name = uniqueName("idempotent");
    const before = await clusterCount();
    const results = await Promise.all([1, 2, 3].map(() => createCluster({ name, requestId })));
    const ids = new Set(results.map((result) => result.cluster?.id));
    expect(results.flatMap((result) => result.userErrors)).toEqual([]);
    expect(ids.size).toBe(1);
    expect(results[0]!.operation?.requestId).toBe(requestId);
    expect(await clusterCount()).toBe(before + 1);
  });

  it("pages with stable cursors while rows are inserted, forwards and backwards", async () => {
    const prefix = uniqueName("page");
    for (let index = 0; index < 7; index += 1) await createCluster({ name: `${prefix}-${String(index).padStart(2, "0")}` });
    const filter = { nameContains: prefix };
    const orderBy = { field: "NAME" as const, direction: "ASC" as const };
    const first = await api.query(ClustersDocument, { first: 3, filter, orderBy });
    expect(first.clusters.edges.map((edge) => edge.node.name)).toEqual(["00", "01", "02"].map((suffix) => `${prefix}-${suffix}`));
    expect(first.clusters.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.clusters.totalCount).toBe(7);
    // An insert before the cursor must not shift the next page.
    await createCluster({ name: `${prefix}-00a` });
    const second = await api.query(ClustersDocument, { first: 3, after: first.clusters.pageInfo.endCursor, filter, orderBy });
    expect(second.clusters.edges.map((edge) => edge.node.name)).toEqual(["03", "04", "05"].map((suffix) => `${prefix}-${suffix}`));
    const back = await api.query(ClustersDocument, { last: 2, before: second.clusters.pageInfo.startCursor, filter, orderBy });
    expect(back.clusters.edges.map((edge) => edge.node.name)).toEqual(["01", "02"].map((suffix) => `${prefix}-${suffix}`));
    expect(back.clusters.pageInfo.hasPreviousPage).toBe(true);
    const newestFirst = await api.query(ClustersDocument, { first: 2, filter });
    expect(newestFirst.clusters.edges[0]!.node.name).toBe(`${prefix}-00a`);
  });

  it("refuses page sizes outside 1–100 and foreign cursors", async () => {
    for (const first of [0, 101]) {
      const response = await api.request(ClustersDocument, { first });
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: ["first"] });
    }
    const byName = await api.query(ClustersDocument, { first: 1, orderBy: { field: "NAME", direction: "ASC" } });
    const response = await api.request(ClustersDocument, { first: 1, after: byName.clusters.pageInfo.endCursor });
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const garbage = await api.request(ClustersDocument, { first: 1, after: "%%%" });
    expect(garbage.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("filters by status, template and COE", async () => {
    const swarmTemplate = await newTemplate({ coe: "SWARM_MODE", networkDriver: "docker", labels: [] });
    const swarm = await createCluster({ clusterTemplateId: swarmTemplate, name: uniqueName("swarm") });
    const bySwarm = await api.query(ClustersDocument, { filter: { coe: "SWARM_MODE" } });
    expect(bySwarm.clusters.edges.map((edge) => edge.node.id)).toEqual([swarm.cluster!.id]);
    const byTemplate = await api.query(ClustersDocument, { filter: { clusterTemplateId: swarmTemplate } });
    expect(byTemplate.clusters.totalCount).toBe(1);
    const byStatus = await api.query(ClustersDocument, { filter: { status: ["CREATE_COMPLETE", "CREATE_IN_PROGRESS"] } });
    expect(byStatus.clusters.totalCount).toBe(await clusterCount());
    const none = await api.query(ClustersDocument, { filter: { status: ["ROLLBACK_FAILED"] } });
    expect(none.clusters.totalCount).toBe(0);
  });

  it("resolves node and nodes by opaque global id, null for unknown ids", async () => {
    const created = (await createCluster({ name: uniqueName("node") })).cluster!;
    const node = await api.query(NodeDocument, { id: created.id });
    expect(node.node).toMatchObject({ __typename: "Cluster", id: created.id, name: created.name });
    const group = await api.query(NodeDocument, { id: created.nodeGroups.nodes[0]!.id });
    expect(group.node).toMatchObject({ __typename: "NodeGroup", name: "default-master" });
    const many = await api.query(NodesDocument, { ids: [templateId, "bogus", created.id] });
    expect(many.nodes.map((entry) => entry?.__typename ?? null)).toEqual(["ClusterTemplate", null, "Cluster"]);
    const missing = await api.request(ClusterDocument, { id: Buffer.from("Cluster:00000000-0000-4000-8000-000000000000").toString("base64url") });
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const viewer = await api.query(ViewerDocument);
    expect(viewer.viewer).toMatchObject({ user: { name: "admin" }, isGlobalAdmin: true });
  });

  it("costs the same number of SQL statements for 50 nested clusters as for 5", async () => {
    const nestedTemplate = await newTemplate();
    for (let index = 0; index < 50; index += 1) await createCluster({ clusterTemplateId: nestedTemplate, name: uniqueName("nested") });
    const small = await api.request(ClustersNestedDocument, { first: 5 });
    const large = await api.request(ClustersNestedDocument, { first: 50 });
    expect(small.errors).toBeUndefined();
    expect(large.data?.clusters.nodes).toHaveLength(50);
    expect(large.data?.clusters.nodes.every((cluster) => cluster.nodeGroups.totalCount === 2 && cluster.template.id.length > 0)).toBe(true);
    // Page, project, template, node groups and operations: one statement each, whatever the page size.
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
    expect(large.extensions?.sqlStatements).toBeLessThanOrEqual(5);

    const templatesSmall = await api.request(TemplatesWithClustersDocument, { first: 2, clustersFirst: 2 });
    const templatesLarge = await api.request(TemplatesWithClustersDocument, { first: 20, clustersFirst: 50 });
    expect(templatesLarge.errors).toBeUndefined();
    expect(templatesLarge.extensions?.sqlStatements).toBe(templatesSmall.extensions?.sqlStatements);
    const withFifty = templatesLarge.data!.clusterTemplates.nodes.find((template) => template.id === nestedTemplate)!;
    expect(withFifty.clusters.totalCount).toBe(50);
    expect(withFifty.clusters.nodes).toHaveLength(50);
  });

  it("answers UNAUTHENTICATED without a token or with a wrong one, and never a stack trace", async () => {
    for (const token of [null, "wrong-token"]) {
      const response = await api.request(ClustersDocument, { first: 1 }, token);
      expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(response.data ?? null).toBeNull();
    }
    const malformed = await api.raw("{not json", { authorization: "Bearer x" });
    expect(malformed.status).toBe(400);
    expect(malformed.body).not.toMatch(/at .*\.js|stack/i);
    const invalid = await api.raw(JSON.stringify({ query: "{ clusters { nope } }" }), { authorization: `Bearer test-admin-token-0123456789abcdef` });
    expect(JSON.parse(invalid.body).errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});
