// Every stage the simulated driver plans has a kind the fault-injection labels accept, and the label table checks values.
import { describe, expect, it } from "vitest";
import { LABEL_DEFINITIONS, labelValueProblem } from "../../../src/domain/label-catalogue.js";
import { SimulatedDriver } from "../../../src/orchestration/drivers/simulated/driver.js";
import { isKnownStage } from "../../../src/orchestration/drivers/simulated/stage-names.js";
import { HOUR, ManualClock, WORKER_GROUP, clusterSpec, withNodeCount } from "./fixtures.js";

describe("simulated stage names", () => {
  it("lists the kind of every stage a create, scale up and down, upgrade, rotation and delete plan", async () => {
    const clock = new ManualClock();
    const driver = new SimulatedDriver({ clock });
    const spec = clusterSpec({ masters: 3, workers: 2, masterLbEnabled: true, labels: { kube_dashboard_enabled: "true", prometheus_monitoring: "true", ingress_controller: "nginx", auto_scaling_enabled: "true", auto_healing_enabled: "true" } });
    const seen: string[] = [];
    let { stackId } = await driver.create(spec, null);
    const step = async (next: Promise<{ stackId: string }>, observed = spec) => {
      stackId = (await next).stackId;
      seen.push(...(await driver.observe(observed, stackId)).stages.map((stage) => stage.name));
      clock.advance(HOUR);
    };
    seen.push(...(await driver.observe(spec, stackId)).stages.map((stage) => stage.name));
    clock.advance(HOUR);
    const grown = withNodeCount(spec, WORKER_GROUP, 4);
    await step(driver.update(grown, stackId), grown);
    await step(driver.update(spec, stackId));
    await step(driver.upgrade(spec, stackId, { template: { imageId: "fedora-coreos-41", labels: [{ key: "kube_tag", value: "v1.31.1" }] }, maxBatchSize: 1, nodeGroupId: null }));
    await step(driver.rotateCa(spec, stackId));
    await step(driver.delete(spec, stackId));
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.filter((name) => !isKnownStage(name))).toEqual([]);
    expect(isKnownStage("nosuchstage")).toBe(false);
  });
});

describe("label catalogue", () => {
  const table: [string, string, boolean][] = [
    ["kube_tag", "v1.30.4", true],
    ["kube_tag", "banana", false],
    ["master_lb_enabled", "True", true],
    ["master_lb_enabled", "maybe", false],
    ["docker_volume_size", "20", true],
    ["docker_volume_size", "-4", false],
    ["flannel_backend", "host-gw", true],
    ["flannel_backend", "gre", false],
    ["service_cluster_ip_range", "10.254.0.0/16", true],
    ["service_cluster_ip_range", "10.254.0.0/33", false],
    ["helm_client_sha256", "a".repeat(64), true],
    ["helm_client_sha256", "abc", false],
    ["turnkey.sim/failure-rate", "0.5", true],
    ["turnkey.sim/failure-rate", "7", false],
    ["turnkey.sim/fail-stage", "drain:default-worker", true],
    ["turnkey.sim/fail-stage", "nosuchstage", false],
    ["availability_zone", "anything at all", true],
  ];
  it.each(table)("%s=%s is %s", (key, value, valid) => {
    expect(labelValueProblem(LABEL_DEFINITIONS.get(key)!, value) === null).toBe(valid);
  });
});
