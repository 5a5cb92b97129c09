// A cluster's certificate conditions, derived from its CA rows and the clock: a pure function, like every other status.
import type { CertificateSettings } from "./certificates-settings.js";
import { retirementDueAt } from "./certificates-rotation.js";
import type { CertificateRecord } from "./certificates.js";

export const CONDITION_STATUSES = ["TRUE", "FALSE", "UNKNOWN"] as const;
export type ConditionStatus = (typeof CONDITION_STATUSES)[number];

/** Cluster API's condition shape: a type, whether it holds, a CamelCase reason, and words for people. */
export interface Condition {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string | null;
}

export const CONDITION_TYPES = {
  expiring: "CertificateAuthorityExpiring",
  retirementPending: "CertificateAuthorityRetirementPending",
} as const;

const millisecondsPerDay = 24 * 60 * 60 * 1000;

/**
 * No conditions for a cluster without CAs (TLS disabled, not yet created). Otherwise
 * CertificateAuthorityExpiring is TRUE when a CA in use (ACTIVE) expires within the warning window
 * or has expired, naming the first to go; CertificateAuthorityRetirementPending is TRUE between
 * the two phases of a rotation, with when the previous CA goes automatically.
 */
export function certificateConditions(
  rows: readonly Pick<CertificateRecord, "kind" | "state" | "generation" | "notAfter" | "updatedAt">[],
  now: Date,
  settings: Pick<CertificateSettings, "expiryWarningDays" | "rotationGraceSeconds">,
): Condition[] {
  const active = rows.filter((row) => row.state === "ACTIVE");
  if (active.length === 0) return [];
  return [expiring(active, now, settings.expiryWarningDays), retirementPending(rows, settings.rotationGraceSeconds)];
}

function expiring(active: readonly Pick<CertificateRecord, "kind" | "notAfter">[], now: Date, warningDays: number): Condition {
  const first = [...active].sort((left, right) => left.notAfter.getTime() - right.notAfter.getTime())[0]!;
  const left = first.notAfter.getTime() - now.getTime();
  const when = first.notAfter.toISOString();
  if (left <= 0) {
    return { type: CONDITION_TYPES.expiring, status: "TRUE", reason: "Expired", message: `the ${first.kind} CA expired at ${when}: nothing it signed verifies; rotate it with clusterCaRotate` };
  }
  const days = Math.floor(left / millisecondsPerDay);
  if (left <= warningDays * millisecondsPerDay) {
    return {
      type: CONDITION_TYPES.expiring,
      status: "TRUE",
      reason: "ExpiresSoon",
      message: `the ${first.kind} CA expires at ${when} (in ${days} day${days === 1 ? "" : "s"}, within the ${warningDays}-day warning window); rotate it with clusterCaRotate`,
    };
  }
  return { type: CONDITION_TYPES.expiring, status: "FALSE", reason: "ValidBeyondWarningWindow", message: `the first CA to expire is the ${first.kind} CA, at ${when}` };
}

function retirementPending(rows: readonly Pick<CertificateRecord, "state" | "generation" | "updatedAt">[], graceSeconds: number): Condition {
  const retiring = rows.filter((row) => row.state === "RETIRING");
  if (retiring.length === 0) {
    return { type: CONDITION_TYPES.retirementPending, status: "FALSE", reason: "NoPreviousAuthority", message: null };
  }
  const since = new Date(Math.min(...retiring.map((row) => row.updatedAt.getTime())));
  const generation = Math.max(...retiring.map((row) => row.generation));
  return {
    type: CONDITION_TYPES.retirementPending,
    status: "TRUE",
    reason: "PreviousAuthorityTrusted",
    message: `the previous CA (generation ${generation}) is still trusted so that older credentials keep working; it is retired at ${retirementDueAt(since, graceSeconds).toISOString()}, or earlier with clusterCaRotate(phase: RETIRE_PREVIOUS)`,
  };
}
