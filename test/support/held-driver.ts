// The real simulated driver with a hold on chosen actions: a test keeps an operation at its driver call to look at it mid-flight.
import type { Clock } from "../../src/clock.js";
import type { Driver } from "../../src/orchestration/driver.js";
import { loadConfig } from "../../src/config.js";
import { driverFromOptions, driverOptionsFrom } from "../../src/orchestration/registry.js";

const ACTIONS = ["create", "update", "resize", "upgrade", "delete", "rotateCa", "createNodeGroup", "updateNodeGroup", "deleteNodeGroup"] as const;
type Action = (typeof ACTIONS)[number];

export interface HeldDriver {
  /** Inject as startServer's `driver`. */
  driver: Driver;
  /** Calls of `action` wait (the operation stays RUNNING, its cluster in *_IN_PROGRESS) until the returned release is called. */
  hold(action: Action): () => void;
  /** Calls of `action` that have reached the driver and wait on a hold. */
  waiting(action: Action): number;
}

/**
 * Why a hold and not a clock: some operations finish in their first observation whatever the time (the
 * delete of a cluster that never got a stack has nothing to take down), so only holding the call keeps them
 * in flight. Everything else is the real simulated driver, built from the same variables as the server's.
 */
export function heldDriver(environment: Record<string, string>, clock?: Clock): HeldDriver {
  const inner = driverFromOptions(driverOptionsFrom(loadConfig({ TURNKEY_DRIVER: "simulated", ...environment }), clock));
  const holds = new Map<Action, { released: Promise<void>; waiting: number }>();
  const driver = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      if (!(ACTIONS as readonly (string | symbol)[]).includes(property)) return (value as (...parameters: unknown[]) => unknown).bind(target);
      return async (...args: unknown[]) => {
        const hold = holds.get(property as Action);
        if (hold) {
          hold.waiting += 1;
          await hold.released;
          hold.waiting -= 1;
        }
        return (value as (...parameters: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    driver,
    hold(action) {
      let release!: () => void;
      const entry = { released: new Promise<void>((resolve) => (release = resolve)), waiting: 0 };
      holds.set(action, entry);
      return () => {
        if (holds.get(action) === entry) holds.delete(action);
        release();
      };
    },
    waiting: (action) => holds.get(action)?.waiting ?? 0,
  };
}
