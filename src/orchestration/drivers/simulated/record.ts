// A simulated stack id carries its whole operation, so any process can observe it with no shared memory.
//
// Format: "sim-<cluster uuid>.<base64url JSON>". The JSON holds when the operation started, at what
// speed, and the stack's shape before and after; with the cluster spec that is everything observe()
// needs. A real cloud keeps this state itself; the embedded simulation has nowhere else to keep it
// that survives a restart of the process it runs in.

import { z } from "zod";
import type { OperationAction } from "../../driver.js";
import type { StackShape } from "./shape.js";
import { OPERATION_ACTIONS } from "../../actions.js";

export interface SimulatedOperation {
  format: 1;
  cluster: string;
  /** Fixed at create and carried forward, so node names never change. */
  stackName: string;
  action: OperationAction;
  /** Epoch milliseconds, from the driver's clock. */
  startedAt: number;
  /** Kept with the operation so a restart with another TURNKEY_SIM_SPEED does not warp its timeline. */
  speed: number;
  /** Worker nodes replaced at once during an upgrade; 1 otherwise. */
  batchSize: number;
  /** The stack as observed when the operation began. */
  before: StackShape;
  /** The stack once the operation completes. */
  after: StackShape;
}

const PREFIX = "sim-";

const shapeSchema = z.object({
  groups: z.array(
    z.object({
      uuid: z.string(),
      name: z.string(),
      role: z.string(),
      primary: z.boolean(),
      version: z.string(),
      imageId: z.string(),
      nodes: z.array(z.tuple([z.number().int(), z.number().int().nonnegative()])),
    }),
  ),
});

const operationSchema: z.ZodType<SimulatedOperation> = z.object({
  format: z.literal(1),
  cluster: z.string(),
  stackName: z.string(),
  action: z.enum(OPERATION_ACTIONS),
  startedAt: z.number(),
  speed: z.number().positive(),
  batchSize: z.number().int().positive(),
  before: shapeSchema,
  after: shapeSchema,
});

export function encodeStackId(operation: SimulatedOperation): string {
  return `${PREFIX}${operation.cluster}.${Buffer.from(JSON.stringify(operation)).toString("base64url")}`;
}

/** Null for anything that is not a simulated stack id, including one whose halves disagree. */
export function decodeStackId(stackId: string): SimulatedOperation | null {
  if (!stackId.startsWith(PREFIX)) return null;
  const separator = stackId.indexOf(".", PREFIX.length);
  if (separator < 0) return null;
  try {
    const json: unknown = JSON.parse(Buffer.from(stackId.slice(separator + 1), "base64url").toString("utf8"));
    const parsed = operationSchema.safeParse(json);
    if (!parsed.success || parsed.data.cluster !== stackId.slice(PREFIX.length, separator)) return null;
    return parsed.data;
  } catch {
    return null;
  }
}
