// Typed failures a driver raises, so one place can turn them into user errors.

import type { DriverAction } from "./actions.js";

export type DriverErrorCode =
  | "NOT_SUPPORTED"
  | "INVALID_REQUEST"
  | "CONFLICT"
  | "STACK_NOT_FOUND"
  | "UNKNOWN_DRIVER";

export class DriverError extends Error {
  override readonly name: string = "DriverError";

  constructor(
    readonly code: DriverErrorCode,
    /** Written for the person who asked: safe to show, names what to change. */
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Magnum's NotSupported: the driver cannot do this action, or cannot build this kind of cluster. */
export class NotSupportedError extends DriverError {
  override readonly name: string = "NotSupportedError";

  constructor(
    readonly driver: string,
    /** The action refused, or "provide" when the template asks for a cluster type the driver lacks. */
    readonly action: DriverAction | "provide",
    detail?: string,
  ) {
    super("NOT_SUPPORTED", NotSupportedError.describe(driver, action, detail));
  }

  private static describe(driver: string, action: DriverAction | "provide", detail?: string): string {
    if (action === "provide") return `Driver "${driver}" does not provide ${detail ?? "this cluster type"}`;
    return `Driver "${driver}" does not support ${action}${detail === undefined ? "" : `: ${detail}`}`;
  }
}
