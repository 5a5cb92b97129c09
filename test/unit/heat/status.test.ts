// Heat statuses to cluster statuses, as a table of Magnum's Heat poller rules.

import { describe, expect, it } from "vitest";
import type { OperationAction } from "../../../src/orchestration/driver.js";
import {
  type NodeGroupStatus,
  aggregateStatus,
  isFailure,
  missingStackStatus,
  observedState,
  splitStatus,
} from "../../../src/orchestration/drivers/heat/status.js";

describe("splitStatus", () => {
  it.each([
    ["CREATE_IN_PROGRESS", "CREATE", "IN_PROGRESS"],
    ["UPDATE_FAILED", "UPDATE", "FAILED"],
    ["DELETE_COMPLETE", "DELETE", "COMPLETE"],
    ["ROLLBACK_COMPLETE", "ROLLBACK", "COMPLETE"],
    ["INIT_COMPLETE", "INIT", "COMPLETE"],
    ["SNAPSHOT_IN_PROGRESS", "SNAPSHOT", "IN_PROGRESS"],
    ["NONSENSE", "NONSENSE", null],
  ])("reads %s as %s and %s", (status, action, state) => {
    expect(splitStatus(status)).toEqual({ action, state });
  });
});

describe("a stack Heat no longer has (Magnum's _sync_missing_heat_stack)", () => {
  it.each<[OperationAction, string]>([
    ["create", "CREATE_FAILED"],
    ["update", "UPDATE_FAILED"],
    ["resize", "UPDATE_FAILED"],
    ["upgrade", "UPDATE_FAILED"],
    ["rotateCa", "UPDATE_FAILED"],
    ["nodeGroupCreate", "UPDATE_FAILED"],
    ["nodeGroupUpdate", "UPDATE_FAILED"],
    ["nodeGroupDelete", "UPDATE_FAILED"],
    ["delete", "DELETE_COMPLETE"],
  ])("after %s is %s", (operation, status) => {
    expect(missingStackStatus(operation)).toBe(status);
  });
});

const master = (status: string): NodeGroupStatus => ({ name: "default-master", status, isDefault: true });
const worker = (status: string): NodeGroupStatus => ({ name: "default-worker", status, isDefault: true });
const extra = (name: string, status: string): NodeGroupStatus => ({ name, status, isDefault: false });

describe("aggregating node group statuses (Magnum's aggregate_nodegroup_statuses)", () => {
  const cases: {
    name: string;
    groups: NodeGroupStatus[];
    previous: string | null;
    status: string;
    reason: string | null;
  }[] = [
    {
      name: "default groups only: the stack's status as it is",
      groups: [master("CREATE_IN_PROGRESS"), worker("CREATE_IN_PROGRESS")],
      previous: "CREATE_IN_PROGRESS",
      status: "CREATE_IN_PROGRESS",
      reason: null,
    },
    {
      name: "default groups only, failed: the failed groups are the reason",
      groups: [master("CREATE_FAILED"), worker("CREATE_FAILED")],
      previous: "CREATE_IN_PROGRESS",
      status: "CREATE_FAILED",
      reason: "default-master failed, default-worker failed",
    },
    {
      name: "an extra group in progress makes the cluster UPDATE_IN_PROGRESS",
      groups: [master("CREATE_COMPLETE"), worker("CREATE_COMPLETE"), extra("gpu", "CREATE_IN_PROGRESS")],
      previous: "UPDATE_IN_PROGRESS",
      status: "UPDATE_IN_PROGRESS",
      reason: null,
    },
    {
      name: "in progress beats failed",
      groups: [master("UPDATE_COMPLETE"), extra("gpu", "UPDATE_FAILED"), extra("arm", "UPDATE_IN_PROGRESS")],
      previous: "UPDATE_IN_PROGRESS",
      status: "UPDATE_IN_PROGRESS",
      reason: null,
    },
    {
      name: "failed beats complete, naming only the failed groups",
      groups: [master("UPDATE_COMPLETE"), worker("UPDATE_COMPLETE"), extra("gpu", "CREATE_FAILED")],
      previous: "UPDATE_IN_PROGRESS",
      status: "UPDATE_FAILED",
      reason: "gpu failed",
    },
    {
      name: "all complete with an extra group: UPDATE_COMPLETE",
      groups: [master("CREATE_COMPLETE"), worker("CREATE_COMPLETE"), extra("gpu", "UPDATE_COMPLETE")],
      previous: "UPDATE_IN_PROGRESS",
      status: "UPDATE_COMPLETE",
      reason: null,
    },
    {
      name: "the default master being deleted makes the action DELETE",
      groups: [master("DELETE_IN_PROGRESS"), extra("gpu", "DELETE_FAILED")],
      previous: "DELETE_IN_PROGRESS",
      status: "DELETE_IN_PROGRESS",
      reason: null,
    },
    {
      name: "a delete that failed in an extra group",
      groups: [master("DELETE_COMPLETE"), extra("gpu", "DELETE_FAILED")],
      previous: "DELETE_IN_PROGRESS",
      status: "DELETE_FAILED",
      reason: "gpu failed",
    },
    {
      name: "CREATE_COMPLETE after an update is reported as UPDATE_COMPLETE",
      groups: [master("CREATE_COMPLETE"), worker("CREATE_COMPLETE")],
      previous: "UPDATE_IN_PROGRESS",
      status: "UPDATE_COMPLETE",
      reason: null,
    },
    {
      name: "CREATE_COMPLETE after a create stays CREATE_COMPLETE",
      groups: [master("CREATE_COMPLETE"), worker("CREATE_COMPLETE")],
      previous: "CREATE_IN_PROGRESS",
      status: "CREATE_COMPLETE",
      reason: null,
    },
    {
      name: "CREATE_COMPLETE stays when it already was",
      groups: [master("CREATE_COMPLETE")],
      previous: "CREATE_COMPLETE",
      status: "CREATE_COMPLETE",
      reason: null,
    },
  ];

  it.each(cases)("$name", ({ groups, previous, status, reason }) => {
    const defaultStatus = groups.find((group) => group.isDefault)?.status ?? "UPDATE_COMPLETE";
    expect(aggregateStatus(groups, defaultStatus, previous)).toEqual({ status, reason });
  });
});

describe("the observation's state", () => {
  it.each<[string, OperationAction, string, string]>([
    ["CREATE_IN_PROGRESS", "create", "CREATE", "IN_PROGRESS"],
    ["CREATE_COMPLETE", "create", "CREATE", "COMPLETE"],
    ["CREATE_FAILED", "create", "CREATE", "FAILED"],
    // A create that Heat finished through a recovery update is still the create.
    ["UPDATE_COMPLETE", "create", "CREATE", "COMPLETE"],
    ["UPDATE_IN_PROGRESS", "resize", "UPDATE", "IN_PROGRESS"],
    ["UPDATE_FAILED", "upgrade", "UPDATE", "FAILED"],
    ["ROLLBACK_COMPLETE", "update", "UPDATE", "FAILED"],
    ["ROLLBACK_FAILED", "update", "UPDATE", "FAILED"],
    ["ROLLBACK_IN_PROGRESS", "update", "UPDATE", "IN_PROGRESS"],
    ["DELETE_IN_PROGRESS", "delete", "DELETE", "IN_PROGRESS"],
    ["DELETE_FAILED", "delete", "DELETE", "FAILED"],
    ["DELETE_COMPLETE", "delete", "DELETE", "COMPLETE"],
  ])("%s after %s is %s %s", (status, operation, action, state) => {
    expect(observedState(status, operation)).toEqual({ action, state });
  });

  it.each([
    ["CREATE_FAILED", true],
    ["ROLLBACK_COMPLETE", true],
    ["UPDATE_COMPLETE", false],
    ["DELETE_IN_PROGRESS", false],
  ])("counts %s as a failure: %s", (status, failure) => {
    expect(isFailure(status)).toBe(failure);
  });
});
