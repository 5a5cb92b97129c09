// CA rotation in two phases: ROTATE adds new CAs beside the old, RETIRE_PREVIOUS drops the old once users and nodes have moved.
import type { Transaction } from "../../db/client.js";
import { retiringGeneration } from "../../db/queries/certificates.js";
import { invalidState } from "../errors.js";

export const CA_ROTATION_PHASES = ["ROTATE", "RETIRE_PREVIOUS"] as const;
export type CaRotationPhase = (typeof CA_ROTATION_PHASES)[number];

/** The phase a CLUSTER_CA_ROTATE operation runs; operations recorded before phases existed rotated. */
export function rotationPhaseOf(spec: Record<string, unknown>): CaRotationPhase {
  return spec.phase === "RETIRE_PREVIOUS" ? "RETIRE_PREVIOUS" : "ROTATE";
}

export function rotationReason(phase: CaRotationPhase): string {
  return phase === "ROTATE"
    ? "Rotating the cluster's certificate authority: adding new CAs beside the current ones"
    : "Retiring the cluster's previous certificate authority";
}

/**
 * At most two generations are trusted at once: a rotation waits until the previous one is retired,
 * and there is nothing to retire without a rotation. The caller holds the cluster row lock.
 */
export async function checkRotationPhase(transaction: Transaction, clusterId: string, phase: CaRotationPhase): Promise<void> {
  const previous = await retiringGeneration(transaction, clusterId);
  if (phase === "ROTATE" && previous !== null) {
    throw invalidState(
      "phase",
      `the previous CA (generation ${previous}) is still trusted after the last rotation: retire it first with phase RETIRE_PREVIOUS, or wait until its grace period ends`,
    );
  }
  if (phase === "RETIRE_PREVIOUS" && previous === null) {
    throw invalidState("phase", "there is no previous CA to retire: retiring follows a completed rotation");
  }
}

/** When a previous CA that started retiring at `since` is retired automatically. */
export function retirementDueAt(since: Date, graceSeconds: number): Date {
  return new Date(since.getTime() + graceSeconds * 1000);
}
