// A driver call that never returns must not hold an operation forever: askDriver gives every call a deadline (one lease by default).
import { describe, expect, it } from "vitest";
import type { Driver } from "../../src/orchestration/driver.js";
import { DriverError } from "../../src/orchestration/errors.js";
import { askDriver, withDeadline } from "../../src/orchestration/reconcile/load.js";
import type { OperationScope } from "../../src/orchestration/reconcile/types.js";

const NEVER = new Promise<never>(() => undefined);

function scope(submitted: boolean, callTimeoutMs = 20): OperationScope {
  return {
    operation: { id: "op1", type: "CLUSTER_RESIZE" },
    request: { type: "CLUSTER_RESIZE", spec: { nodeGroupId: "g1", nodeCount: 3, nodesToRemove: [] } },
    progress: { submitted, stackId: "stack-1", transientFailures: 0 },
    cluster: { id: "c1", stackId: "stack-1" },
    groups: [],
    spec: { uuid: "c1" },
    settings: { driverName: "stuck", timeScale: 60_000, leaseMs: 15_000, intervalMs: 100, callTimeoutMs },
  } as unknown as OperationScope;
}

const driver = (overrides: Partial<Driver>) => ({ name: "stuck", ...overrides }) as unknown as Driver;

describe("driver calls have a deadline", () => {
  it("an observation that never comes is the driver not answering, with the call named", async () => {
    const report = await askDriver(driver({ observe: () => NEVER }), scope(true));
    expect(report).toEqual({ kind: "unavailable", message: "the stuck driver did not answer observe within 20 ms" });
  });

  it("a submission that never returns likewise", async () => {
    const report = await askDriver(driver({ resize: () => NEVER }), scope(false));
    expect(report).toEqual({ kind: "unavailable", message: "the stuck driver did not answer CLUSTER_RESIZE within 20 ms" });
  });

  it("an answer in time is the answer, and a refusal in time stays a refusal", async () => {
    expect(await askDriver(driver({ resize: async () => ({ stackId: "stack-1" }) }), scope(false, 60_000))).toEqual({ kind: "submitted", stackId: "stack-1" });
    expect(await askDriver(driver({ resize: async () => Promise.reject(new DriverError("INVALID_REQUEST", "no")) }), scope(false, 60_000))).toEqual({ kind: "rejected", code: "INVALID_REQUEST", reason: "no" });
  });

  it("withDeadline settles with the call when it comes first", async () => {
    await expect(withDeadline(Promise.resolve(7), 60_000, () => new Error("late"))).resolves.toBe(7);
    await expect(withDeadline(NEVER, 5, () => new Error("late"))).rejects.toThrow("late");
  });
});
