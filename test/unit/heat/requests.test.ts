// Driver calls as stack PATCHes: which parameters change, removals, batches, node groups.

import { describe, expect, it } from "vitest";
import { NotSupportedError } from "../../../src/orchestration/driver.js";
import { REAL_PROFILES } from "../../../src/orchestration/drivers/heat/environment.js";
import {
  alreadyApplied,
  nodeGroupCreatePatch,
  nodeGroupDeletePatch,
  nodeGroupUpdatePatch,
  resizePatch,
  rotateCaPatch,
  updatePatch,
  upgradePatch,
} from "../../../src/orchestration/drivers/heat/requests.js";
import { MASTER_GROUP, WORKER_GROUP, clusterSpec, labels, nodeGroup, withNodeCount } from "../orchestration/fixtures.js";
import { CREATED_OUTPUTS, stack } from "./records.js";

const spec = clusterSpec({ workers: 2 });
const created = stack("CREATE_COMPLETE", {
  outputs: {
    ...CREATED_OUTPUTS,
    node_group_keys: { [MASTER_GROUP]: "default-master", [WORKER_GROUP]: "default-worker" },
  },
});
const context = { stackName: created.name, profiles: REAL_PROFILES };
const gpu = nodeGroup({ uuid: "0b6d6f6e-0000-4000-8000-00000000000c", name: "gpu", nodeCount: 2, maxNodeCount: 4 });

describe("update", () => {
  it("applies the spec's counts to worker groups only, as Magnum's cluster update", () => {
    const grown = withNodeCount(withNodeCount(spec, WORKER_GROUP, 4), MASTER_GROUP, 3);
    expect(updatePatch(grown, created)).toEqual({ parameters: { "default-worker_count": 4 } });
  });
});

describe("resize", () => {
  it("sets the count and lists the named node for removal", () => {
    const patch = resizePatch(spec, created, { nodeGroupId: WORKER_GROUP, nodeCount: 1, nodesToRemove: ["demo-5f0c1d2e-node-0"] });
    expect(patch).toEqual({ parameters: { "default-worker_count": 1, "default-worker_nodes_to_remove": "0" } });
  });

  it("finds a node by its address too, and lists no more nodes than go", () => {
    const patch = resizePatch(spec, created, {
      nodeGroupId: WORKER_GROUP,
      nodeCount: 1,
      nodesToRemove: ["10.1.1.10", "demo-5f0c1d2e-node-0"],
    });
    expect(patch.parameters["default-worker_nodes_to_remove"]).toBe("1");
  });

  it("clears the removal list when growing", () => {
    const patch = resizePatch(spec, created, { nodeGroupId: WORKER_GROUP, nodeCount: 5, nodesToRemove: ["10.1.1.10"] });
    expect(patch.parameters).toEqual({ "default-worker_count": 5, "default-worker_nodes_to_remove": "" });
  });

  it.each([
    [{ nodeGroupId: MASTER_GROUP, nodeCount: 3 }, NotSupportedError, /master node groups keep/],
    [{ nodeGroupId: WORKER_GROUP, nodeCount: 21 }, Error, /at most 20, not 21/],
    [{ nodeGroupId: WORKER_GROUP, nodeCount: 1, nodesToRemove: ["nope"] }, Error, /Node nope is not in node group default-worker/],
    [{ nodeGroupId: gpu.uuid, nodeCount: 1 }, Error, /not in the cluster spec/],
  ])("refuses %j", (request, type, message) => {
    expect(() => resizePatch(spec, created, request)).toThrow(type);
    expect(() => resizePatch(spec, created, request)).toThrow(message);
  });
});

describe("upgrade", () => {
  const template = { imageId: "fedora-coreos-41", labels: labels({ kube_tag: "v1.31.1" }) };

  it("sets image and version everywhere, masters one at a time", () => {
    expect(upgradePatch(spec, created, { template, maxBatchSize: 3, nodeGroupId: null })).toEqual({
      parameters: {
        "default-master_image": "fedora-coreos-41",
        "default-master_version": "v1.31.1",
        "default-master_max_batch_size": 1,
        "default-worker_image": "fedora-coreos-41",
        "default-worker_version": "v1.31.1",
        "default-worker_max_batch_size": 3,
      },
    });
  });

  it("upgrades only the group asked for", () => {
    const patch = upgradePatch(spec, created, { template, maxBatchSize: 2, nodeGroupId: WORKER_GROUP });
    expect(Object.keys(patch.parameters)).toEqual([
      "default-worker_image",
      "default-worker_version",
      "default-worker_max_batch_size",
    ]);
  });

  it("refuses a batch of no nodes", () => {
    expect(() => upgradePatch(spec, created, { template, maxBatchSize: 0, nodeGroupId: null })).toThrow(/maxBatchSize/);
  });
});

describe("node groups", () => {
  const withGpu = { ...spec, nodeGroups: [...spec.nodeGroups, gpu] };

  it("adds a group with a new template and the group's parameters", () => {
    const patch = nodeGroupCreatePatch(withGpu, created, gpu.uuid, context);
    expect(Object.keys((patch.template as { resources: object }).resources)).toEqual([
      "network",
      "default-master",
      "default-worker",
      "gpu",
    ]);
    expect(patch.parameters).toMatchObject({ gpu_count: 2, gpu_nodes_to_remove: "" });
  });

  it("changes a group's count", () => {
    const inStack = { ...created, parameters: { ...created.parameters, gpu_count: "2" } };
    expect(nodeGroupUpdatePatch(withNodeCount(withGpu, gpu.uuid, 3), inStack, gpu.uuid)).toEqual({
      parameters: { gpu_count: 3 },
    });
  });

  it("removes a group from the template and clears its parameters, even once the spec has forgotten it", () => {
    const inStack = {
      ...created,
      parameters: { ...created.parameters, gpu_count: "2", gpu_image: "x" },
      outputs: { ...created.outputs, node_group_keys: { [MASTER_GROUP]: "default-master", [WORKER_GROUP]: "default-worker", [gpu.uuid]: "gpu" } },
    };
    for (const current of [withGpu, spec]) {
      const patch = nodeGroupDeletePatch(current, inStack, gpu.uuid, context);
      expect(Object.keys((patch.template as { resources: object }).resources)).not.toContain("gpu");
      expect(patch.clear_parameters).toEqual(["gpu_count", "gpu_image"]);
    }
  });

  it("refuses to drop a group the spec no longer describes while changing another", () => {
    const inStack = { ...created, outputs: { ...created.outputs, node_group_keys: { [gpu.uuid]: "gpu" } } };
    const other = nodeGroup({ uuid: "0b6d6f6e-0000-4000-8000-00000000000d", name: "arm" });
    expect(() => nodeGroupCreatePatch({ ...spec, nodeGroups: [...spec.nodeGroups, other] }, inStack, other.uuid, context)).toThrow(
      /no longer describes/,
    );
  });

  it("refuses to delete a default group", () => {
    expect(() => nodeGroupDeletePatch(spec, created, WORKER_GROUP, context)).toThrow(NotSupportedError);
  });
});

describe("alreadyApplied", () => {
  it.each([
    [{ parameters: { "default-worker_count": 2 } }, true],
    [{ parameters: { "default-worker_count": 3 } }, false],
    [{ parameters: { "default-worker_count": 2, "default-worker_nodes_to_remove": "" } }, true],
    [rotateCaPatch("0"), true],
    [rotateCaPatch("1"), false],
    [{ parameters: {}, template: {} }, false],
  ])("%j: %s", (patch, applied) => {
    expect(alreadyApplied(patch, created)).toBe(applied);
  });
});
