// Idempotent actions and observations that survive a restart of the process running the driver.

import { describe, expect, it } from "vitest";
import { DriverError } from "../../../src/orchestration/driver.js";
import { SimulatedDriver } from "../../../src/orchestration/drivers/simulated/driver.js";
import { StageWorkLog, type StageStartEvent } from "../../../src/orchestration/drivers/simulated/work-log.js";
import { HOUR, MINUTE, ManualClock, WORKER_GROUP, clusterSpec, withNodeCount } from "./fixtures.js";

describe("idempotent actions", () => {
  it("builds once when create is called twice in the same process", async () => {
    const clock = new ManualClock();
    const driver = new SimulatedDriver({ clock });
    const spec = clusterSpec();
    const first = await driver.create(spec, null);
    clock.advance(MINUTE);
    expect(await driver.create(spec, null)).toEqual(first);
  });

  it("builds once when a restarted process calls create with the stored stack id", async () => {
    const clock = new ManualClock();
    const spec = clusterSpec();
    const { stackId } = await new SimulatedDriver({ clock }).create(spec, null);
    clock.advance(MINUTE);
    expect(await new SimulatedDriver({ clock }).create(spec, stackId)).toEqual({ stackId });
  });

  it("returns the running resize when it is asked for again after a restart", async () => {
    const clock = new ManualClock();
    const spec = clusterSpec({ workers: 2 });
    const driver = new SimulatedDriver({ clock });
    const created = await driver.create(spec, null);
    clock.advance(HOUR);
    const request = { nodeGroupId: WORKER_GROUP, nodeCount: 4 };
    const resized = await driver.resize(withNodeCount(spec, WORKER_GROUP, 4), created.stackId, request);
    clock.advance(MINUTE);
    const restarted = new SimulatedDriver({ clock });
    expect(await restarted.resize(withNodeCount(spec, WORKER_GROUP, 4), resized.stackId, request)).toEqual(resized);
    await expect(
      restarted.resize(spec, resized.stackId, { nodeGroupId: WORKER_GROUP, nodeCount: 6 }),
    ).rejects.toMatchObject({ code: "CONFLICT", reason: expect.stringMatching(/UPDATE_IN_PROGRESS/) });
  });

  it("rejects a stack id from another cluster or from another driver", async () => {
    const clock = new ManualClock();
    const driver = new SimulatedDriver({ clock });
    const { stackId } = await driver.create(clusterSpec(), null);
    const other = clusterSpec({ uuid: "9e8d7c6b-0000-4000-8000-000000000000" });
    await expect(driver.update(other, stackId)).rejects.toBeInstanceOf(DriverError);
    await expect(driver.update(clusterSpec(), "heat-stack-1234")).rejects.toMatchObject({ code: "STACK_NOT_FOUND" });
    expect(await driver.observe(other, stackId)).toMatchObject({ state: "NOT_FOUND", action: null });
    expect(await driver.observe(clusterSpec(), null)).toMatchObject({ state: "NOT_FOUND", stages: [] });
  });
});

describe("observing after a restart", () => {
  it("gives a new driver instance the same observation at every moment", async () => {
    const clock = new ManualClock();
    const spec = clusterSpec({ masters: 3, workers: 3, masterLbEnabled: true, labels: { kube_dashboard_enabled: "true" } });
    const before = new SimulatedDriver({ clock, speed: 5 });
    const { stackId } = await before.create(spec, null);
    for (let step = 0; step < 12; step++) {
      clock.advance(15_000);
      const restarted = new SimulatedDriver({ clock });
      expect(await restarted.observe(spec, stackId)).toEqual(await before.observe(spec, stackId));
      expect(await restarted.health(spec, stackId)).toEqual(await before.health(spec, stackId));
    }
  });

  it("keeps the speed the operation started with, whatever the restarted driver is told", async () => {
    const clock = new ManualClock();
    const spec = clusterSpec();
    const { stackId } = await new SimulatedDriver({ clock, speed: 60 }).create(spec, null);
    clock.advance(MINUTE);
    expect((await new SimulatedDriver({ clock, speed: 1 }).observe(spec, stackId)).state).toBe("COMPLETE");
  });

  it("counts each stage's work once across a restart, and twice if the caller rebuilds", async () => {
    const clock = new ManualClock();
    const spec = clusterSpec({ workers: 2 });
    const workLog = new StageWorkLog();
    const events: StageStartEvent[] = [];
    const onStageStart = (event: StageStartEvent) => events.push(event);
    const first = new SimulatedDriver({ clock, workLog, onStageStart });
    const { stackId } = await first.create(spec, null);
    for (let step = 0; step < 5; step++) {
      clock.advance(MINUTE);
      await first.observe(spec, stackId);
    }
    const second = new SimulatedDriver({ clock, workLog, onStageStart });
    await second.create(spec, stackId);
    for (let step = 0; step < 10; step++) {
      clock.advance(MINUTE);
      await second.observe(spec, stackId);
    }
    expect((await second.observe(spec, stackId)).state).toBe("COMPLETE");
    const stages = ["network", "certificates", "masters", "etcd", "api-server", "workers", "coredns"];
    expect(workLog.counts(spec.uuid)).toEqual(Object.fromEntries(stages.map((stage) => [stage, 1])));
    expect(events.map((event) => event.stage)).toEqual(stages);

    // A caller that lost the stack id and creates again really does build a second time.
    const forgetful = new SimulatedDriver({ clock, workLog });
    const rebuilt = await forgetful.create(spec, null);
    await forgetful.observe(spec, rebuilt.stackId);
    expect(workLog.count(spec.uuid, "network")).toBe(2);
  });
});
