// Everything observe() and health() derive from one stack id at one moment, computed in one place.

import type { ClusterSpec } from "../../driver.js";
import { type ResolvedFaults, placeFaults } from "./faults.js";
import { planOperation } from "./plan.js";
import type { SimulatedOperation } from "./record.js";
import { type GroupShape, type StackShape, findGroup } from "./shape.js";
import type { PlannedStage } from "./stage.js";
import { type Timeline, evaluateTimeline } from "./timeline.js";

export interface Evaluation {
  operation: SimulatedOperation;
  plan: PlannedStage[];
  timeline: Timeline;
  /** The stack as it stands now: groups show their new shape once the stage that commits them is done. */
  shape: StackShape;
  /** Node groups this operation works on. */
  touched: Set<string>;
}

export interface EvaluationContext {
  spec: ClusterSpec;
  faults: ResolvedFaults;
  /** The driver-wide seed; the operation adds its own identity to it. */
  seed: string;
  now: number;
}

/** Names an operation uniquely within its cluster: used to seed its faults and to count its work. */
export function operationKey(operation: SimulatedOperation): string {
  return `${operation.action}@${operation.startedAt}`;
}

export function evaluateOperation(operation: SimulatedOperation, context: EvaluationContext): Evaluation {
  const plan = planOperation(operation, context.spec);
  const placement = placeFaults(
    plan,
    context.faults,
    `${context.seed}|${operation.cluster}|${operationKey(operation)}`,
  );
  const timeline = evaluateTimeline(plan, {
    ...placement,
    startedAt: operation.startedAt,
    speed: operation.speed,
    now: context.now,
  });
  return {
    operation,
    plan,
    timeline,
    shape: observedShape(operation, timeline),
    touched: touchedGroups(operation, plan),
  };
}

function observedShape(operation: SimulatedOperation, timeline: Timeline): StackShape {
  const committed = new Set(
    timeline.stages.filter((progress) => progress.status === "DONE").flatMap((progress) => progress.stage.commits),
  );
  const groups: GroupShape[] = [];
  for (const target of operation.after.groups) {
    if (committed.has(target.uuid)) groups.push(target);
    else groups.push(findGroup(operation.before, target.uuid) ?? { ...target, nodes: [] });
  }
  for (const current of operation.before.groups) {
    const removed = findGroup(operation.after, current.uuid) === undefined;
    if (removed && !committed.has(current.uuid)) groups.push(current);
  }
  return { groups };
}

// Create, delete and CA rotation work on every group; the other changes only on the groups they name.
function touchedGroups(operation: SimulatedOperation, plan: readonly PlannedStage[]): Set<string> {
  const { action, before, after } = operation;
  if (action === "create" || action === "delete" || action === "rotateCa") {
    return new Set([...before.groups, ...after.groups].map((group) => group.uuid));
  }
  return new Set(plan.flatMap((stage) => stage.groups));
}
