// A stack snapshot as an Observation: status, stages, faults and addresses.

import { describe, expect, it } from "vitest";
import type { OperationAction } from "../../../src/orchestration/driver.js";
import { missingStackObservation, observationOf } from "../../../src/orchestration/drivers/heat/observation.js";
import type { HeatStackId } from "../../../src/orchestration/drivers/heat/stack-id.js";
import { clusterSpec } from "../orchestration/fixtures.js";
import { CREATED_OUTPUTS, MASTERS, ROOT, WORKERS, createEvents, createdResources, event, resource, stack } from "./records.js";

const spec = clusterSpec({ workers: 2 });
const id = (operation: OperationAction, marker = ""): HeatStackId => ({
  operation,
  stackName: ROOT.name,
  stackUuid: ROOT.id,
  marker,
});

describe("observationOf", () => {
  it("reports a finished create with Magnum's addresses, node names and versions", () => {
    const observation = observationOf({
      spec,
      id: id("create"),
      stack: stack("CREATE_COMPLETE", { outputs: CREATED_OUTPUTS }),
      resources: createdResources(),
      events: createEvents(),
    });
    expect(observation).toMatchObject({
      state: "COMPLETE",
      action: "CREATE",
      operation: "create",
      percent: 100,
      reason: "Stack CREATE completed successfully",
      faults: {},
      apiAddress: "https://10.0.0.10:6443",
      coeVersion: "v1.30.4",
      containerVersion: "1.7.20",
      masterAddresses: ["10.0.0.10"],
      nodeAddresses: ["10.1.0.10", "10.1.1.10"],
    });
    expect(observation.nodeGroups).toEqual([
      expect.objectContaining({
        name: "default-master",
        action: "CREATE",
        state: "COMPLETE",
        nodeCount: 1,
        nodeNames: ["demo-5f0c1d2e-master-0"],
      }),
      expect.objectContaining({
        name: "default-worker",
        nodeCount: 2,
        nodeAddresses: ["10.1.0.10", "10.1.1.10"],
        nodeNames: ["demo-5f0c1d2e-node-0", "demo-5f0c1d2e-node-1"],
      }),
    ]);
    expect(observation.stages.find((stage) => stage.name === "default-worker/1")?.description).toBe(
      "Create node demo-5f0c1d2e-node-1",
    );
  });

  it("says what runs while a create is in progress, and has no API address yet", () => {
    const observation = observationOf({
      spec,
      id: id("create"),
      stack: stack("CREATE_IN_PROGRESS"),
      resources: [
        resource(ROOT, "network", "Turnkey::Network", "CREATE_COMPLETE"),
        resource(ROOT, "default-master", "OS::Heat::ResourceGroup", "CREATE_IN_PROGRESS", MASTERS),
        resource(ROOT, "default-worker", "OS::Heat::ResourceGroup", "INIT_COMPLETE"),
      ],
      events: createEvents().slice(0, 6),
    });
    expect(observation).toMatchObject({
      state: "IN_PROGRESS",
      action: "CREATE",
      reason: "Create node demo-5f0c1d2e-master-0",
      percent: 25,
    });
    expect(observation.apiAddress).toBeUndefined();
  });

  it("blames the node group whose resources failed, with Heat's reason", () => {
    const reason = "ValueError: resources[0]: Test Resource failed demo-5f0c1d2e-default-worker-kmz2yvzki2rf-0-x";
    const events = [
      ...createEvents().slice(0, 12),
      event(WORKERS, "1", "CREATE_FAILED", 4, reason),
      event(ROOT, "default-worker", "CREATE_FAILED", 4, `resources.default-worker: ${reason}`),
    ];
    const observation = observationOf({
      spec,
      id: id("create"),
      stack: stack("CREATE_FAILED", { statusReason: `Resource CREATE failed: ${reason}` }),
      resources: createdResources(),
      events,
    });
    expect(observation).toMatchObject({
      state: "FAILED",
      action: "CREATE",
      reason: `Resource CREATE failed: ${reason}`,
      faults: { "default-worker": reason },
    });
    expect(observation.nodeGroups.map((group) => group.state)).toEqual(["COMPLETE", "FAILED"]);
  });

  it("puts a failure outside every group on the default groups", () => {
    const observation = observationOf({
      spec,
      id: id("create"),
      stack: stack("CREATE_FAILED", { statusReason: "Resource CREATE failed: network broke" }),
      resources: [],
      events: [event(ROOT, "network", "CREATE_FAILED", 1, "network broke")],
    });
    expect(observation.faults).toEqual({
      "default-master": "Resource CREATE failed: network broke",
      "default-worker": "Resource CREATE failed: network broke",
    });
  });

  it("stays in progress until Heat has started the update, whatever the stack said before", () => {
    const observation = observationOf({
      spec,
      id: id("resize", "event-9999"),
      stack: stack("CREATE_COMPLETE", { outputs: CREATED_OUTPUTS }),
      resources: createdResources(),
      events: [],
    });
    expect(observation).toMatchObject({ state: "IN_PROGRESS", action: "UPDATE", reason: "Waiting for Heat to start the operation" });
  });

  it("marks only the groups whose nodes an update changed", () => {
    const events = [
      event(ROOT, ROOT.name, "UPDATE_IN_PROGRESS", 20, "Stack UPDATE started"),
      event(ROOT, "default-master", "UPDATE_IN_PROGRESS", 20),
      event(ROOT, "default-master", "UPDATE_COMPLETE", 20),
      event(ROOT, "default-worker", "UPDATE_IN_PROGRESS", 21),
      event(WORKERS, "2", "CREATE_IN_PROGRESS", 21),
      event(WORKERS, "2", "CREATE_COMPLETE", 22),
      event(ROOT, "default-worker", "UPDATE_COMPLETE", 22),
      event(ROOT, ROOT.name, "UPDATE_COMPLETE", 22, "Stack UPDATE completed successfully"),
    ];
    const outputs = { ...CREATED_OUTPUTS, "default-worker_nodes": { "0": "10.1.0.10", "1": "10.1.1.10", "2": "10.1.2.10" } };
    const observation = observationOf({
      spec,
      id: id("resize", "event-0001"),
      stack: stack("UPDATE_COMPLETE", { outputs, statusReason: "Stack UPDATE completed successfully" }),
      resources: createdResources(),
      events,
    });
    expect(observation).toMatchObject({ state: "COMPLETE", action: "UPDATE", operation: "resize" });
    expect(observation.nodeGroups.map((group) => [group.name, group.action, group.nodeCount])).toEqual([
      ["default-master", null, 1],
      ["default-worker", "UPDATE", 3],
    ]);
    expect(observation.stages.map((stage) => stage.description)).toEqual([
      "Update node group default-master",
      "Update node group default-worker",
      "Create node demo-5f0c1d2e-node-2",
    ]);
  });

  it("ignores an API address Heat could not resolve", () => {
    const outputs = { ...CREATED_OUTPUTS, api_address: "https://None:6443" };
    const observation = observationOf({
      spec,
      id: id("create"),
      stack: stack("CREATE_COMPLETE", { outputs }),
      resources: [],
      events: [],
    });
    expect(observation.apiAddress).toBeUndefined();
  });
});

describe("missingStackObservation", () => {
  it.each<[OperationAction, string, string]>([
    ["create", "CREATE", "FAILED"],
    ["resize", "UPDATE", "FAILED"],
    ["delete", "DELETE", "COMPLETE"],
  ])("after %s reports %s %s, in Magnum's words", (operation, action, state) => {
    const observation = missingStackObservation(spec, id(operation));
    expect(observation).toMatchObject({ state, action, operation, reason: `Stack with id ${ROOT.id} not found in Heat.` });
    expect(Object.keys(observation.faults)).toEqual(state === "FAILED" ? ["default-master", "default-worker"] : []);
    expect(observation.nodeGroups.every((group) => group.nodeCount === 0)).toBe(true);
  });
});
