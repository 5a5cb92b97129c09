// Cluster template mutations and queries over real HTTP, on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClusterCreateDocument,
  ClusterTemplateCreateDocument,
  ClusterTemplateDeleteDocument,
  ClusterTemplateDocument,
  ClusterTemplatesDocument,
  ClusterTemplateUpdateDocument,
  type ClusterTemplateCreateInput,
} from "../../src/client/generated/graphql.js";
import { DATABASES } from "../support/databases.js";
import { templateInput, uniqueName } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

describe.each(DATABASES)("cluster templates on $label", (database) => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer(database);
  });
  afterAll(async () => {
    await api?.close();
  });

  async function templateCount(): Promise<number> {
    const data = await api.query(ClusterTemplatesDocument, { first: 1 });
    return data.clusterTemplates.totalCount;
  }

  async function create(input: ClusterTemplateCreateInput) {
    const data = await api.query(ClusterTemplateCreateDocument, { input });
    return data.clusterTemplateCreate;
  }

  it("creates a template with Magnum's defaults", async () => {
    const payload = await create({ name: uniqueName("minimal"), coe: "KUBERNETES", imageId: "fedora-coreos-38" });
    expect(payload.userErrors).toEqual([]);
    const template = payload.clusterTemplate!;
    expect(template).toMatchObject({
      coe: "KUBERNETES",
      serverType: "VM",
      networkDriver: "flannel",
      dockerStorageDriver: "OVERLAY2",
      floatingIpEnabled: true,
      tlsDisabled: false,
      public: false,
      hidden: false,
      registryEnabled: false,
      masterLbEnabled: false,
      dnsNameserver: "8.8.8.8",
      labels: [],
      tags: [],
      resourceVersion: 1,
    });
    expect(template.project?.name).toBe("admin");
    const read = await api.query(ClusterTemplateDocument, { id: template.id });
    expect(read.clusterTemplate.name).toBe(template.name);
  });

  it("keeps every field of the seed's template table, labels in order", async () => {
    const input = templateInput({
      clusterDistro: "fedora-atomic",
      keypairId: "strigazi-lxplus",
      serverType: "BM",
      volumeDriver: "cinder",
      dockerVolumeSize: 20,
      externalNetworkId: "public",
      fixedNetwork: "private",
      fixedSubnet: "10.0.0.0/24",
      dnsNameserver: "137.138.17.5",
      apiserverPort: 6443,
      httpProxy: "http://proxy.example:3128",
      httpsProxy: "https://proxy.example:3129",
      noProxy: "localhost,127.0.0.1",
      registryEnabled: true,
      insecureRegistry: "registry.example:5000",
      tlsDisabled: true,
      floatingIpEnabled: false,
      masterLbEnabled: true,
      tags: ["production", "cern"],
      labels: [
        { key: "kube_tag", value: "v1.11.2-1" },
        { key: "flannel_backend", value: "vxlan" },
        { key: "availability-zone", value: "cern-geneva-a" },
      ],
    });
    const payload = await create(input);
    expect(payload.userErrors).toEqual([]);
    const { name, labels, tags, ...rest } = input;
    expect(payload.clusterTemplate).toMatchObject({ ...rest, name, labels, tags });
  });

  const refusals: [string, Partial<ClusterTemplateCreateInput>, string[], string][] = [
    ["an unsupported network driver", { networkDriver: "weave" }, ["networkDriver"], "BAD_USER_INPUT"],
    ["cilium while the operator has not enabled it", { networkDriver: "cilium" }, ["networkDriver"], "BAD_USER_INPUT"],
    ["an apiserver port below 1024", { apiserverPort: 80 }, ["apiserverPort"], "BAD_USER_INPUT"],
    ["an apiserver port above 65535", { apiserverPort: 70000 }, ["apiserverPort"], "BAD_USER_INPUT"],
    ["a docker volume of 0", { dockerVolumeSize: 0 }, ["dockerVolumeSize"], "BAD_USER_INPUT"],
    ["devicemapper with a 2 GB volume", { dockerStorageDriver: "DEVICEMAPPER", dockerVolumeSize: 2 }, ["dockerVolumeSize"], "BAD_USER_INPUT"],
    ["overlay with a docker volume on Kubernetes", { dockerStorageDriver: "OVERLAY", dockerVolumeSize: 10 }, ["dockerVolumeSize"], "BAD_USER_INPUT"],
    ["a volume driver the COE does not support", { volumeDriver: "rexray" }, ["volumeDriver"], "BAD_USER_INPUT"],
    ["an empty image", { imageId: "  " }, ["imageId"], "BAD_USER_INPUT"],
    ["a DNS server that is not an address", { dnsNameserver: "dns.example" }, ["dnsNameserver"], "BAD_USER_INPUT"],
    ["a proxy that is not a URL", { httpProxy: "proxy:3128" }, ["httpProxy"], "BAD_USER_INPUT"],
    ["a label key with spaces", { labels: [{ key: "kube tag", value: "v1" }] }, ["labels", "0", "key"], "BAD_USER_INPUT"],
    ["an empty label key", { labels: [{ key: "", value: "v1" }] }, ["labels", "0", "key"], "BAD_USER_INPUT"],
    ["a duplicate label key", { labels: [{ key: "kube_tag", value: "v1.30.0" }, { key: "kube_tag", value: "v1.30.1" }] }, ["labels", "1", "key"], "BAD_USER_INPUT"],
    ["a boolean label that is not a boolean", { labels: [{ key: "kube_dashboard_enabled", value: "yes" }] }, ["labels", "0", "value"], "BAD_USER_INPUT"],
    ["repeated tags", { tags: ["a", "a"] }, ["tags"], "BAD_USER_INPUT"],
    ["a COE the driver does not provide", { coe: "MESOS", networkDriver: "docker" }, ["coe"], "NOT_SUPPORTED"],
    ["a distro the driver does not provide", { clusterDistro: "coreos-classic" }, ["clusterDistro"], "NOT_SUPPORTED"],
  ];

  it.each(refusals)("refuses %s with a userError and writes nothing", async (_title, overrides, field, code) => {
    const before = await templateCount();
    const payload = await create(templateInput(overrides));
    expect(payload.clusterTemplate).toBeNull();
    expect(payload.userErrors).toEqual([expect.objectContaining({ code, field })]);
    expect(payload.userErrors[0]!.message.length).toBeGreaterThan(10);
    expect(await templateCount()).toBe(before);
  });

  it("refuses a coe that is not one of the enum with a top-level BAD_USER_INPUT", async () => {
    const response = await api.request(ClusterTemplateCreateDocument, { input: { ...templateInput(), coe: "NOMAD" as never } });
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(response)).not.toMatch(/stack|at \w+ \(/);
  });

  it("refuses a missing imageId before anything runs", async () => {
    const response = await api.request(ClusterTemplateCreateDocument, { input: { coe: "KUBERNETES" } as never });
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("refuses a duplicate name in the project with CONFLICT", async () => {
    const name = uniqueName("dup");
    expect((await create(templateInput({ name }))).userErrors).toEqual([]);
    const second = await create(templateInput({ name }));
    expect(second.userErrors).toEqual([expect.objectContaining({ code: "CONFLICT", field: ["name"] })]);
  });

  it("allows cilium when the operator enables it", async () => {
    const enabled = await startTestServer(database, { TURNKEY_CILIUM_ENABLED: "1" });
    try {
      const data = await enabled.query(ClusterTemplateCreateDocument, { input: templateInput({ networkDriver: "cilium" }) });
      expect(data.clusterTemplateCreate.userErrors).toEqual([]);
      expect(data.clusterTemplateCreate.clusterTemplate?.networkDriver).toBe("cilium");
    } finally {
      await enabled.close();
    }
  });

  it("updates any field of an unused template, bumps resourceVersion and honours expectedVersion", async () => {
    const template = (await create(templateInput())).clusterTemplate!;
    const updated = await api.query(ClusterTemplateUpdateDocument, {
      input: { id: template.id, expectedVersion: 1, imageId: "ubuntu-22.04", labels: [{ key: "kube_tag", value: "v1.31.0" }], apiserverPort: null },
    });
    expect(updated.clusterTemplateUpdate.userErrors).toEqual([]);
    expect(updated.clusterTemplateUpdate.clusterTemplate).toMatchObject({ imageId: "ubuntu-22.04", labels: [{ key: "kube_tag", value: "v1.31.0" }], resourceVersion: 2 });
    const stale = await api.query(ClusterTemplateUpdateDocument, { input: { id: template.id, expectedVersion: 1, name: uniqueName("stale") } });
    expect(stale.clusterTemplateUpdate.userErrors).toEqual([expect.objectContaining({ code: "CONFLICT", field: ["expectedVersion"] })]);
    const cleared = await api.query(ClusterTemplateUpdateDocument, { input: { id: template.id, imageId: null } });
    expect(cleared.clusterTemplateUpdate.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: ["imageId"] })]);
    const crossField = await api.query(ClusterTemplateUpdateDocument, { input: { id: template.id, dockerStorageDriver: "DEVICEMAPPER", dockerVolumeSize: 1 } });
    expect(crossField.clusterTemplateUpdate.userErrors).toEqual([expect.objectContaining({ field: ["dockerVolumeSize"] })]);
    const read = await api.query(ClusterTemplateDocument, { id: template.id });
    expect(read.clusterTemplate).toMatchObject({ imageId: "ubuntu-22.04", resourceVersion: 2, dockerStorageDriver: "OVERLAY2" });
  });

  it("lets a template in use change only name, public, hidden and tags, and refuses its deletion naming the clusters", async () => {
    const template = (await create(templateInput())).clusterTemplate!;
    const clusterName = uniqueName("user");
    const cluster = await api.query(ClusterCreateDocument, { input: { clusterTemplateId: template.id, name: clusterName } });
    expect(cluster.clusterCreate.userErrors).toEqual([]);

    const allowed = await api.query(ClusterTemplateUpdateDocument, { input: { id: template.id, name: uniqueName("renamed"), public: true, hidden: false, tags: ["kept"] } });
    expect(allowed.clusterTemplateUpdate.userErrors).toEqual([]);
    expect(allowed.clusterTemplateUpdate.clusterTemplate).toMatchObject({ public: true, tags: ["kept"] });

    const frozen = await api.query(ClusterTemplateUpdateDocument, { input: { id: template.id, imageId: "other", flavorId: "m1.tiny" } });
    expect(frozen.clusterTemplateUpdate.userErrors.map((error) => [error.code, error.field])).toEqual([
      ["CONFLICT", ["imageId"]],
      ["CONFLICT", ["flavorId"]],
    ]);
    expect(frozen.clusterTemplateUpdate.userErrors[0]!.message).toContain(clusterName);

    const deleted = await api.query(ClusterTemplateDeleteDocument, { input: { id: template.id } });
    expect(deleted.clusterTemplateDelete.userErrors).toEqual([expect.objectContaining({ code: "CONFLICT", field: ["id"] })]);
    expect(deleted.clusterTemplateDelete.userErrors[0]!.message).toContain(clusterName);
    expect((await api.query(ClusterTemplateDocument, { id: template.id })).clusterTemplate.imageId).toBe(template.imageId);
  });

  it("deletes an unused template, after which it is NOT_FOUND", async () => {
    const template = (await create(templateInput())).clusterTemplate!;
    const deleted = await api.query(ClusterTemplateDeleteDocument, { input: { id: template.id } });
    expect(deleted.clusterTemplateDelete).toEqual({ deletedClusterTemplateId: template.id, userErrors: [] });
    const read = await api.request(ClusterTemplateDocument, { id: template.id });
    expect(read.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const again = await api.query(ClusterTemplateDeleteDocument, { input: { id: template.id } });
    expect(again.clusterTemplateDelete.userErrors).toEqual([expect.objectContaining({ code: "NOT_FOUND", field: ["id"] })]);
  });

  it("answers BAD_USER_INPUT for ids that are not template ids, and NOT_FOUND for a template that does not exist", async () => {
    for (const id of ["garbage", Buffer.from("Cluster:00000000-0000-4000-8000-000000000001").toString("base64url")]) {
      const response = await api.query(ClusterTemplateUpdateDocument, { input: { id, name: "x" } });
      expect(response.clusterTemplateUpdate.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: ["id"] })]);
    }
    const missing = Buffer.from("ClusterTemplate:00000000-0000-4000-8000-000000000001").toString("base64url");
    const response = await api.query(ClusterTemplateUpdateDocument, { input: { id: missing, name: "x" } });
    expect(response.clusterTemplateUpdate.userErrors).toEqual([expect.objectContaining({ code: "NOT_FOUND", field: ["id"], message: "no such cluster template" })]);
  });

  it("replays a create sent twice with the same requestId, and refuses the requestId for another input", async () => {
    const input = templateInput({ requestId: uniqueName("request") });
    const first = await create(input);
    const second = await create(input);
    expect(second.clusterTemplate?.id).toBe(first.clusterTemplate?.id);
    const different = await create({ ...input, imageId: "another-image" });
    expect(different.userErrors).toEqual([expect.objectContaining({ code: "CONFLICT", field: ["requestId"] })]);
  });

  it("filters by name, name substring and COE, and orders by name both ways", async () => {
    const prefix = uniqueName("order");
    for (const suffix of ["b", "a", "c"]) await create(templateInput({ name: `${prefix}-${suffix}` }));
    await create(templateInput({ name: `${prefix}-swarm`, coe: "SWARM_MODE", networkDriver: "docker" }));
    const ascending = await api.query(ClusterTemplatesDocument, { filter: { nameContains: prefix, coe: "KUBERNETES" }, orderBy: { field: "NAME", direction: "ASC" } });
    expect(ascending.clusterTemplates.edges.map((edge) => edge.node.name)).toEqual(["a", "b", "c"].map((suffix) => `${prefix}-${suffix}`));
    expect(ascending.clusterTemplates.totalCount).toBe(3);
    const descending = await api.query(ClusterTemplatesDocument, { filter: { nameContains: prefix }, orderBy: { field: "NAME", direction: "DESC" } });
    expect(descending.clusterTemplates.edges.map((edge) => edge.node.name)).toEqual(["swarm", "c", "b", "a"].map((suffix) => `${prefix}-${suffix}`));
    const exact = await api.query(ClusterTemplatesDocument, { filter: { name: `${prefix}-swarm` } });
    expect(exact.clusterTemplates.edges.map((edge) => edge.node.coe)).toEqual(["SWARM_MODE"]);
  });
});
