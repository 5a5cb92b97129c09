// Fault injection: named failures, a seeded failure rate, hangs, and where they come from.

import { describe, expect, it } from "vitest";
import type { ClusterSpec, FaultSpec } from "../../../src/orchestration/driver.js";
import { SimulatedDriver } from "../../../src/orchestration/drivers/simulated/driver.js";
import { HOUR, MASTER_GROUP, ManualClock, WORKER_GROUP, clusterSpec, withNodeCount } from "./fixtures.js";

async function createAndWait(spec: ClusterSpec, faults?: FaultSpec, wait = HOUR) {
  const clock = new ManualClock();
  const driver = new SimulatedDriver(faults === undefined ? { clock } : { clock, faults });
  const { stackId } = await driver.create(spec, null);
  clock.advance(wait);
  return { driver, clock, stackId, observation: await driver.observe(spec, stackId) };
}

describe("fail-stage", () => {
  const cases = [
    {
      stage: "etcd",
      masters: 3,
      reason: "Timed out waiting for etcd quorum: 1 of 3 members reachable",
      faults: ["default-master"],
    },
    { stage: "workers", masters: 1, reason: /No valid host was found/, faults: ["default-worker"] },
    { stage: "network", masters: 1, reason: /Quota exceeded/, faults: ["default-master", "default-worker"] },
    { stage: "coredns", masters: 1, reason: /coredns/, faults: ["default-master", "default-worker"] },
  ];

  it.each(cases)("fails at $stage with a realistic reason", async ({ stage, masters, reason, faults }) => {
    const spec = clusterSpec({ masters, labels: { "turnkey.sim/fail-stage": stage } });
    const { observation } = await createAndWait(spec);
    expect(observation.state).toBe("FAILED");
    expect(observation.reason).toMatch(reason);
    expect(Object.keys(observation.faults).sort()).toEqual(faults);
    const failedAt = observation.stages.findIndex((candidate) => candidate.status === "FAILED");
    expect(observation.stages[failedAt]?.name).toBe(stage);
    const after = observation.stages.slice(failedAt + 1);
    expect(after.every((candidate) => candidate.status === "PENDING")).toBe(true);
    expect(observation.percent).toBeLessThan(100);
  });

  it("ignores a stage the plan does not have", async () => {
    const spec = clusterSpec({ labels: { "turnkey.sim/fail-stage": "load-balancer" } });
    expect((await createAndWait(spec)).observation.state).toBe("COMPLETE");
  });

  it("takes spec.faults over labels, and labels over the driver's defaults", async () => {
    const labelled = clusterSpec({ labels: { "turnkey.sim/fail-stage": "etcd" } });
    const fromSpec = await createAndWait({ ...labelled, faults: { failStage: "workers" } }, { failStage: "network" });
    expect(fromSpec.observation.stages.find((stage) => stage.status === "FAILED")?.name).toBe("workers");
    const fromLabel = await createAndWait(labelled, { failStage: "network" });
    expect(fromLabel.observation.stages.find((stage) => stage.status === "FAILED")?.name).toBe("etcd");
    const fromDriver = await createAndWait(clusterSpec(), { failStage: "network" });
    expect(fromDriver.observation.stages.find((stage) => stage.status === "FAILED")?.name).toBe("network");
  });

  it("matches a stage kind across node groups when scaling", async () => {
    const spec = clusterSpec({ workers: 3, labels: { "turnkey.sim/fail-stage": "drain" } });
    const { driver, clock, stackId } = await createAndWait(spec);
    const shrunk = withNodeCount(spec, WORKER_GROUP, 1);
    const resized = await driver.update(shrunk, stackId);
    clock.advance(HOUR);
    const observation = await driver.observe(shrunk, resized.stackId);
    expect(observation).toMatchObject({ state: "FAILED", action: "UPDATE" });
    expect(observation.faults).toEqual({ "default-worker": expect.stringMatching(/disruption budget/) });
    expect(observation.nodeGroups.find((group) => group.uuid === WORKER_GROUP)?.nodeCount).toBe(3);
    expect(observation.nodeGroups.find((group) => group.uuid === MASTER_GROUP)?.state).toBe("COMPLETE");
  });
});

describe("failure-rate", () => {
  const uuids = Array.from({ length: 200 }, (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`);

  async function outcomes(rate: string) {
    const results: string[] = [];
    for (const uuid of uuids) {
      const spec = clusterSpec({ uuid, labels: { "turnkey.sim/failure-rate": rate } });
      const { observation } = await createAndWait(spec);
      const failed = observation.stages.find((stage) => stage.status === "FAILED");
      results.push(`${observation.state}:${failed?.name ?? ""}`);
    }
    return results;
  }

  it("fails about the given share of clusters", async () => {
    const failures = (await outcomes("0.3")).filter((outcome) => outcome.startsWith("FAILED")).length;
    expect(failures).toBeGreaterThan(40);
    expect(failures).toBeLessThan(80);
  });

  it("draws the same outcome for the same cluster every time", async () => {
    expect(await outcomes("0.5")).toEqual(await outcomes("0.5"));
  });

  it.each([
    ["0", 0],
    ["1", 200],
    ["not a number", 0],
    ["7", 200],
  ])("treats a rate of %j as failing %i of 200", async (rate, expected) => {
    expect((await outcomes(rate)).filter((outcome) => outcome.startsWith("FAILED"))).toHaveLength(expected);
  });

  it("observes the same outcome from a restarted driver", async () => {
    const spec = clusterSpec({ labels: { "turnkey.sim/failure-rate": "0.5" } });
    const first = await createAndWait(spec);
    const restarted = new SimulatedDriver({ clock: first.clock });
    expect(await restarted.observe(spec, first.stackId)).toEqual(first.observation);
  });
});

describe("hang-stage", () => {
  it("keeps the stage running forever, for the caller's createTimeout to catch", async () => {
    const spec = clusterSpec({ labels: { "turnkey.sim/hang-stage": "api-server" } });
    const { observation } = await createAndWait(spec, undefined, 24 * HOUR);
    expect(observation.state).toBe("IN_PROGRESS");
    expect(observation.stages.find((stage) => stage.status === "RUNNING")?.name).toBe("api-server");
    expect(observation.percent).toBeLessThan(100);
    expect(observation.apiAddress).toBeUndefined();
  });

  it("still lets the cluster be deleted", async () => {
    const spec = clusterSpec({ labels: { "turnkey.sim/hang-stage": "api-server" } });
    const { driver, clock, stackId } = await createAndWait(spec);
    const deleting = await driver.delete(spec, stackId);
    clock.advance(HOUR);
    const observation = await driver.observe(spec, deleting.stackId);
    expect(observation).toMatchObject({ state: "COMPLETE", action: "DELETE", masterAddresses: [] });
    expect(observation.stages.map((stage) => stage.name)).toContain("teardown:masters");
    expect(observation.stages.map((stage) => stage.name)).not.toContain("teardown:workers");
  });
});

describe("running out of addresses", () => {
  it("fails the workers stage when the subnet is too small", async () => {
    const spec = clusterSpec({ fixedSubnet: "192.168.7.0/28", workers: 8 });
    const { observation } = await createAndWait(spec);
    expect(observation.state).toBe("FAILED");
    expect(observation.stages.find((stage) => stage.status === "FAILED")?.name).toBe("workers");
    expect(observation.reason).toMatch(/No more IP addresses available on network private/);
  });
});

describe("rates of hangs and of call faults (TURNKEY_SIM_HANG_RATE, _CALL_FAILURE_RATE, _SLOW_RATE)", () => {
  it("a hang rate of 1 leaves every create running a stage forever; 0 lets it complete", async () => {
    const spec = clusterSpec({ masters: 1 });
    const hung = await createAndWait(spec, { hangRate: 1 }, 10 * HOUR);
    expect(hung.observation.state).toBe("IN_PROGRESS");
    expect(hung.observation.stages.filter((stage) => stage.status === "RUNNING")).toHaveLength(1);
    expect((await createAndWait(spec, { hangRate: 0 })).observation.state).toBe("COMPLETE");
  });

  it("a call failure rate of 1 fails every call with a plain (transient) error; 0 never", async () => {
    const spec = clusterSpec({ masters: 1 });
    const failing = new SimulatedDriver({ clock: new ManualClock(), calls: { failureRate: 1 } });
    const error = await failing.create(spec, null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("SimulatedBackendError");
    expect((error as Error).message).toMatch(/injected fault/);
    const answering = new SimulatedDriver({ clock: new ManualClock(), calls: { failureRate: 0 } });
    expect((await answering.create(spec, null)).stackId).toBeTruthy();
  });

  it("a slow rate of 1 holds every answer for slowMs of real time before it comes", async () => {
    const driver = new SimulatedDriver({ clock: new ManualClock(), calls: { slowRate: 1, slowMs: 30 } });
    let answered = false;
    const call = driver.create(clusterSpec({ masters: 1 }), null).then(() => (answered = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    await call;
    expect(answered).toBe(true);
  });
});
