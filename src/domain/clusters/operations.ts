// Recording an operation: the desired change, the status it puts the cluster in, and its event, in one transaction.
import { randomUUID } from "node:crypto";
import type { Transaction } from "../../db/client.js";
import { appendClusterEvent } from "../../db/queries/cluster-events.js";
import { updateClusterRow, type ClusterRow } from "../../db/queries/clusters.js";
import { cancelOperationsOf, insertOperationRow, operationOfClusterIn } from "../../db/queries/operations.js";
import type { DomainContext } from "../context.js";
import type { ClusterStatus, OperationType } from "../enums.js";
import { statusPath } from "./status-machine.js";

export const ACTIVE_OPERATION_STATUSES = ["PENDING", "RUNNING"] as const;

export interface RecordedOperation {
  operationId: string;
  cursor: bigint;
}

/**
 * Moves the cluster to the operation's running status and records the operation (PENDING, for the
 * reconciler to claim) and the STATUS_CHANGED event. The caller has locked the cluster row.
 */
export async function recordOperation(
  transaction: Transaction,
  context: DomainContext,
  cluster: ClusterRow,
  type: OperationType,
  spec: Record<string, unknown>,
  requestId: string | null | undefined,
  reason: string,
): Promise<RecordedOperation> {
  const operationId = randomUUID();
  const now = new Date();
  const running: ClusterStatus = statusPath(type).running;
  await updateClusterRow(transaction, cluster.id, { status: running, statusReason: reason, resourceVersion: cluster.resourceVersion + 1, updatedAt: now });
  await insertOperationRow(transaction, {
    id: operationId,
    projectId: cluster.projectId,
    clusterId: cluster.id,
    type,
    status: "PENDING",
    spec,
    requestId: requestId ?? null,
    createdBy: context.principal.id,
    createdAt: now,
    updatedAt: now,
  });
  const cursor = await appendClusterEvent(transaction, {
    projectId: cluster.projectId,
    clusterId: cluster.id,
    operationId,
    type: "STATUS_CHANGED",
    status: running,
    previousStatus: cluster.status,
    statusReason: reason,
    occurredAt: now,
  });
  return { operationId, cursor };
}

/** Cancels what still runs on the cluster (a delete supersedes it); its worker notices at its next write. */
export async function cancelActiveOperations(transaction: Transaction, clusterId: string, reason: string): Promise<string[]> {
  return cancelOperationsOf(transaction, clusterId, ACTIVE_OPERATION_STATUSES, reason);
}

export async function activeOperation(transaction: Transaction, clusterId: string) {
  return operationOfClusterIn(transaction, clusterId, ACTIVE_OPERATION_STATUSES);
}
