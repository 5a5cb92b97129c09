// What an operation row holds, typed: its request (spec, written once with the intent) and the reconciler's progress, kept apart.
import { z } from "zod";
import type { OperationRow } from "../../db/schema/index.js";
import type { OperationType } from "../../domain/enums.js";

// Strict on what the driver call needs, lenient elsewhere: defaults for fields older rows may lack, and a
// field kept only as history (`previous`, `automatic`, …) that does not fit reads as absent instead of
// failing the operation. Unknown keys are dropped, so a row written before progress had its own column
// (spec.submitted, spec.stackId) parses too.
const label = z.object({ key: z.string(), value: z.string() });
const snapshot = z
  .object({ templateId: z.string(), nodeCount: z.number(), groups: z.array(z.object({ id: z.string(), nodeCount: z.number() })) })
  .optional()
  .catch(undefined);
const history = z.string().optional().catch(undefined);

const scale = z.object({
  nodeGroupId: z.string(),
  nodeCount: z.number().int().min(0),
  /** Node names or addresses to remove first (a repair replaces them at the same count). */
  nodesToRemove: z.array(z.string()).default([]),
  previous: snapshot,
  /** Set when the autopilot recorded it: "scale" or "repair". */
  automatic: history,
});
const nodeGroup = z.object({ nodeGroupId: z.string(), previous: snapshot });

export const OPERATION_SPECS = {
  CLUSTER_CREATE: z.object({ templateId: history }),
  CLUSTER_UPDATE: scale,
  CLUSTER_RESIZE: scale,
  CLUSTER_REPAIR: scale,
  CLUSTER_UPGRADE: z.object({
    templateId: z.string(),
    /** The target template's labels when the upgrade was asked for. */
    targetLabels: z.array(label).default([]),
    maxBatchSize: z.number().int().min(1).default(1),
    /** Upgrade only this node group; null upgrades the whole cluster. */
    nodeGroupId: z.string().nullable().default(null),
    previous: snapshot,
  }),
  CLUSTER_ROLLBACK: z.object({ rollbackOf: history, restore: snapshot }),
  CLUSTER_DELETE: z.object({ from: history }),
  // Operations recorded before CA rotation had phases rotated.
  CLUSTER_CA_ROTATE: z.object({ phase: z.enum(["ROTATE", "RETIRE_PREVIOUS"]).catch("ROTATE").default("ROTATE") }),
  NODE_GROUP_CREATE: nodeGroup,
  NODE_GROUP_UPDATE: nodeGroup,
  NODE_GROUP_DELETE: nodeGroup,
} as const satisfies Record<OperationType, z.ZodType>;

/** An operation's request, discriminated by its type: `request.type === "CLUSTER_UPGRADE"` narrows `request.spec`. */
export type OperationRequest = { [Type in OperationType]: { type: Type; spec: z.output<(typeof OPERATION_SPECS)[Type]> } }[OperationType];

export type RequestOf<Type extends OperationType> = Extract<OperationRequest, { type: Type }>;

export class UnreadableOperationError extends Error {
  constructor(readonly operationId: string, detail: string) {
    super(`the operation's parameters are unreadable: ${detail}`);
    this.name = "UnreadableOperationError";
  }
}

export function isOperationType(type: string): type is OperationType {
  return Object.hasOwn(OPERATION_SPECS, type);
}

/** Parses the row's request; an unknown type or a spec that does not fit its schema is a permanent failure of the operation. */
export function parseOperationRequest(operation: Pick<OperationRow, "id" | "type" | "spec">): OperationRequest {
  if (!isOperationType(operation.type)) throw new UnreadableOperationError(operation.id, `unknown operation type ${operation.type}`);
  const parsed = OPERATION_SPECS[operation.type].safeParse(operation.spec);
  if (!parsed.success) throw new UnreadableOperationError(operation.id, z.prettifyError(parsed.error).replaceAll("\n", "; "));
  return { type: operation.type, spec: parsed.data } as OperationRequest;
}

export const operationProgressSchema = z.object({
  /** The driver action was called and its stack id recorded: later ticks observe, never call it again. */
  submitted: z.boolean().default(false),
  stackId: z.string().nullable().default(null),
  /** Transient driver errors in a row; the backoff grows with it and the operation fails at the limit. */
  transientFailures: z.number().int().min(0).default(0),
});

export type OperationProgress = z.output<typeof operationProgressSchema>;

export const NO_PROGRESS: OperationProgress = { submitted: false, stackId: null, transientFailures: 0 };

/**
 * The progress of a row. Rows written before the progress column kept `submitted` and `stackId` in the
 * spec: those are read from there while the column is still empty.
 */
export function readProgress(operation: Pick<OperationRow, "spec" | "progress">): OperationProgress {
  const stored = operationProgressSchema.safeParse(operation.progress ?? {});
  const progress = stored.success ? stored.data : NO_PROGRESS;
  if (progress.submitted || operation.spec.submitted !== true) return progress;
  const legacyStack = typeof operation.spec.stackId === "string" ? operation.spec.stackId : null;
  return { ...progress, submitted: true, stackId: progress.stackId ?? legacyStack };
}
