// Heat's events as stages: one per resource, in Heat's order, nested members under their group.

import { describe, expect, it } from "vitest";
import { failedStages, percentOf, stackPaths, stagesOf } from "../../../src/orchestration/drivers/heat/stages.js";
import { MASTERS, ROOT, T0, WORKERS, createEvents, createdResources, event, resource } from "./records.js";

const summary = (stages: { name: string; status: string }[]) => stages.map((stage) => `${stage.name}:${stage.status}`);

describe("stagesOf", () => {
  it("turns a create's events into one stage per resource, members under their group", () => {
    const stages = stagesOf({ root: ROOT, operation: "create", resources: createdResources(), events: createEvents() });
    expect(summary(stages)).toEqual([
      "network:DONE",
      "default-master:DONE",
      "default-master/0:DONE",
      "default-worker:DONE",
      "default-worker/1:DONE",
      "default-worker/0:DONE",
    ]);
    expect(stages[2]).toMatchObject({
      description: "Create default-master/0",
      type: "Turnkey::Server",
      action: "CREATE",
      startedAt: T0 + 1000,
      finishedAt: T0 + 3000,
    });
  });

  it("shows what a create has still to do as pending, and what runs as running", () => {
    const events = createEvents().slice(0, 6);
    const resources = [
      resource(ROOT, "network", "Turnkey::Network", "CREATE_COMPLETE"),
      resource(ROOT, "default-master", "OS::Heat::ResourceGroup", "CREATE_IN_PROGRESS", MASTERS),
      resource(ROOT, "default-worker", "OS::Heat::ResourceGroup", "INIT_COMPLETE"),
      resource(MASTERS, "0", "Turnkey::Server", "CREATE_IN_PROGRESS"),
    ];
    const stages = stagesOf({ root: ROOT, operation: "create", resources, events });
    expect(summary(stages)).toEqual([
      "network:DONE",
      "default-master:RUNNING",
      "default-master/0:RUNNING",
      "default-worker:PENDING",
    ]);
    expect(stages[1]?.finishedAt).toBeUndefined();
    expect(percentOf(stages, "IN_PROGRESS")).toBe(25);
  });

  it("lists everything a delete has not removed yet as pending", () => {
    const events = [
      event(ROOT, ROOT.name, "DELETE_IN_PROGRESS", 10, "Stack DELETE started"),
      event(ROOT, "default-worker", "DELETE_IN_PROGRESS", 10),
      event(WORKERS, "0", "DELETE_IN_PROGRESS", 10),
    ];
    const stages = stagesOf({ root: ROOT, operation: "delete", resources: createdResources(), events });
    expect(summary(stages)).toEqual([
      "default-worker:RUNNING",
      "default-worker/0:RUNNING",
      "network:PENDING",
      "default-master:PENDING",
      "default-master/0:PENDING",
      "default-worker/1:PENDING",
    ]);
    expect(stages.map((stage) => stage.description)).toContain("Delete network");
  });

  it("keeps a replaced member's first start, and places members of a nested stack that is gone", () => {
    const gone = { name: `${ROOT.name}-gpu-abcdefghijkl`, id: "0000-gone" };
    const events = [
      event(ROOT, ROOT.name, "UPDATE_IN_PROGRESS", 0, "Stack UPDATE started"),
      event(WORKERS, "0", "CREATE_IN_PROGRESS", 1),
      event(WORKERS, "0", "CREATE_COMPLETE", 3),
      event(WORKERS, "0", "DELETE_IN_PROGRESS", 3),
      event(WORKERS, "0", "DELETE_COMPLETE", 4),
      event(ROOT, "gpu", "DELETE_IN_PROGRESS", 4),
      event(gone, "0", "DELETE_IN_PROGRESS", 4),
      event(gone, "0", "DELETE_COMPLETE", 5),
      event(ROOT, "gpu", "DELETE_COMPLETE", 5),
    ];
    const stages = stagesOf({ root: ROOT, operation: "nodeGroupDelete", resources: createdResources(), events });
    expect(summary(stages)).toEqual(["default-worker/0:DONE", "gpu:DONE", "gpu/0:DONE"]);
    expect(stages[0]).toMatchObject({ startedAt: T0 + 1000, finishedAt: T0 + 4000, description: "Delete default-worker/0" });
  });

  it("keeps Heat's reason on a failed resource, deepest failure first", () => {
    const reason = "ValueError: resources[0]: Test Resource failed demo-5f0c1d2e-default-worker-kmz2yvzki2rf-0-x";
    const events = [
      event(ROOT, ROOT.name, "CREATE_IN_PROGRESS", 0, "Stack CREATE started"),
      event(ROOT, "default-worker", "CREATE_IN_PROGRESS", 1),
      event(WORKERS, "0", "CREATE_IN_PROGRESS", 1),
      event(WORKERS, "0", "CREATE_FAILED", 3, reason),
      event(ROOT, "default-worker", "CREATE_FAILED", 3, `resources.default-worker: ${reason}`),
    ];
    const stages = stagesOf({ root: ROOT, operation: "create", resources: [], events });
    expect(failedStages(stages).map((stage) => [stage.name, stage.reason])).toEqual([
      ["default-worker/0", reason],
      ["default-worker", `resources.default-worker: ${reason}`],
    ]);
    expect(percentOf(stages, "FAILED")).toBe(99);
  });

  it("uses the describer it is given", () => {
    const stages = stagesOf({
      root: ROOT,
      operation: "create",
      resources: createdResources(),
      events: createEvents(),
      describe: ({ path, type, verb }) => `${verb}|${path}|${type}`,
    });
    expect(stages[0]?.description).toBe("Create|network|Turnkey::Network");
  });
});

describe("percentOf", () => {
  it.each([
    [[], "IN_PROGRESS", 0],
    [[], "COMPLETE", 100],
    [["DONE", "DONE", "RUNNING"], "IN_PROGRESS", 66],
    [["DONE", "DONE"], "IN_PROGRESS", 99],
    [["DONE", "PENDING"], "COMPLETE", 100],
  ] as const)("%j while %s is %i", (statuses, state, percent) => {
    const stages = statuses.map((status, index) => ({ name: String(index), description: "", status }));
    expect(percentOf(stages, state)).toBe(percent);
  });
});

describe("stackPaths", () => {
  it("follows nested stacks through the resources that own them, at any depth", () => {
    const member = { name: `${WORKERS.name}-0-zzzzzzzzzzzz`, id: "member-stack" };
    const paths = stackPaths(ROOT, [
      resource(WORKERS, "0", "Turnkey::Server", "CREATE_COMPLETE", member),
      resource(ROOT, "default-worker", "OS::Heat::ResourceGroup", "CREATE_COMPLETE", WORKERS),
    ]);
    expect(paths.resolve(member, "server")).toBe("default-worker/0/server");
    expect(paths.resolve(ROOT, "network")).toBe("network");
    expect(paths.resolve({ name: "elsewhere", id: "x" }, "thing")).toBe("elsewhere/thing");
  });
});
