// The stages a simulated create goes through, and how long they take at speed 1.

import { describe, expect, it } from "vitest";
import type { ClusterSpec } from "../../../src/orchestration/driver.js";
import { SimulatedDriver } from "../../../src/orchestration/drivers/simulated/driver.js";
import { type SpecOptions, MINUTE, ManualClock, clusterSpec } from "./fixtures.js";

async function createStages(spec: ClusterSpec) {
  const driver = new SimulatedDriver({ clock: new ManualClock() });
  const { stackId } = await driver.create(spec, null);
  return (await driver.observe(spec, stackId)).stages;
}

function stageDuration(stage: { startedAt?: number; finishedAt?: number }): number {
  return (stage.finishedAt ?? 0) - (stage.startedAt ?? 0);
}

async function completedStages(spec: ClusterSpec) {
  const clock = new ManualClock();
  const driver = new SimulatedDriver({ clock });
  const { stackId } = await driver.create(spec, null);
  clock.advance(10 * 60 * MINUTE);
  return (await driver.observe(spec, stackId)).stages;
}

const BASE = ["network", "certificates", "masters", "etcd", "api-server", "workers", "coredns"];

describe("simulated create plan", () => {
  const cases: { name: string; spec: SpecOptions; stages: string[] }[] = [
    { name: "defaults", spec: {}, stages: BASE },
    {
      name: "a master load balancer",
      spec: { masterLbEnabled: true },
      stages: ["network", "certificates", "load-balancer", "masters", "etcd", "api-server", "workers", "coredns"],
    },
    { name: "no workers", spec: { workers: 0 }, stages: BASE.filter((stage) => stage !== "workers") },
    { name: "dashboard", spec: { labels: { kube_dashboard_enabled: "true" } }, stages: [...BASE, "dashboard"] },
    { name: "dashboard spelled False", spec: { labels: { kube_dashboard_enabled: "False" } }, stages: BASE },
    { name: "monitoring", spec: { labels: { prometheus_monitoring: "True" } }, stages: [...BASE, "monitoring"] },
    { name: "ingress", spec: { labels: { ingress_controller: "nginx" } }, stages: [...BASE, "ingress"] },
    { name: "empty ingress label", spec: { labels: { ingress_controller: "" } }, stages: BASE },
    { name: "autoscaler", spec: { labels: { auto_scaling_enabled: "true" } }, stages: [...BASE, "autoscaler"] },
    { name: "auto-healer", spec: { labels: { auto_healing_enabled: "true" } }, stages: [...BASE, "auto-healer"] },
    {
      name: "every add-on",
      spec: {
        labels: {
          auto_healing_enabled: "true",
          auto_scaling_enabled: "true",
          ingress_controller: "octavia",
          prometheus_monitoring: "true",
          kube_dashboard_enabled: "true",
        },
      },
      stages: [...BASE, "dashboard", "monitoring", "ingress", "autoscaler", "auto-healer"],
    },
    {
      name: "Swarm mode",
      spec: { coe: "SWARM_MODE", clusterDistro: "fedora-atomic", labels: { kube_dashboard_enabled: "true" } },
      stages: ["network", "certificates", "masters", "swarm-init", "workers"],
    },
  ];

  it.each(cases)("plans $name", async ({ spec, stages }) => {
    const planned = await createStages(clusterSpec(spec));
    expect(planned.map((stage) => stage.name)).toEqual(stages);
    expect(planned.every((stage) => stage.description.length > 0)).toBe(true);
  });

  it("takes several minutes at speed 1, as on a real cloud", async () => {
    const stages = await completedStages(clusterSpec());
    const total = (stages.at(-1)?.finishedAt ?? 0) - (stages[0]?.startedAt ?? 0);
    expect(total).toBeGreaterThan(5 * MINUTE);
    expect(total).toBeLessThan(10 * MINUTE);
  });

  it("grows the boot stages sub-linearly with the node count", async () => {
    const one = await completedStages(clusterSpec({ masters: 1, workers: 1 }));
    const eight = await completedStages(clusterSpec({ masters: 1, workers: 8 }));
    const workers = (stages: typeof one) => stageDuration(stages.find((stage) => stage.name === "workers") ?? {});
    expect(workers(eight)).toBeGreaterThan(workers(one));
    expect(workers(eight)).toBeLessThan(3 * workers(one));
  });

  it("boots bare metal more slowly than virtual machines", async () => {
    const virtual = await completedStages(clusterSpec({ serverType: "VM" }));
    const bare = await completedStages(clusterSpec({ serverType: "BM" }));
    const masters = (stages: typeof virtual) => stageDuration(stages.find((stage) => stage.name === "masters") ?? {});
    expect(masters(bare)).toBeGreaterThan(2 * masters(virtual));
  });

  it("gives the Octavia ingress controller time for its own load balancer", async () => {
    const nginx = await completedStages(clusterSpec({ labels: { ingress_controller: "nginx" } }));
    const octavia = await completedStages(clusterSpec({ labels: { ingress_controller: "octavia" } }));
    const ingress = (stages: typeof nginx) => stageDuration(stages.find((stage) => stage.name === "ingress") ?? {});
    expect(ingress(octavia)).toBeGreaterThan(ingress(nginx));
  });
});
