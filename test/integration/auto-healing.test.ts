// Auto-healing and auto-scaling through the real server: a node made unhealthy is replaced, a node group scales within its bounds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES } from "../support/databases.js";
import { createCluster, createTemplate, startFastServer, waitForStatus } from "../support/lifecycle.js";
import type { TestServer } from "../support/server.js";
import { collect, wsClient } from "../support/subscriptions.js";
import { data, document } from "../support/untyped.js";

// From the cluster's first event ("0"): the autopilot may act before the stream is open.
const EVENTS = document(`subscription($clusterId: ID, $after: String) { clusterEvents(clusterId: $clusterId, after: $after) { cursor type status stage statusReason healthStatus details operation { id type } } }`);
const OPERATIONS = `query($filter: OperationFilter) { operations(filter: $filter) { nodes { id type status } } }`;
const STATE = `query($id: ID!) { cluster(id: $id) { status healthStatus nodeCount nodeGroups { nodes { name nodeCount minNodeCount maxNodeCount } } } }`;

describe.each(DATABASES)("auto-healing and auto-scaling on $label", (database) => {
  let api: TestServer;
  let templateId: string;

  beforeAll(async () => {
    api = await startFastServer(database, { TURNKEY_AUTOPILOT_INTERVAL_MS: "100" });
    templateId = await createTemplate(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  it("replaces an unhealthy node with a repair operation whose stages stream, and the cluster returns to HEALTHY", async () => {
    const cluster = await createCluster(api, templateId, { nodeCount: 2, labels: [{ key: "auto_healing_enabled", value: "true" }, { key: "turnkey.sim/unhealthy-node", value: "0" }] });
    const client = wsClient(api.url);
    try {
      const items = await collect(client, EVENTS, { clusterId: cluster.id, after: "0" }, (_item, all) => {
        const events = all.map((entry) => entry.clusterEvents);
        // Health is observed during the repair too: HEALTHY may come before or after the repair completes.
        const started = events.findIndex((event) => event.operation?.type === "CLUSTER_REPAIR");
        const repaired = events.some((event) => event.type === "STATUS_CHANGED" && event.status === "UPDATE_COMPLETE" && event.operation?.type === "CLUSTER_REPAIR");
        return repaired && started >= 0 && events.slice(started).some((event) => event.type === "HEALTH_CHANGED" && event.healthStatus === "HEALTHY");
      }, 20_000).done;
      const events = items.map((item) => item.clusterEvents);
      const unhealthy = events.findIndex((event) => event.type === "HEALTH_CHANGED" && event.healthStatus === "UNHEALTHY");
      const started = events.findIndex((event) => event.type === "STATUS_CHANGED" && event.status === "UPDATE_IN_PROGRESS" && event.operation?.type === "CLUSTER_REPAIR");
      expect(unhealthy).toBeGreaterThanOrEqual(0);
      expect(started).toBeGreaterThan(unhealthy);
      expect(events[started]!.statusReason).toMatch(/^Auto-healing: replacing unhealthy node .+-node-0 of default-worker$/);
      const repairStages = events.filter((event) => event.type === "PROGRESS" && event.operation?.type === "CLUSTER_REPAIR" && event.details.stageStatus === "DONE").map((event) => event.stage);
      expect(repairStages).toEqual(["drain:default-worker", "remove:default-worker", "scale:default-worker", "join:default-worker"]);
    } finally {
      await client.dispose();
    }
    const state = await data(api, STATE, { id: cluster.id });
    expect(state.cluster).toMatchObject({ status: "UPDATE_COMPLETE", healthStatus: "HEALTHY", nodeCount: 2 });
    const repairs = await data(api, OPERATIONS, { filter: { clusterId: cluster.id, type: ["CLUSTER_REPAIR"] } });
    expect(repairs.operations.nodes).toEqual([expect.objectContaining({ status: "SUCCEEDED" })]);
  });

  it("scales a node group up to max_node_count and another down to min_node_count on the simulated load signal", async () => {
    const scaling = (min: number, max: number, demand: number) => [
      { key: "auto_scaling_enabled", value: "true" },
      { key: "min_node_count", value: String(min) },
      { key: "max_node_count", value: String(max) },
      { key: "turnkey.sim/demand", value: String(demand) },
    ];
    const busy = await createCluster(api, templateId, { nodeCount: 1, labels: scaling(1, 3, 10) });
    const idle = await createCluster(api, templateId, { nodeCount: 3, labels: scaling(2, 4, 0) });
    for (const [cluster, wanted] of [[busy, 3], [idle, 2]] as const) {
      const events = await collectUntil(api, cluster.id, (event) => event.type === "STATUS_CHANGED" && event.status === "UPDATE_COMPLETE" && event.operation?.type === "CLUSTER_RESIZE");
      expect(events.find((event) => event.status === "UPDATE_IN_PROGRESS")?.statusReason).toMatch(new RegExp(`^Auto-scaling default-worker (up|down) to ${wanted} nodes`));
      const state = await data(api, STATE, { id: cluster.id });
      const worker = state.cluster.nodeGroups.nodes.find((group: { name: string }) => group.name === "default-worker");
      expect(worker).toMatchObject({ nodeCount: wanted, minNodeCount: cluster === busy ? 1 : 2, maxNodeCount: cluster === busy ? 3 : 4 });
    }
    // Bounds hold for people too: a resize past max_node_count is refused.
    const refused = await data(api, `mutation($input: ClusterUpdateInput!) { clusterUpdate(input: $input) { userErrors { code field } } }`, { input: { id: busy.id, nodeCount: 4 } });
    expect(refused.clusterUpdate.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: ["nodeCount"] })]);
    await waitForStatus(api, busy.id, ["UPDATE_COMPLETE"]);
  });
});

interface StreamedEvent {
  type: string;
  status: string | null;
  statusReason: string | null;
  operation: { type: string } | null;
}

async function collectUntil(api: TestServer, clusterId: string, until: (event: StreamedEvent) => boolean) {
  const client = wsClient(api.url);
  try {
    const items = await collect(client, EVENTS, { clusterId, after: "0" }, (item) => until(item.clusterEvents), 20_000).done;
    return items.map((item) => item.clusterEvents);
  } finally {
    await client.dispose();
  }
}
