// Every lifecycle path end to end through the real server: mutations over HTTP, the status stream over graphql-ws.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClusterCaRotateDocument,
  ClusterCreateDocument,
  ClusterDeleteDocument,
  ClusterEventsDocument,
  ClusterHistoryDocument,
  ClusterResizeDocument,
  ClusterRollbackDocument,
  ClusterStateDocument,
  ClusterUpdateDocument,
  ClusterUpgradeDocument,
  NodeGroupCreateDocument,
  NodeGroupDeleteDocument,
  NodeGroupUpdateDocument,
  OperationStateDocument,
} from "../../src/client/generated/graphql.js";
import { DATABASES } from "../support/databases.js";
import { uniqueName } from "../support/fixtures.js";
import { TestClock } from "../support/clock.js";
import { heldDriver, type HeldDriver } from "../support/held-driver.js";
import { createCluster, createTemplate, eventsUntil, expectOrderedAndUnique, FAST, startFastServer, waitForOperation, waitForStatus } from "../support/lifecycle.js";
import type { TestServer } from "../support/server.js";
import { collect, wsClient } from "../support/subscriptions.js";
import { waitForValue } from "../support/wait.js";

/** Real milliseconds per simulated minute at the FAST speed. */
const SIMULATED_MINUTE_MS = 60_000 / Number(FAST.TURNKEY_SIM_SPEED);

describe.each(DATABASES)("cluster lifecycle on $label", (database) => {
  let api: TestServer;
  let templateId: string;
  let held: HeldDriver;
  const clock = new TestClock();

  beforeAll(async () => {
    held = heldDriver(FAST, clock);
    api = await startFastServer(database, {}, { driver: held.driver, clock });
    templateId = await createTemplate(api, { labels: [{ key: "kube_tag", value: "v1.30.4" }, { key: "kube_dashboard_enabled", value: "true" }] });
  });
  afterAll(async () => {
    await api?.close();
  });

  it("creates a cluster: the stream shows CREATE_IN_PROGRESS, every stage with its percent, then CREATE_COMPLETE", async () => {
    const cluster = await createCluster(api, templateId, { name: uniqueName("demo"), nodeCount: 2, fixedSubnet: "192.168.10.0/24" });
    const events = await eventsUntil(api, cluster.id, ["CREATE_COMPLETE", "CREATE_FAILED"], { operationId: cluster.operationId });
    expectOrderedAndUnique(events);
    expect(events[0]).toMatchObject({ type: "STATUS_CHANGED", status: "CREATE_IN_PROGRESS", previousStatus: null });
    expect(events.at(-1)).toMatchObject({ type: "STATUS_CHANGED", status: "CREATE_COMPLETE", previousStatus: "CREATE_IN_PROGRESS", percent: 100 });
    const finished = events.filter((event) => event.type === "PROGRESS" && event.details.stageStatus === "DONE").map((event) => event.stage);
    expect(finished).toEqual(["network", "certificates", "masters", "etcd", "api-server", "workers", "coredns", "dashboard"]);
    const percents = events.filter((event) => event.percent !== null).map((event) => event.percent!);
    expect([...percents].sort((left, right) => left - right)).toEqual(percents);
    const state = await api.query(ClusterStateDocument, { id: cluster.id });
    expect(state.cluster).toMatchObject({ status: "CREATE_COMPLETE", statusReason: "Stack CREATE completed successfully", coeVersion: "v1.30.4", currentOperation: null });
    expect(state.cluster.apiAddress).toMatch(/^https:\/\/[\d.]+:6443$/);
    expect(state.cluster.nodeAddresses).toHaveLength(2);
    for (const address of [...state.cluster.masterAddresses, ...state.cluster.nodeAddresses]) expect(address).toMatch(/^192\.168\.10\./);
    expect(state.cluster.nodeGroups.nodes.map((group) => [group.name, group.status, group.version])).toEqual([
      ["default-master", "CREATE_COMPLETE", "v1.30.4"],
      ["default-worker", "CREATE_COMPLETE", "v1.30.4"],
    ]);
    const operation = await api.query(OperationStateDocument, { id: cluster.operationId });
    expect(operation.operation).toMatchObject({ status: "SUCCEEDED", progress: { percent: 100 }, error: null });
    // The same history, as pages of the cluster's recorded events, newest first.
    const firstPage = await api.query(ClusterHistoryDocument, { id: cluster.id, first: 5 });
    expect(firstPage.cluster.operations.nodes).toEqual([{ id: cluster.operationId, type: "CLUSTER_CREATE", status: "SUCCEEDED" }]);
    // (The health monitor may have recorded HEALTH_CHANGED since; compare up to CREATE_COMPLETE.)
    expect(firstPage.cluster.events.totalCount).toBeGreaterThanOrEqual(events.length);
    const secondPage = await api.query(ClusterHistoryDocument, { id: cluster.id, first: 100, after: firstPage.cluster.events.pageInfo.endCursor });
    const last = BigInt(events.at(-1)!.cursor);
    const paged = [...firstPage.cluster.events.nodes, ...secondPage.cluster.events.nodes].map((event) => event.cursor).filter((cursor) => BigInt(cursor) <= last);
    expect(paged).toEqual(events.map((event) => event.cursor).reverse());
    expect(operation.operation.progress.stages.every((stage) => stage.status === "DONE" && stage.startedAt && stage.finishedAt)).toBe(true);
  });

  it("fails a create at a named stage, with the reason, the faults and the operation's error", async () => {
    const cluster = await createCluster(api, templateId, { labels: [{ key: "turnkey.sim/fail-stage", value: "etcd" }] });
    const events = await eventsUntil(api, cluster.id, ["CREATE_COMPLETE", "CREATE_FAILED"], { operationId: cluster.operationId });
    expectOrderedAndUnique(events);
    expect(events.at(-1)).toMatchObject({ status: "CREATE_FAILED" });
    expect(events.find((event) => event.details.stageStatus === "FAILED")?.stage).toBe("etcd");
    const state = await api.query(ClusterStateDocument, { id: cluster.id });
    expect(state.cluster.statusReason).toMatch(/etcd/i);
    expect(Object.keys(state.cluster.faults)).toContain("default-master");
    const operation = await api.query(OperationStateDocument, { id: cluster.operationId });
    expect(operation.operation).toMatchObject({ status: "FAILED", error: { code: "STAGE_FAILED" } });
  });

  it("times a hung create out after createTimeout, naming the stage it was in", async () => {
    const cluster = await createCluster(api, templateId, { createTimeout: 60, labels: [{ key: "turnkey.sim/hang-stage", value: "network" }] });
    await waitForValue(() => api.query(OperationStateDocument, { id: cluster.operationId }), (data) => data.operation.progress.stages.some((stage) => stage.name === "network" && stage.status === "RUNNING"), "the create to hang in its network stage");
    // Magnum's default hour passes in simulated time: the clock moves, nobody waits.
    clock.advance(61 * SIMULATED_MINUTE_MS);
    const events = await eventsUntil(api, cluster.id, ["CREATE_COMPLETE", "CREATE_FAILED"], { operationId: cluster.operationId });
    expect(events.at(-1)!.statusReason).toMatch(/timed out after 60 minutes while in stage "network"/);
    const operation = await api.query(OperationStateDocument, { id: cluster.operationId });
    expect(operation.operation.error?.code).toBe("TIMEOUT");
  });

  it("updates, resizes and upgrades a cluster, each to UPDATE_COMPLETE", async () => {
    const cluster = await createCluster(api, templateId, { nodeCount: 1 });
    await waitForStatus(api, cluster.id, ["CREATE_COMPLETE"]);

    // Held at the driver, the update is certain to be running when the resize comes.
    const releaseUpdate = held.hold("update");
    try {
      const updated = await api.query(ClusterUpdateDocument, { input: { id: cluster.id, nodeCount: 3 } });
      expect(updated.clusterUpdate.userErrors).toEqual([]);
      expect(updated.clusterUpdate.cluster).toMatchObject({ status: "UPDATE_IN_PROGRESS", nodeCount: 3 });
      expect(updated.clusterUpdate.operation).toMatchObject({ type: "CLUSTER_UPDATE", status: expect.stringMatching(/^(PENDING|RUNNING)$/) });
      // While it runs, other changes are refused with the current status named.
      const refused = await api.query(ClusterResizeDocument, { input: { id: cluster.id, nodeCount: 2 } });
      expect(refused.clusterResize.userErrors).toEqual([expect.objectContaining({ code: "INVALID_STATE", field: ["id"], message: expect.stringContaining("UPDATE_IN_PROGRESS") })]);
    } finally {
      releaseUpdate();
    }
    let state = await waitForStatus(api, cluster.id, ["UPDATE_COMPLETE"]);
    expect(state!.nodeAddresses).toHaveLength(3);

    const worker = state!.nodeGroups.nodes.find((group) => group.name === "default-worker")!;
    const resized = await api.query(ClusterResizeDocument, { input: { id: cluster.id, nodeGroupId: worker.id, nodeCount: 2, nodesToRemove: [worker.nodeAddresses[0]!] } });
    expect(resized.clusterResize.userErrors).toEqual([]);
    state = await waitForStatus(api, cluster.id, ["UPDATE_COMPLETE", "UPDATE_FAILED"]);
    expect(state!.status).toBe("UPDATE_COMPLETE");
    expect(state!.nodeAddresses).toHaveLength(2);
    expect(state!.nodeAddresses).not.toContain(worker.nodeAddresses[0]);

    const newer = await createTemplate(api, { labels: [{ key: "kube_tag", value: "v1.31.2" }] });
    const upgraded = await api.query(ClusterUpgradeDocument, { input: { id: cluster.id, clusterTemplateId: newer, maxBatchSize: 2 } });
    expect(upgraded.clusterUpgrade.userErrors).toEqual([]);
    const events = await eventsUntil(api, cluster.id, ["UPDATE_COMPLETE", "UPDATE_FAILED"], { operationId: upgraded.clusterUpgrade.operation!.id });
    expect(events.some((event) => event.stage?.startsWith("upgrade:default-worker"))).toBe(true);
    state = await waitForStatus(api, cluster.id, ["UPDATE_COMPLETE"]);
    expect(state).toMatchObject({ coeVersion: "v1.31.2", template: { id: newer } });
    expect(state!.nodeGroups.nodes.every((group) => group.version === "v1.31.2")).toBe(true);
  });

  it("recovers from UPDATE_FAILED by retrying another change, and by rolling back", async () => {
    const cluster = await createCluster(api, templateId, { nodeCount: 3, labels: [{ key: "turnkey.sim/fail-stage", value: "drain" }] });
    await waitForStatus(api, cluster.id, ["CREATE_COMPLETE"]);
    // Shrinking drains nodes, which this cluster is rigged to fail.
    await api.query(ClusterUpdateDocument, { input: { id: cluster.id, nodeCount: 1 } });
    let state = await waitForStatus(api, cluster.id, ["UPDATE_FAILED", "UPDATE_COMPLETE"]);
    expect(state!.status).toBe("UPDATE_FAILED");
    expect(state!.currentOperation).toBeNull();
    // Retrying with a change that needs no drain succeeds.
    const retried = await api.query(ClusterUpdateDocument, { input: { id: cluster.id, nodeCount: 4 } });
    expect(retried.clusterUpdate.userErrors).toEqual([]);
    state = await waitForStatus(api, cluster.id, ["UPDATE_COMPLETE", "UPDATE_FAILED"]);
    expect(state).toMatchObject({ status: "UPDATE_COMPLETE", nodeCount: 4 });
    expect(state!.nodeAddresses).toHaveLength(4);

    // Fail again, then roll back to the counts before the failed change.
    await api.query(ClusterUpdateDocument, { input: { id: cluster.id, nodeCount: 2 } });
    await waitForStatus(api, cluster.id, ["UPDATE_FAILED"]);
    const rolledBack = await api.query(ClusterRollbackDocument, { input: { id: cluster.id } });
    expect(rolledBack.clusterRollback.userErrors).toEqual([]);
    expect(rolledBack.clusterRollback.cluster?.status).toBe("ROLLBACK_IN_PROGRESS");
    state = await waitForStatus(api, cluster.id, ["ROLLBACK_COMPLETE", "ROLLBACK_FAILED"]);
    expect(state).toMatchObject({ status: "ROLLBACK_COMPLETE", nodeCount: 4 });
    const again = await api.query(ClusterRollbackDocument, { input: { id: cluster.id } });
    expect(again.clusterRollback.userErrors).toEqual([expect.objectContaining({ code: "INVALID_STATE", message: expect.stringContaining("ROLLBACK_COMPLETE") })]);
  });

  it("adds, updates and deletes a node group; default groups and new master groups are refused", async () => {
    const cluster = await createCluster(api, templateId);
    const created = await waitForStatus(api, cluster.id, ["CREATE_COMPLETE"]);
    const added = await api.query(NodeGroupCreateDocument, { input: { clusterId: cluster.id, name: "gpu", nodeCount: 2, minNodeCount: 1, maxNodeCount: 5, flavorId: "g1.large" } });
    expect(added.nodeGroupCreate.userErrors).toEqual([]);
    expect(added.nodeGroupCreate.nodeGroup).toMatchObject({ name: "gpu", status: "CREATE_IN_PROGRESS" });
    let state = await waitForStatus(api, cluster.id, ["UPDATE_COMPLETE", "UPDATE_FAILED"]);
    expect(state!.nodeGroups.nodes.find((group) => group.name === "gpu")).toMatchObject({ status: "CREATE_COMPLETE", nodeCount: 2 });
    expect(state!.nodeGroups.nodes.find((group) => group.name === "gpu")!.nodeAddresses).toHaveLength(2);

    const gpu = added.nodeGroupCreate.nodeGroup!.id;
    const outOfRange = await api.query(NodeGroupUpdateDocument, { input: { id: gpu, maxNodeCount: 1 } });
    expect(outOfRange.nodeGroupUpdate.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: ["maxNodeCount"] })]);
    const limits = await api.query(NodeGroupUpdateDocument, { input: { id: gpu, maxNodeCount: 10 } });
    expect(limits.nodeGroupUpdate.userErrors).toEqual([]);
    await waitForStatus(api, cluster.id, ["UPDATE_COMPLETE"]);
    const tooBig = await api.query(ClusterResizeDocument, { input: { id: cluster.id, nodeGroupId: gpu, nodeCount: 11 } });
    expect(tooBig.clusterResize.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: ["nodeCount"] })]);

    const master = created!.nodeGroups.nodes.find((group) => group.role === "master")!;
    const defaultDelete = await api.query(NodeGroupDeleteDocument, { input: { id: master.id } });
    expect(defaultDelete.nodeGroupDelete.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: ["id"] })]);
    const masterResize = await api.query(ClusterResizeDocument, { input: { id: cluster.id, nodeGroupId: master.id, nodeCount: 3 } });
    expect(masterResize.clusterResize.userErrors).toEqual([expect.objectContaining({ code: "NOT_SUPPORTED" })]);
    const newMaster = await api.query(NodeGroupCreateDocument, { input: { clusterId: cluster.id, name: "more-masters", role: "master" } });
    expect(newMaster.nodeGroupCreate.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: ["role"] })]);
    const duplicate = await api.query(NodeGroupCreateDocument, { input: { clusterId: cluster.id, name: "gpu" } });
    expect(duplicate.nodeGroupCreate.userErrors).toEqual([expect.objectContaining({ code: "CONFLICT", field: ["name"] })]);

    const removed = await api.query(NodeGroupDeleteDocument, { input: { id: gpu } });
    expect(removed.nodeGroupDelete.userErrors).toEqual([]);
    expect(removed.nodeGroupDelete.nodeGroup?.status).toBe("DELETE_IN_PROGRESS");
    state = await waitForStatus(api, cluster.id, ["UPDATE_COMPLETE", "UPDATE_FAILED"]);
    expect(state!.status).toBe("UPDATE_COMPLETE");
    expect(state!.nodeGroups.nodes.map((group) => group.name)).toEqual(["default-master", "default-worker"]);
  });

  it("rotates the CA of a complete cluster and refuses it while the cluster is busy", async () => {
    // Held at the driver, the create is certain to be running when the rotation is asked for.
    const releaseCreate = held.hold("create");
    let cluster;
    try {
      cluster = await createCluster(api, templateId);
      const busy = await api.query(ClusterCaRotateDocument, { input: { id: cluster.id } });
      expect(busy.clusterCaRotate.userErrors).toEqual([expect.objectContaining({ code: "INVALID_STATE", message: expect.stringContaining("CREATE_IN_PROGRESS") })]);
    } finally {
      releaseCreate();
    }
    await waitForStatus(api, cluster.id, ["CREATE_COMPLETE"]);
    const rotated = await api.query(ClusterCaRotateDocument, { input: { id: cluster.id } });
    expect(rotated.clusterCaRotate.userErrors).toEqual([]);
    const events = await eventsUntil(api, cluster.id, ["UPDATE_COMPLETE", "UPDATE_FAILED"], { operationId: rotated.clusterCaRotate.operation!.id });
    expect(events.at(-1)!.status).toBe("UPDATE_COMPLETE");
    expect(events.some((event) => event.stage === "rotate-ca")).toBe(true);
  });

  const deletable: [string, (templateId: string) => Promise<string>][] = [
    ["CREATE_IN_PROGRESS", async (template) => (await createCluster(api, template, { labels: [{ key: "turnkey.sim/hang-stage", value: "masters" }] })).id],
    ["CREATE_COMPLETE", async (template) => {
      const { id } = await createCluster(api, template);
      await waitForStatus(api, id, ["CREATE_COMPLETE"]);
      return id;
    }],
    ["CREATE_FAILED", async (template) => {
      const { id } = await createCluster(api, template, { labels: [{ key: "turnkey.sim/fail-stage", value: "network" }] });
      await waitForStatus(api, id, ["CREATE_FAILED"]);
      return id;
    }],
    ["UPDATE_IN_PROGRESS", async (template) => {
      const { id } = await createCluster(api, template, { labels: [{ key: "turnkey.sim/hang-stage", value: "join" }] });
      await waitForStatus(api, id, ["CREATE_COMPLETE"]);
      await api.query(ClusterUpdateDocument, { input: { id, nodeCount: 5 } });
      return id;
    }],
    ["UPDATE_FAILED", async (template) => {
      const { id } = await createCluster(api, template, { nodeCount: 2, labels: [{ key: "turnkey.sim/fail-stage", value: "drain" }] });
      await waitForStatus(api, id, ["CREATE_COMPLETE"]);
      await api.query(ClusterUpdateDocument, { input: { id, nodeCount: 1 } });
      await waitForStatus(api, id, ["UPDATE_FAILED"]);
      return id;
    }],
  ];

  it.each(deletable)("deletes a cluster in %s: DELETE_IN_PROGRESS, then gone, its history kept", async (status, prepare) => {
    const id = await prepare(templateId);
    const before = await api.query(ClusterStateDocument, { id });
    expect(before.cluster.status).toBe(status);
    // Held at the driver, the delete is still in flight when it is repeated (a cluster that never got a
    // stack is otherwise deleted in the reconciler's first look, racing the repeat).
    const release = held.hold("delete");
    let deleted;
    try {
      deleted = await api.query(ClusterDeleteDocument, { input: { id } });
      expect(deleted.clusterDelete.userErrors).toEqual([]);
      expect(deleted.clusterDelete).toMatchObject({ deletedClusterId: id, cluster: { status: "DELETE_IN_PROGRESS" }, operation: { type: "CLUSTER_DELETE" } });
      const repeated = await api.query(ClusterDeleteDocument, { input: { id } });
      expect(repeated.clusterDelete.userErrors).toEqual([]);
      expect(repeated.clusterDelete.operation?.id).toBe(deleted.clusterDelete.operation?.id);
    } finally {
      release();
    }
    await waitForStatus(api, id, ["GONE"]);
    const gone = await api.request(ClusterStateDocument, { id });
    expect(gone.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await waitForOperation(api, deleted.clusterDelete.operation!.id)).status).toBe("SUCCEEDED");
    // The history stays readable from a cursor, ending with DELETE_COMPLETE and DELETED.
    const client = wsClient(api.url);
    try {
      const history = await collect(client, ClusterEventsDocument, { clusterId: id, after: "0" }, (item) => item.clusterEvents.type === "DELETED").done;
      const statuses = history.filter((item) => item.clusterEvents.type === "STATUS_CHANGED").map((item) => item.clusterEvents.status);
      expect(statuses.slice(-2)).toEqual(["DELETE_IN_PROGRESS", "DELETE_COMPLETE"]);
      expect(history.at(-1)!.clusterEvents.type).toBe("DELETED");
    } finally {
      await client.dispose();
    }
  });

  // Ten, not twenty: each create makes three CA keys, and 60 RSA keys take a loaded 2-core machine over 30 s.
  it("drives many creates at once and reports health once they are complete", { timeout: 120_000 }, async () => {
    const ids = await Promise.all(Array.from({ length: 10 }, () => createCluster(api, templateId).then((cluster) => cluster.id)));
    for (const id of ids) expect((await waitForStatus(api, id, ["CREATE_COMPLETE", "CREATE_FAILED"]))?.status, id).toBe("CREATE_COMPLETE");
    const state = await waitForHealth(api, ids[0]!);
    expect(state.healthStatus).toBe("HEALTHY");
    expect(state.healthStatusReason).toMatchObject({ api: "ok" });
  });
});

async function waitForHealth(api: TestServer, id: string) {
  const state = await waitForValue(() => api.query(ClusterStateDocument, { id }), (data) => data.cluster.healthStatus !== "UNKNOWN", `the health monitor to report on cluster ${id}`);
  return state.cluster;
}

void ClusterCreateDocument;
