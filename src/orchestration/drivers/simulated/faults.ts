// Which failure a simulated operation meets: from the spec, then its labels, then the driver's defaults.

import type { ClusterSpec, FaultSpec } from "../../driver.js";
import { labelValue } from "../../labels.js";
import { seededRandom } from "./hash.js";
import { type PlannedStage, stageMatches } from "./stage.js";

export const FAULT_LABELS = {
  failStage: "turnkey.sim/fail-stage",
  hangStage: "turnkey.sim/hang-stage",
  failureRate: "turnkey.sim/failure-rate",
  unhealthyNode: "turnkey.sim/unhealthy-node",
  /** Not a fault: the load signal auto-scaling follows (SimulatedDriver.workloadDemand). */
  demand: "turnkey.sim/demand",
} as const;

export interface ResolvedFaults {
  failStage?: string;
  hangStage?: string;
  failureRate: number;
  hangRate: number;
  unhealthyNodes: string[];
}

export function resolveFaults(spec: ClusterSpec, defaults: FaultSpec = {}): ResolvedFaults {
  const { labels } = spec;
  const explicit = spec.faults ?? {};
  const rateLabel = labelValue(labels, FAULT_LABELS.failureRate);
  const unhealthyLabel = labelValue(labels, FAULT_LABELS.unhealthyNode);
  const labelRate = rateLabel === undefined ? undefined : Number(rateLabel);
  const labelNodes = unhealthyLabel === undefined ? undefined : [unhealthyLabel];
  const resolved: ResolvedFaults = {
    failureRate: clampRate(explicit.failureRate ?? labelRate ?? defaults.failureRate),
    hangRate: clampRate(explicit.hangRate ?? defaults.hangRate),
    unhealthyNodes: explicit.unhealthyNodes ?? labelNodes ?? defaults.unhealthyNodes ?? [],
  };
  const failStage = explicit.failStage ?? labelValue(labels, FAULT_LABELS.failStage) ?? defaults.failStage;
  const hangStage = explicit.hangStage ?? labelValue(labels, FAULT_LABELS.hangStage) ?? defaults.hangStage;
  if (failStage !== undefined) resolved.failStage = failStage;
  if (hangStage !== undefined) resolved.hangStage = hangStage;
  return resolved;
}

// A label is free text: a rate that is not a number in [0, 1] is treated as no random failures.
function clampRate(rate: number | undefined): number {
  if (rate === undefined || !Number.isFinite(rate)) return 0;
  return Math.min(1, Math.max(0, rate));
}

export interface FaultPlacement {
  /** Index of the stage that fails, or null. */
  failAt: number | null;
  /** Index of the stage that never finishes, or null. */
  hangAt: number | null;
}

/**
 * Places the faults on a plan. `seed` names the operation, so the random draw is the same every
 * time the same operation is observed, in this process or the next one.
 */
export function placeFaults(stages: readonly PlannedStage[], faults: ResolvedFaults, seed: string): FaultPlacement {
  const random = seededRandom(seed);
  const drawn = stages.length > 0 && random() < faults.failureRate ? Math.floor(random() * stages.length) : -1;
  const named = find(stages, faults.failStage);
  const doomed = stages.findIndex((stage) => stage.doomed);
  const failures = [drawn, named, doomed].filter((index) => index >= 0);
  const namedHang = find(stages, faults.hangStage);
  // Drawn after the failure's draw, so a hang rate leaves the failures the same seed gave before.
  const drawnHang = stages.length > 0 && faults.hangRate > 0 && random() < faults.hangRate ? Math.floor(random() * stages.length) : -1;
  const hangs = [namedHang, drawnHang].filter((index) => index >= 0);
  return {
    failAt: failures.length === 0 ? null : Math.min(...failures),
    hangAt: hangs.length === 0 ? null : Math.min(...hangs),
  };
}

function find(stages: readonly PlannedStage[], wanted: string | undefined): number {
  if (wanted === undefined || wanted === "") return -1;
  return stages.findIndex((stage) => stageMatches(stage.name, wanted));
}
