// Day-two operations on a simulated cluster: scaling, upgrades, CA rotation, node groups, delete, health.

import { describe, expect, it } from "vitest";
import type { ClusterSpec, Observation } from "../../../src/orchestration/driver.js";
import { SimulatedDriver } from "../../../src/orchestration/drivers/simulated/driver.js";
import {
  type SpecOptions,
  HOUR,
  MASTER_GROUP,
  ManualClock,
  WORKER_GROUP,
  clusterSpec,
  labels,
  nodeGroup,
  withNodeCount,
} from "./fixtures.js";

const EXTRA_GROUP = "0b6d6f6e-0000-4000-8000-00000000000c";
const PREFIX = "demo-5f0c1d2e";

/** A completed cluster, and a way to run the next action on it to its end. */
async function runningCluster(options: SpecOptions = {}) {
  const clock = new ManualClock();
  const driver = new SimulatedDriver({ clock });
  const spec = clusterSpec(options);
  let { stackId } = await driver.create(spec, null);
  clock.advance(HOUR);
  return {
    driver,
    clock,
    spec,
    get stackId() {
      return stackId;
    },
    /** Starts an action, returns the stages it planned, then lets it finish. */
    async run(action: (stackId: string) => Promise<{ stackId: string }>, observedWith: ClusterSpec = spec) {
      stackId = (await action(stackId)).stackId;
      const planned = await driver.observe(observedWith, stackId);
      clock.advance(HOUR);
      return { planned, done: await driver.observe(observedWith, stackId) };
    },
  };
}

function names(observation: Observation): string[] {
  return observation.stages.map((stage) => stage.name);
}

function group(observation: Observation, uuid: string) {
  return observation.nodeGroups.find((candidate) => candidate.uuid === uuid);
}

describe("scaling", () => {
  it("grows a node group: boot the new servers, then join them", async () => {
    const cluster = await runningCluster({ workers: 2 });
    const grown = withNodeCount(cluster.spec, WORKER_GROUP, 4);
    const { planned, done } = await cluster.run((stackId) => cluster.driver.update(grown, stackId), grown);
    expect(names(planned)).toEqual(["scale:default-worker", "join:default-worker"]);
    expect(planned.stages[0]?.description).toBe(
      "Scaling node group default-worker from 2 to 4 nodes: booting 2 servers",
    );
    expect(planned).toMatchObject({ action: "UPDATE", operation: "update", nodeAddresses: ["10.0.0.11", "10.0.0.12"] });
    expect(done.nodeAddresses).toEqual(["10.0.0.11", "10.0.0.12", "10.0.0.13", "10.0.0.14"]);
    expect(group(done, WORKER_GROUP)).toMatchObject({ nodeCount: 4, action: "UPDATE", state: "COMPLETE" });
    expect(group(done, MASTER_GROUP)).toMatchObject({ action: null, state: "COMPLETE" });
  });

  it("shrinks a node group: drain first, remove the named nodes, keep everyone else's address", async () => {
    const cluster = await runningCluster({ workers: 4 });
    const request = { nodeGroupId: WORKER_GROUP, nodeCount: 2, nodesToRemove: [`${PREFIX}-node-1`, "10.0.0.13"] };
    const { planned, done } = await cluster.run((stackId) => cluster.driver.resize(cluster.spec, stackId, request));
    expect(names(planned)).toEqual(["drain:default-worker", "scale:default-worker"]);
    expect(planned.stages[0]?.description).toContain(`${PREFIX}-node-1, ${PREFIX}-node-2`);
    expect(group(done, WORKER_GROUP)).toMatchObject({
      nodeCount: 2,
      nodeNames: [`${PREFIX}-node-0`, `${PREFIX}-node-3`],
      nodeAddresses: ["10.0.0.11", "10.0.0.14"],
    });
  });

  it("removes the newest nodes when none are named, and reuses freed addresses when growing again", async () => {
    const cluster = await runningCluster({ workers: 3 });
    await cluster.run((stackId) => cluster.driver.resize(cluster.spec, stackId, { nodeGroupId: WORKER_GROUP, nodeCount: 1 }));
    const { done } = await cluster.run((stackId) =>
      cluster.driver.resize(cluster.spec, stackId, { nodeGroupId: WORKER_GROUP, nodeCount: 2 }),
    );
    expect(group(done, WORKER_GROUP)).toMatchObject({
      nodeNames: [`${PREFIX}-node-0`, `${PREFIX}-node-1`],
      nodeAddresses: ["10.0.0.11", "10.0.0.12"],
    });
  });

  it.each([
    [{ nodeGroupId: WORKER_GROUP, nodeCount: 21 }, "INVALID_REQUEST"],
    [{ nodeGroupId: WORKER_GROUP, nodeCount: -1 }, "INVALID_REQUEST"],
    [{ nodeGroupId: WORKER_GROUP, nodeCount: 0, nodesToRemove: ["no-such-node"] }, "INVALID_REQUEST"],
    [{ nodeGroupId: MASTER_GROUP, nodeCount: 3 }, "NOT_SUPPORTED"],
    [{ nodeGroupId: "no-such-group", nodeCount: 3 }, "INVALID_REQUEST"],
  ])("refuses %j with %s", async (request, code) => {
    const cluster = await runningCluster();
    await expect(cluster.driver.resize(cluster.spec, cluster.stackId, request)).rejects.toMatchObject({ code });
  });

  it("refuses to resize while the cluster is still being created", async () => {
    const clock = new ManualClock();
    const driver = new SimulatedDriver({ clock });
    const spec = clusterSpec();
    const { stackId } = await driver.create(spec, null);
    await expect(driver.resize(spec, stackId, { nodeGroupId: WORKER_GROUP, nodeCount: 2 })).rejects.toMatchObject({
      code: "CONFLICT",
      reason: expect.stringMatching(/CREATE_IN_PROGRESS/),
    });
  });
});

describe("node groups", () => {
  const extra = nodeGroup({ uuid: EXTRA_GROUP, name: "gpu", nodeCount: 2 });

  it("creates, resizes and deletes an extra node group, touching only that group", async () => {
    const cluster = await runningCluster();
    const withExtra = { ...cluster.spec, nodeGroups: [...cluster.spec.nodeGroups, extra] };
    const created = await cluster.run((stackId) => cluster.driver.createNodeGroup(withExtra, stackId, EXTRA_GROUP), withExtra);
    expect(names(created.planned)).toEqual(["scale:gpu", "join:gpu"]);
    expect(group(created.planned, EXTRA_GROUP)).toMatchObject({ action: "CREATE", state: "IN_PROGRESS", nodeCount: 0 });
    expect(created.planned.action).toBe("UPDATE");
    expect(group(created.done, EXTRA_GROUP)).toMatchObject({
      state: "COMPLETE",
      nodeNames: [`${PREFIX}-gpu-node-0`, `${PREFIX}-gpu-node-1`],
      version: "v1.30.4",
    });
    expect(group(created.done, WORKER_GROUP)?.action).toBeNull();

    const bigger = withNodeCount(withExtra, EXTRA_GROUP, 3);
    const updated = await cluster.run((stackId) => cluster.driver.updateNodeGroup(bigger, stackId, EXTRA_GROUP), bigger);
    expect(group(updated.done, EXTRA_GROUP)?.nodeCount).toBe(3);

    const deleted = await cluster.run((stackId) => cluster.driver.deleteNodeGroup(bigger, stackId, EXTRA_GROUP), bigger);
    expect(names(deleted.planned)).toEqual(["drain:gpu", "scale:gpu"]);
    expect(group(deleted.done, EXTRA_GROUP)).toMatchObject({ action: "DELETE", state: "COMPLETE", nodeCount: 0 });
    expect(deleted.done.nodeAddresses).toEqual(["10.0.0.11"]);
  });

  it("keeps the default groups until the cluster goes", async () => {
    const cluster = await runningCluster();
    await expect(cluster.driver.deleteNodeGroup(cluster.spec, cluster.stackId, WORKER_GROUP)).rejects.toMatchObject({
      code: "INVALID_REQUEST",
    });
  });
});

describe("upgrade", () => {
  const template = { imageId: "fedora-coreos-41", labels: labels({ kube_tag: "v1.31.1" }) };

  it("replaces masters one at a time, then workers in batches of maxBatchSize", async () => {
    const cluster = await runningCluster({ masters: 3, workers: 5 });
    const { planned, done } = await cluster.run((stackId) =>
      cluster.driver.upgrade(cluster.spec, stackId, { template, maxBatchSize: 2, nodeGroupId: null }),
    );
    expect(names(planned)).toEqual([
      "upgrade:default-master:1",
      "upgrade:default-master:2",
      "upgrade:default-master:3",
      "upgrade:default-worker:1",
      "upgrade:default-worker:2",
      "upgrade:default-worker:3",
    ]);
    expect(planned.stages[4]?.description).toBe(
      `Upgrading default-worker to v1.31.1, batch 2 of 3: ${PREFIX}-node-2, ${PREFIX}-node-3`,
    );
    expect(planned.coeVersion).toBe("v1.30.4");
    expect(done).toMatchObject({ state: "COMPLETE", action: "UPDATE", operation: "upgrade", coeVersion: "v1.31.1" });
    expect(group(done, WORKER_GROUP)).toMatchObject({ version: "v1.31.1", imageId: "fedora-coreos-41" });
    expect(done.nodeAddresses).toEqual(planned.nodeAddresses);
  });

  it("upgrades a single node group when one is named", async () => {
    const cluster = await runningCluster({ workers: 2 });
    const { planned, done } = await cluster.run((stackId) =>
      cluster.driver.upgrade(cluster.spec, stackId, { template, maxBatchSize: 5, nodeGroupId: WORKER_GROUP }),
    );
    expect(names(planned)).toEqual(["upgrade:default-worker:1"]);
    expect(done.coeVersion).toBe("v1.30.4");
    expect(group(done, WORKER_GROUP)?.version).toBe("v1.31.1");
  });

  it.each([
    [{ coe: "SWARM_MODE", clusterDistro: "fedora-atomic" } as const, 1, "NOT_SUPPORTED"],
    [{}, 0, "INVALID_REQUEST"],
  ])("refuses %j with batch size %i: %s", async (options, maxBatchSize, code) => {
    const cluster = await runningCluster(options);
    await expect(
      cluster.driver.upgrade(cluster.spec, cluster.stackId, { template, maxBatchSize, nodeGroupId: null }),
    ).rejects.toMatchObject({ code });
  });
});

describe("CA rotation", () => {
  it("issues a new CA, then re-issues certificates group by group", async () => {
    const cluster = await runningCluster({ masters: 3, workers: 2 });
    const { planned, done } = await cluster.run((stackId) => cluster.driver.rotateCa(cluster.spec, stackId));
    expect(names(planned)).toEqual(["rotate-ca", "rotate:default-master", "rotate:default-worker"]);
    expect(done).toMatchObject({ state: "COMPLETE", action: "UPDATE", operation: "rotateCa" });
    expect(done.nodeGroups.every((candidate) => candidate.action === "UPDATE")).toBe(true);
  });

  it("is not offered without TLS", async () => {
    const cluster = await runningCluster({ tlsDisabled: true });
    await expect(cluster.driver.rotateCa(cluster.spec, cluster.stackId)).rejects.toMatchObject({
      code: "NOT_SUPPORTED",
    });
  });
});

describe("delete", () => {
  it("takes down what create built, in reverse", async () => {
    const cluster = await runningCluster({ masterLbEnabled: true });
    const { planned, done } = await cluster.run((stackId) => cluster.driver.delete(cluster.spec, stackId));
    expect(names(planned)).toEqual([
      "teardown:addons",
      "teardown:workers",
      "teardown:masters",
      "teardown:load-balancer",
      "teardown:certificates",
      "teardown:network",
    ]);
    expect(done).toMatchObject({ state: "COMPLETE", action: "DELETE", masterAddresses: [], nodeAddresses: [] });
    expect(done.apiAddress).toBeUndefined();
    expect(done.nodeGroups.every((candidate) => candidate.nodeCount === 0 && candidate.action === "DELETE")).toBe(true);
  });

  it("completes at once when nothing was ever created, and repeats harmlessly", async () => {
    const clock = new ManualClock();
    const driver = new SimulatedDriver({ clock });
    const spec = clusterSpec();
    const { stackId } = await driver.delete(spec, null);
    expect(await driver.observe(spec, stackId)).toMatchObject({ state: "COMPLETE", action: "DELETE", stages: [] });
    expect(await new SimulatedDriver({ clock }).delete(spec, stackId)).toEqual({ stackId });
  });

  it("refuses other work on a deleted cluster", async () => {
    const cluster = await runningCluster();
    await cluster.run((stackId) => cluster.driver.delete(cluster.spec, stackId));
    await expect(cluster.driver.update(cluster.spec, cluster.stackId)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("health", () => {
  it("reports the API and every node Ready, in Magnum's style", async () => {
    const cluster = await runningCluster({ workers: 2 });
    expect(await cluster.driver.health(cluster.spec, cluster.stackId)).toEqual({
      status: "HEALTHY",
      reason: {
        api: "ok",
        [`${PREFIX}-master-0.Ready`]: "True",
        [`${PREFIX}-node-0.Ready`]: "True",
        [`${PREFIX}-node-1.Ready`]: "True",
      },
    });
  });

  it("marks the node a label names as NotReady", async () => {
    const cluster = await runningCluster({ workers: 2, labels: { "turnkey.sim/unhealthy-node": "1" } });
    const report = await cluster.driver.health(cluster.spec, cluster.stackId);
    expect(report.status).toBe("UNHEALTHY");
    expect(report.reason[`${PREFIX}-node-1.Ready`]).toBe("False");
    expect(report.reason[`${PREFIX}-node-0.Ready`]).toBe("True");
  });

  it("is unknown before the API answers and without a stack", async () => {
    const clock = new ManualClock();
    const driver = new SimulatedDriver({ clock });
    const spec = clusterSpec();
    const { stackId } = await driver.create(spec, null);
    expect((await driver.health(spec, stackId)).status).toBe("UNKNOWN");
    expect((await driver.health(spec, null)).status).toBe("UNKNOWN");
  });
});
