// The autopilot's decisions, the running stage's statusReason and Magnum's upgrade rules, as tables over pure functions.
import { describe, expect, it } from "vitest";
import { upgradeProblems, upgradedLabels } from "../../../src/domain/clusters/upgrade-rules.js";
import { decide, type GroupView } from "../../../src/orchestration/autopilot.js";
import { stageReason } from "../../../src/orchestration/reconcile/decide.js";

const worker = (overrides: Partial<GroupView> = {}): GroupView => ({ id: "w", name: "default-worker", role: "worker", nodeCount: 2, minNodeCount: 1, maxNodeCount: 4, nodeNames: ["demo-node-0", "demo-node-1"], ...overrides });
const master: GroupView = { id: "m", name: "default-master", role: "master", nodeCount: 1, minNodeCount: 1, maxNodeCount: null, nodeNames: ["demo-master-0"] };
const on = (key: string) => ({ key, value: "true" });

describe("autopilot decisions", () => {
  const unhealthy = { api: "ok", "demo-node-0.Ready": "True", "demo-node-1.Ready": "False", "demo-master-0.Ready": "True" };
  it("repairs the unhealthy workers when auto-healing is on, and only then", () => {
    expect(decide({ labels: [on("auto_healing_enabled")], healthStatus: "UNHEALTHY", healthStatusReason: unhealthy, groups: [master, worker()], demand: null })).toMatchObject({ kind: "repair", nodeGroupId: "w", nodeCount: 2, nodesToRemove: ["demo-node-1"] });
    expect(decide({ labels: [], healthStatus: "UNHEALTHY", healthStatusReason: unhealthy, groups: [master, worker()], demand: null })).toBeNull();
    expect(decide({ labels: [on("auto_healing_enabled")], healthStatus: "HEALTHY", healthStatusReason: unhealthy, groups: [master, worker()], demand: null })).toBeNull();
  });
  it("leaves an unhealthy master alone", () => {
    const masterDown = { api: "ok", "demo-master-0.Ready": "False", "demo-node-0.Ready": "True" };
    expect(decide({ labels: [on("auto_healing_enabled")], healthStatus: "UNHEALTHY", healthStatusReason: masterDown, groups: [master, worker()], demand: null })).toBeNull();
  });
  it.each([
    [10, 2, 4, 4],
    [3.2, 2, 4, 4],
    [2.5, 2, 4, 3],
    [2, 2, 4, null],
    [0, 2, 4, 1],
    [0, 2, null, 1],
    [9, 2, null, null],
  ])("demand %s on %s nodes (max %s) scales to %s", (demand, nodeCount, maxNodeCount, wanted) => {
    const decision = decide({ labels: [on("auto_scaling_enabled")], healthStatus: "HEALTHY", healthStatusReason: {}, groups: [master, worker({ nodeCount, maxNodeCount })], demand });
    expect(decision?.nodeCount ?? null).toBe(wanted);
  });
  it("does not scale without the label or without a load signal", () => {
    expect(decide({ labels: [], healthStatus: "HEALTHY", healthStatusReason: {}, groups: [worker()], demand: 10 })).toBeNull();
    expect(decide({ labels: [on("auto_scaling_enabled")], healthStatus: "HEALTHY", healthStatusReason: {}, groups: [worker()], demand: null })).toBeNull();
  });
});

describe("statusReason while an operation runs", () => {
  it("names the running stage with its place in the plan", () => {
    const stages = [
      { name: "network", description: "Creating network", status: "DONE" as const },
      { name: "masters", description: "Booting 3 master servers", status: "RUNNING" as const },
      { name: "workers", description: "Booting workers", status: "PENDING" as const },
    ];
    expect(stageReason("CLUSTER_CREATE", stages)).toBe("Creating: Booting 3 master servers (stage 2 of 3)");
    expect(stageReason("CLUSTER_REPAIR", stages)).toBe("Repairing: Booting 3 master servers (stage 2 of 3)");
    expect(stageReason("CLUSTER_CREATE", stages.map((stage) => ({ ...stage, status: "DONE" as const })))).toBeNull();
  });
});

describe("Magnum's upgrade rules", () => {
  const template = { id: "t1", name: "current", coe: "KUBERNETES", clusterDistro: null, serverType: "VM", networkDriver: "flannel", volumeDriver: null, dockerStorageDriver: "OVERLAY2", tlsDisabled: false, masterLbEnabled: false, floatingIpEnabled: true, externalNetworkId: null, fixedNetwork: null, fixedSubnet: null, apiserverPort: null, registryEnabled: false, labels: [{ key: "kube_tag", value: "v1.30.4" }] };
  const subject = { labels: [{ key: "kube_tag", value: "v1.30.4" }, { key: "other", value: "x" }], templateId: "t1" };
  it.each([
    [{ labels: [{ key: "kube_tag", value: "v1.31.1" }] }, []],
    [{ clusterDistro: "fedora-coreos", labels: [{ key: "kube_tag", value: "v1.31.1" }] }, []],
    [{ networkDriver: "calico", labels: [{ key: "kube_tag", value: "v1.31.1" }] }, ["networkDriver"]],
    [{ coe: "SWARM_MODE", serverType: "BM", labels: [{ key: "kube_tag", value: "v1.31.1" }] }, ["coe", "serverType"]],
    [{ labels: [{ key: "kube_tag", value: "v1.29.9" }] }, ["kube_tag"]],
    [{ labels: [] }, ["template"]],
  ] as const)("%j refused for %j", (change, fields) => {
    const problems = upgradeProblems(template, { ...template, id: "t2", name: "target", ...change } as never, subject);
    expect(problems.map((entry) => entry.message.split(" ")[0])).toEqual(fields);
    for (const entry of problems) expect(entry).toMatchObject({ code: "BAD_USER_INPUT", field: ["clusterTemplateId"] });
  });
  it("gives the upgraded labels the target's kube_tag and keeps the rest", () => {
    expect(upgradedLabels(subject.labels, [{ key: "kube_tag", value: "v1.31.1" }, { key: "new", value: "y" }])).toEqual([{ key: "kube_tag", value: "v1.31.1" }, { key: "other", value: "x" }]);
  });
});
