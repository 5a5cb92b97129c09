// Magnum's rules where Magnum has them, through the real server: ids, upgrades, labels, truthful states.
import { waitUntil } from "../support/wait.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES } from "../support/databases.js";
import { createCluster, createTemplate, eventsUntil, startFastServer, waitForStatus } from "../support/lifecycle.js";
import type { TestServer } from "../support/server.js";
import { collect, wsClient } from "../support/subscriptions.js";
import { data, document, send, unknownId } from "../support/untyped.js";

const CLUSTER_UPDATE = `mutation($input: ClusterUpdateInput!) { clusterUpdate(input: $input) { cluster { id } userErrors { code field message } } }`;
const CLUSTER_UPGRADE = `mutation($input: ClusterUpgradeInput!) { clusterUpgrade(input: $input) { operation { id } userErrors { code field message } } }`;
const CERTIFICATE_SIGN = `mutation($input: CertificateSignInput!) { certificateSign(input: $input) { userErrors { code field message } } }`;
const CLUSTER = `query($id: ID!) { cluster(id: $id) { id status statusReason coeVersion labels { key value } nodeGroups { nodes { name version } } } }`;

const EVENTS = document(`subscription($clusterId: ID, $after: String) { clusterEvents(clusterId: $clusterId, after: $after) { cursor type status stage statusReason } }`);

describe.each(DATABASES)("lifecycle fidelity on $label", (database) => {
  let api: TestServer;
  let templateId: string;

  beforeAll(async () => {
    api = await startFastServer(database);
    templateId = await createTemplate(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  describe("one voice for ids", () => {
    it("answers every unknown id with NOT_FOUND 'no such <type>' and every malformed id with BAD_USER_INPUT on its field", async () => {
      const missingCluster = unknownId("Cluster");
      const update = await data(api, CLUSTER_UPDATE, { input: { id: missingCluster, nodeCount: 2 } });
      expect(update.clusterUpdate.userErrors).toEqual([{ code: "NOT_FOUND", field: ["id"], message: "no such cluster" }]);
      const sign = await data(api, CERTIFICATE_SIGN, { input: { clusterId: missingCluster, csr: "x" } });
      expect(sign.certificateSign.userErrors).toEqual([{ code: "NOT_FOUND", field: ["clusterId"], message: "no such cluster" }]);
      const read = await send(api, CLUSTER, { id: missingCluster });
      expect(read.errors?.[0]).toMatchObject({ message: "no such cluster", extensions: { code: "NOT_FOUND" } });
      const operation = await send(api, `query($id: ID!) { operation(id: $id) { id } }`, { id: unknownId("Operation") });
      expect(operation.errors?.[0]).toMatchObject({ message: "no such operation", extensions: { code: "NOT_FOUND" } });

      const cluster = await createCluster(api, templateId);

      for (const malformed of ["garbage", cluster.operationId]) {
        const refused = await data(api, CLUSTER_UPDATE, { input: { id: malformed, nodeCount: 2 } });
        expect(refused.clusterUpdate.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: ["id"] })]);
        const query = await send(api, CLUSTER, { id: malformed });
        expect(query.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: ["id"] });
      }
      const filter = await send(api, `{ clusters(filter: { projectId: "garbage" }) { totalCount } }`);
      expect(filter.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: ["filter", "projectId"] });

      // The same voice over graphql-ws.
      const client = wsClient(api.url);
      try {
        await expect(collect(client, EVENTS, { clusterId: missingCluster }, () => true, 10_000).done).rejects.toMatchObject({ errors: [expect.objectContaining({ message: "no such cluster", extensions: expect.objectContaining({ code: "NOT_FOUND" }) })] });
        await expect(collect(client, EVENTS, { clusterId: "garbage" }, () => true, 10_000).done).rejects.toMatchObject({ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: ["clusterId"] }) })] });
      } finally {
        await client.dispose();
      }
      await waitForStatus(api, cluster.id, ["CREATE_COMPLETE"]);
      const upgrade = await data(api, CLUSTER_UPGRADE, { input: { id: cluster.id, clusterTemplateId: unknownId("ClusterTemplate") } });
      expect(upgrade.clusterUpgrade.userErrors).toEqual([{ code: "NOT_FOUND", field: ["clusterTemplateId"], message: "no such cluster template" }]);
    });
  });

  describe("upgrades as Magnum's", () => {
    it("refuses a target template that differs in what cannot change in place, naming every field, and changes nothing", async () => {
      const cluster = await createCluster(api, templateId);
      await waitForStatus(api, cluster.id, ["CREATE_COMPLETE"]);
      const other = await createTemplate(api, { networkDriver: "calico", tlsDisabled: true, masterLbEnabled: true, clusterDistro: "ubuntu", labels: [{ key: "kube_tag", value: "v1.31.1" }] });
      const refused = await data(api, CLUSTER_UPGRADE, { input: { id: cluster.id, clusterTemplateId: other } });
      const messages = refused.clusterUpgrade.userErrors.map((error: { code: string; field: string[]; message: string }) => {
        expect(error).toMatchObject({ code: "BAD_USER_INPUT", field: ["clusterTemplateId"] });
        return error.message.split(" ")[0];
      });
      expect(messages.sort()).toEqual(["clusterDistro", "masterLbEnabled", "networkDriver", "tlsDisabled"]);
      const older = await createTemplate(api, { labels: [{ key: "kube_tag", value: "v1.29.0" }] });
      const downgrade = await data(api, CLUSTER_UPGRADE, { input: { id: cluster.id, clusterTemplateId: older } });
      expect(downgrade.clusterUpgrade.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", message: expect.stringContaining("older") })]);
      const untagged = await createTemplate(api, { labels: [] });
      const noVersion = await data(api, CLUSTER_UPGRADE, { input: { id: cluster.id, clusterTemplateId: untagged } });
      expect(noVersion.clusterUpgrade.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", message: expect.stringContaining("kube_tag") })]);
      const state = await data(api, CLUSTER, { id: cluster.id });
      expect(state.cluster).toMatchObject({ status: "CREATE_COMPLETE", coeVersion: "v1.30.4" });
    });

    it("accepts a newer kube_tag: afterwards the labels, coeVersion and every node group's version agree", async () => {
      const cluster = await createCluster(api, templateId);
      await waitForStatus(api, cluster.id, ["CREATE_COMPLETE"]);
      const newer = await createTemplate(api, { labels: [{ key: "kube_tag", value: "v1.31.1" }, { key: "prometheus_monitoring", value: "true" }] });
      const accepted = await data(api, CLUSTER_UPGRADE, { input: { id: cluster.id, clusterTemplateId: newer, maxBatchSize: 2 } });
      expect(accepted.clusterUpgrade.userErrors).toEqual([]);
      const events = await eventsUntil(api, cluster.id, ["UPDATE_COMPLETE", "UPDATE_FAILED"]);
      expect(events.at(-1)?.status).toBe("UPDATE_COMPLETE");
      const state = await data(api, `query($id: ID!) { cluster(id: $id) { coeVersion labels { key value } template { id } nodeGroups { nodes { name version labels { key value } } } } }`, { id: cluster.id });
      const kubeTag = (labels: { key: string; value: string }[]) => labels.find((label) => label.key === "kube_tag")?.value;
      expect(state.cluster).toMatchObject({ coeVersion: "v1.31.1", template: { id: newer } });
      expect(kubeTag(state.cluster.labels)).toBe("v1.31.1");
      for (const group of state.cluster.nodeGroups.nodes) {
        expect([group.name, group.version, kubeTag(group.labels)]).toEqual([group.name, "v1.31.1", "v1.31.1"]);
      }
    });
  });

  describe("the label catalogue", () => {
    const CREATE = `mutation($input: ClusterCreateInput!) { clusterCreate(input: $input) { cluster { id labels { key value } } userErrors { code field message } } }`;
    const TEMPLATE = `mutation($input: ClusterTemplateCreateInput!) { clusterTemplateCreate(input: $input) { clusterTemplate { id labels { key value } } userErrors { code field message } } }`;
    // [label, value, refused with a message matching, or null when accepted]
    const table: [string, string, RegExp | null][] = [
      ["kube_tag", "v1.31.0", null],
      ["kube_tag", "banana", /version/],
      ["master_lb_enabled", "maybe", /"true" or "false"/],
      ["docker_volume_size", "-4", /at least 1/],
      ["etcd_volume_size", "10", null],
      ["flannel_backend", "gre", /one of "udp", "vxlan", "host-gw"/],
      ["ingress_controller", "nginx", null],
      ["auto_healing_enabled", "true", null],
      ["availability_zone", "nova", null],
      ["example.org/owner", "team-a", null],
      ["turnkey.sim/fail-stage", "nosuchstage", /no stage "nosuchstage"/],
      ["turnkey.sim/hang-stage", "upgrade:default-worker", null],
      ["turnkey.sim/failure-rate", "7", /at most 1/],
      ["turnkey.sim/failure-rate", "0", null],
      ["turnkey.sim/unhealthy-node", "99", /no node 99/],
      ["turnkey.sim/unhealthy-node", "0", null],
    ];

    it("validates known labels with a field path into labels, and passes unknown ones through", async () => {
      // Templates take the same labels and start no work, so they carry the table; node indexes need a cluster's node count.
      for (const [key, value, refusal] of table) {
        const labels = [{ key: "kube_dashboard_enabled", value: "false" }, { key, value }];
        const byCluster = key === "turnkey.sim/unhealthy-node";
        const created = byCluster
          ? (await data(api, CREATE, { input: { clusterTemplateId: templateId, nodeCount: 1, labels } })).clusterCreate
          : (await data(api, TEMPLATE, { input: { coe: "KUBERNETES", imageId: "fedora-coreos-40", labels } })).clusterTemplateCreate;
        if (refusal === null) {
          expect(created.userErrors, `${key}=${value}`).toEqual([]);
          expect((created.cluster ?? created.clusterTemplate).labels).toContainEqual({ key, value });
        } else {
          expect(created.userErrors, `${key}=${value}`).toEqual([{ code: "BAD_USER_INPUT", field: ["labels", "1", "value"], message: expect.stringMatching(refusal) }]);
        }
      }
      const cluster = await data(api, CREATE, { input: { clusterTemplateId: templateId, labels: [{ key: "kube_tag", value: "banana" }] } });
      expect(cluster.clusterCreate.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: ["labels", "0", "value"] })]);
      const bounds = await data(api, CREATE, { input: { clusterTemplateId: templateId, labels: [{ key: "min_node_count", value: "3" }, { key: "max_node_count", value: "2" }] } });
      expect(bounds.clusterCreate.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: ["labels", "1", "value"] })]);
    });

    it("serves the catalogue as labelDefinitions, with Magnum's types and defaults and the fault-injection labels", async () => {
      const served = await data(api, `{ labelDefinitions { key kind defaultValue allowedValues minimum maximum source } }`);
      const byKey = new Map(served.labelDefinitions.map((definition: { key: string }) => [definition.key, definition]));
      expect(byKey.get("kube_tag")).toMatchObject({ kind: "VERSION", source: "magnum" });
      expect(byKey.get("flannel_backend")).toMatchObject({ kind: "ENUM", allowedValues: ["udp", "vxlan", "host-gw"], defaultValue: "vxlan" });
      expect(byKey.get("auto_scaling_enabled")).toMatchObject({ kind: "BOOLEAN", defaultValue: "false" });
      expect(byKey.get("turnkey.sim/failure-rate")).toMatchObject({ kind: "NUMBER", minimum: 0, maximum: 1, source: "turnkey.sim" });
      const simulated = await data(api, `{ labelDefinitions(source: "turnkey.sim") { key } }`);
      expect(simulated.labelDefinitions.map((definition: { key: string }) => definition.key).sort()).toEqual(["turnkey.sim/demand", "turnkey.sim/fail-stage", "turnkey.sim/failure-rate", "turnkey.sim/hang-stage", "turnkey.sim/unhealthy-node"]);
      const anonymous = await send(api, `{ labelDefinitions { key } }`, {}, null);
      expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });
  });

  describe("states that tell the truth", () => {
    const CREDENTIALS = `mutation($input: ClusterCredentialsCreateInput!) { clusterCredentialsCreate(input: $input) { kubeconfig userErrors { code field message } } }`;
    const DELETE = `mutation($input: ClusterDeleteInput!) { clusterDelete(input: $input) { operation { id } userErrors { code field message } } }`;

    it("refuses a kubeconfig for a cluster whose create failed, with the reason", async () => {
      const cluster = await createCluster(api, templateId, { labels: [{ key: "turnkey.sim/fail-stage", value: "coredns" }] });
      const failed = await waitForStatus(api, cluster.id, ["CREATE_FAILED", "CREATE_COMPLETE"]);
      expect(failed!.status).toBe("CREATE_FAILED");
      const refused = await data(api, CREDENTIALS, { input: { clusterId: cluster.id, role: "ADMIN" } });
      expect(refused.clusterCredentialsCreate).toEqual({ kubeconfig: null, userErrors: [{ code: "INVALID_STATE", field: ["clusterId"], message: expect.stringContaining("create failed") }] });
    });

    it("names the running stage in statusReason, stage by stage", async () => {
      const cluster = await createCluster(api, templateId, { nodeCount: 1, labels: [{ key: "turnkey.sim/hang-stage", value: "coredns" }] });
      const client = wsClient(api.url);
      try {
        // The create hangs at coredns, its last stage: every earlier stage has named itself by then.
        const items = await collect(client, EVENTS, { clusterId: cluster.id }, (_item, all) => {
          const events = all.map((entry) => entry.clusterEvents);
          return events.some((event) => event.type === "PROGRESS" && event.stage === "coredns");
        }, 20_000).done;
        const reasons = [...new Set(items.map((item) => item.clusterEvents).filter((event) => event.type === "PROGRESS").map((event) => event.statusReason))];
        expect(reasons.every((reason) => /^Creating: .+ \(stage \d of 7\)$/.test(reason))).toBe(true);
        const numbers = reasons.map((reason) => Number(/stage (\d)/.exec(reason)![1]));
        expect(numbers).toEqual([...numbers].sort());
        expect(numbers.length).toBeGreaterThanOrEqual(2);
        expect(reasons.at(-1)).toBe("Creating: Deploying CoreDNS (stage 7 of 7)");
        const state = await data(api, `query($id: ID!) { cluster(id: $id) { status statusReason healthStatus } }`, { id: cluster.id });
        expect(state.cluster).toMatchObject({ status: "CREATE_IN_PROGRESS", statusReason: "Creating: Deploying CoreDNS (stage 7 of 7)" });
      } finally {
        await client.dispose();
      }
      await data(api, DELETE, { input: { id: cluster.id } });
      await waitForStatus(api, cluster.id, ["GONE"]);
    });

    it("completes every stream of a cluster after its DELETED event, live and replayed; without after a deleted cluster is NOT_FOUND", async () => {
      const cluster = await createCluster(api, templateId);
      await waitForStatus(api, cluster.id, ["CREATE_COMPLETE"]);
      const client = wsClient(api.url);
      try {
        // Never satisfied: only the server's completion ends these collections before their timeout.
        const live = collect(client, EVENTS, { clusterId: cluster.id }, () => false, 20_000);
        // Subscribed once the create's events replay; only then is the delete sure to be seen live.
        await waitUntil(() => live.items.length > 0, "the subscription's first item");
        await data(api, DELETE, { input: { id: cluster.id } });
        const streamed = (await live.done).map((item) => item.clusterEvents);
        expect(streamed.at(-1)).toMatchObject({ type: "DELETED", status: "DELETE_COMPLETE" });
        const first = streamed[0]!.cursor;
        const replayed = (await collect(client, EVENTS, { clusterId: cluster.id, after: first }, () => false, 20_000).done).map((item) => item.clusterEvents);
        expect(replayed.at(-1)).toMatchObject({ type: "DELETED" });
        expect(replayed.filter((event) => event.type === "DELETED")).toHaveLength(1);
        await expect(collect(client, EVENTS, { clusterId: cluster.id }, () => false, 10_000).done).rejects.toMatchObject({ errors: [expect.objectContaining({ message: "no such cluster", extensions: expect.objectContaining({ code: "NOT_FOUND" }) })] });
      } finally {
        await client.dispose();
      }
    });
  });
});
