// The status machine as a table: which action each of Magnum's statuses allows.
import { describe, expect, it } from "vitest";
import { CLUSTER_STATUSES, type ClusterStatus } from "../../src/domain/enums.js";
import { isAllowed, statusPath, type LifecycleAction } from "../../src/domain/clusters/status-machine.js";

const SETTLED = ["CREATE_COMPLETE", "UPDATE_COMPLETE", "RESUME_COMPLETE", "RESTORE_COMPLETE", "ROLLBACK_COMPLETE", "SNAPSHOT_COMPLETE", "CHECK_COMPLETE", "ADOPT_COMPLETE"];
const RECOVERABLE = ["UPDATE_FAILED", "ROLLBACK_FAILED"];

// Expected: for each action, exactly the statuses listed are allowed; every other status is refused.
const table: [LifecycleAction, string[] | "ALL"][] = [
  ["update", [...SETTLED, ...RECOVERABLE]],
  ["resize", [...SETTLED, ...RECOVERABLE]],
  ["upgrade", [...SETTLED, ...RECOVERABLE]],
  ["nodeGroupCreate", [...SETTLED, ...RECOVERABLE]],
  ["nodeGroupUpdate", [...SETTLED, ...RECOVERABLE]],
  ["nodeGroupDelete", [...SETTLED, ...RECOVERABLE]],
  ["rotateCa", SETTLED],
  ["rollback", ["UPDATE_FAILED", "ROLLBACK_FAILED"]],
  ["delete", "ALL"],
];

describe("status machine", () => {
  for (const [action, allowed] of table) {
    it.each(CLUSTER_STATUSES.map((status) => [status]))(`${action} from %s`, (status: ClusterStatus) => {
      const expected = allowed === "ALL" || allowed.includes(status);
      expect(isAllowed(action, status)).toBe(expected);
    });
  }

  it("refuses every change but delete while an operation is in progress", () => {
    for (const status of CLUSTER_STATUSES.filter((candidate) => candidate.endsWith("_IN_PROGRESS"))) {
      for (const [action] of table) expect(isAllowed(action, status)).toBe(action === "delete");
    }
  });

  it.each([
    ["CLUSTER_CREATE", "CREATE_IN_PROGRESS", "CREATE_COMPLETE", "CREATE_FAILED"],
    ["CLUSTER_DELETE", "DELETE_IN_PROGRESS", "DELETE_COMPLETE", "DELETE_FAILED"],
    ["CLUSTER_ROLLBACK", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED"],
    ["CLUSTER_UPDATE", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE", "UPDATE_FAILED"],
    ["CLUSTER_RESIZE", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE", "UPDATE_FAILED"],
    ["CLUSTER_UPGRADE", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE", "UPDATE_FAILED"],
    ["CLUSTER_CA_ROTATE", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE", "UPDATE_FAILED"],
    ["NODE_GROUP_CREATE", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE", "UPDATE_FAILED"],
  ] as const)("%s runs in %s and ends in %s or %s", (type, running, succeeded, failed) => {
    expect(statusPath(type)).toEqual({ running, succeeded, failed });
  });
});
