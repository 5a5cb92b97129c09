// Progress over a moving clock: monotonic, weighted by duration, and scaled by the speed factor.

import { describe, expect, it } from "vitest";
import { SimulatedDriver } from "../../../src/orchestration/drivers/simulated/driver.js";
import { stage } from "../../../src/orchestration/drivers/simulated/stage.js";
import { evaluateTimeline } from "../../../src/orchestration/drivers/simulated/timeline.js";
import { HOUR, ManualClock, SECOND, clusterSpec } from "./fixtures.js";

describe("evaluateTimeline", () => {
  const plan = [stage("first", "First", 10, "first failed"), stage("second", "Second", 30, "second failed")];
  const start = 1_000_000;
  const at = (seconds: number) => start + seconds * SECOND;

  const cases = [
    { name: "at the start", now: at(0), speed: 1, state: "IN_PROGRESS", percent: 0, statuses: ["RUNNING", "PENDING"] },
    { name: "mid first stage", now: at(5), speed: 1, state: "IN_PROGRESS", percent: 12, statuses: ["RUNNING", "PENDING"] },
    { name: "on the boundary", now: at(10), speed: 1, state: "IN_PROGRESS", percent: 25, statuses: ["DONE", "RUNNING"] },
    { name: "just before the end", now: at(39.9), speed: 1, state: "IN_PROGRESS", percent: 99, statuses: ["DONE", "RUNNING"] },
    { name: "at the end", now: at(40), speed: 1, state: "COMPLETE", percent: 100, statuses: ["DONE", "DONE"] },
    { name: "ten times faster", now: at(2), speed: 10, state: "IN_PROGRESS", percent: 50, statuses: ["DONE", "RUNNING"] },
    { name: "before it started", now: at(-5), speed: 1, state: "IN_PROGRESS", percent: 0, statuses: ["RUNNING", "PENDING"] },
  ] as const;

  it.each(cases)("$name", ({ now, speed, state, percent, statuses }) => {
    const timeline = evaluateTimeline(plan, { startedAt: start, speed, now, failAt: null, hangAt: null });
    expect(timeline.state).toBe(state);
    expect(timeline.percent).toBe(percent);
    expect(timeline.stages.map((progress) => progress.status)).toEqual(statuses);
  });

  it("reports real start and finish times, squeezed by the speed factor", () => {
    const timeline = evaluateTimeline(plan, { startedAt: start, speed: 4, now: at(100), failAt: null, hangAt: null });
    expect(timeline.stages.map(({ startedAt, finishedAt }) => [startedAt, finishedAt])).toEqual([
      [at(0), at(2.5)],
      [at(2.5), at(10)],
    ]);
  });

  it("fails at the end of the failing stage and leaves the rest pending", () => {
    const timeline = evaluateTimeline(plan, { startedAt: start, speed: 1, now: at(100), failAt: 0, hangAt: null });
    expect(timeline.state).toBe("FAILED");
    expect(timeline.percent).toBe(25);
    expect(timeline.current?.stage.name).toBe("first");
    expect(timeline.stages.map((progress) => progress.status)).toEqual(["FAILED", "PENDING"]);
  });

  it("never finishes a hung stage, however long it waits", () => {
    const timeline = evaluateTimeline(plan, { startedAt: start, speed: 1, now: at(1e7), failAt: null, hangAt: 1 });
    expect(timeline.state).toBe("IN_PROGRESS");
    expect(timeline.stages.map((progress) => progress.status)).toEqual(["DONE", "RUNNING"]);
    expect(timeline.percent).toBeLessThan(100);
  });

  it("completes an empty plan at once", () => {
    const timeline = evaluateTimeline([], { startedAt: start, speed: 1, now: start, failAt: null, hangAt: null });
    expect(timeline).toMatchObject({ state: "COMPLETE", percent: 100, stages: [] });
  });
});

describe("simulated create progress", () => {
  it("climbs monotonically from 0 to 100 as the clock moves", async () => {
    const clock = new ManualClock();
    const spec = clusterSpec({ masters: 3, workers: 4, masterLbEnabled: true, labels: { prometheus_monitoring: "true" } });
    const driver = new SimulatedDriver({ clock });
    const { stackId } = await driver.create(spec, null);
    const percents: number[] = [];
    const states: string[] = [];
    for (let step = 0; step <= 120; step++) {
      const observation = await driver.observe(spec, stackId);
      percents.push(observation.percent);
      states.push(observation.state);
      clock.advance(10 * SECOND);
    }
    expect(percents[0]).toBe(0);
    expect(percents.at(-1)).toBe(100);
    expect(percents.every((percent, index) => index === 0 || percent >= (percents[index - 1] ?? 0))).toBe(true);
    expect(states.indexOf("COMPLETE")).toBe(percents.indexOf(100));
    expect(new Set(states)).toEqual(new Set(["IN_PROGRESS", "COMPLETE"]));
  });

  it.each([1, 10, 60])("takes 1/%i of the realistic time", async (speed) => {
    const clock = new ManualClock();
    const spec = clusterSpec();
    const driver = new SimulatedDriver({ clock, speed });
    const { stackId } = await driver.create(spec, null);
    clock.advance(HOUR);
    const stages = (await driver.observe(spec, stackId)).stages;
    const realDuration = (stages.at(-1)?.finishedAt ?? 0) - (stages[0]?.startedAt ?? 0);
    const atSpeedOne = 405 * SECOND;
    expect(realDuration).toBeCloseTo(atSpeedOne / speed, -1);
  });

  it("shows the API, addresses and versions only once the API server is up", async () => {
    const clock = new ManualClock();
    const spec = clusterSpec();
    const driver = new SimulatedDriver({ clock });
    const { stackId } = await driver.create(spec, null);
    clock.advance(60 * SECOND);
    const early = await driver.observe(spec, stackId);
    expect(early).toMatchObject({ state: "IN_PROGRESS", action: "CREATE", masterAddresses: [], nodeAddresses: [] });
    expect(early.apiAddress).toBeUndefined();
    expect(early.reason).toMatch(/Booting 1 master server/);
    clock.advance(HOUR);
    const done = await driver.observe(spec, stackId);
    expect(done).toMatchObject({
      state: "COMPLETE",
      reason: "Stack CREATE completed successfully",
      apiAddress: "https://10.0.0.10:6443",
      masterAddresses: ["10.0.0.10"],
      nodeAddresses: ["10.0.0.11"],
      coeVersion: "v1.30.4",
      containerVersion: "1.7.20",
    });
  });
});
