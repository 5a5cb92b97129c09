// The stack id the Heat driver hands the caller: Heat's stack, the driver call that started the
// operation, and the last stack event before it, so observe() knows which events are this operation's.
// No secrets: the cluster's trust is stored by the caller (see trust.ts).

import type { OperationAction } from "../../driver.js";
import { DRIVER_ACTIONS } from "../../driver.js";

export interface HeatStackId {
  operation: OperationAction;
  stackName: string;
  /** Heat's stack uuid; empty when a delete found no stack. */
  stackUuid: string;
  /** Id of the newest stack event before the operation; empty for a create. */
  marker: string;
}

const PREFIX = "heat:1";

export function encodeStackId(id: HeatStackId): string {
  return [PREFIX, id.operation, id.stackName, id.stackUuid, id.marker].join(":");
}

/** Null when the string is not a Heat driver stack id. */
export function decodeStackId(text: string): HeatStackId | null {
  const parts = text.split(":");
  if (parts.length !== 6 || `${parts[0]}:${parts[1]}` !== PREFIX) return null;
  const [, , operation, stackName, stackUuid, marker] = parts as [string, string, string, string, string, string];
  if (!(DRIVER_ACTIONS as readonly string[]).includes(operation) || operation === "health" || stackName === "") return null;
  return { operation: operation as OperationAction, stackName, stackUuid, marker };
}

/** Heat's own stack uuid, for display next to Magnum's stack_id; null for other drivers' ids. */
export function heatStackUuid(stackId: string): string | null {
  const decoded = decodeStackId(stackId);
  return decoded === null || decoded.stackUuid === "" ? null : decoded.stackUuid;
}
