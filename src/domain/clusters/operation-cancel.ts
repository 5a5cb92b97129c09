// operationCancel: stops a running create, update, resize or upgrade and leaves the cluster in its truthful failed status.
import { appendClusterEvent } from "../../db/queries/cluster-events.js";
import { findCluster, updateClusterRow } from "../../db/queries/clusters.js";
import { failNodeGroupsInProgress } from "../../db/queries/node-groups.js";
import { findOperation, lockOperation, updateOperationRow, type OperationRow } from "../../db/queries/operations.js";
import { runAction, type ActionOptions } from "./cluster-lifecycle.js";
import type { DomainContext } from "../context.js";
import type { OperationType } from "../enums.js";
import { invalidState, noSuch, notFound } from "../errors.js";
import { ACTIVE_OPERATION_STATUSES } from "./operations.js";
import { authorize, canSee } from "../policy/index.js";
import { statusPath } from "./status-machine.js";

/** What a user may cancel: the work Magnum lets a user start and that ends in a recoverable failed status. */
export const CANCELLABLE_OPERATIONS: readonly OperationType[] = ["CLUSTER_CREATE", "CLUSTER_UPDATE", "CLUSTER_RESIZE", "CLUSTER_UPGRADE"];

const NOUNS: Partial<Record<OperationType, string>> = { CLUSTER_CREATE: "Create", CLUSTER_UPDATE: "Update", CLUSTER_RESIZE: "Resize", CLUSTER_UPGRADE: "Upgrade" };

/** The reason the cluster and the operation carry: who cancelled, and at which stage. */
export function cancellationReason(operation: Pick<OperationRow, "type" | "stages">, by: string): string {
  const stage = operation.stages.find((candidate) => candidate.status === "RUNNING")?.name;
  return `${NOUNS[operation.type as OperationType] ?? "Operation"} cancelled by ${by}${stage ? ` during stage ${stage}` : ""}`;
}

/**
 * The safe point is the transaction: it locks the cluster row as the runner's every write does, so the
 * runner's next write finds the operation no longer RUNNING and stops (LeaseLostError) without writing.
 * The driver's work in flight is not rolled back; the cluster reads CREATE_FAILED or UPDATE_FAILED, from
 * which delete (after a create) or a retry and clusterRollback (after an update) recover, as after a failure.
 */
export async function cancelOperation(context: DomainContext, operationId: string, options: ActionOptions) {
  return runAction(context, "operationCancel", options.requestId, { operationId }, async (transaction, record) => {
    const seen = await findOperation(transaction, operationId);
    if (!seen || !canSee(context.principal, "operation", seen)) throw notFound("id", noSuch("operation"));
    authorize(context.principal, "operation", "cancel", seen, "id", "operation");
    // Lock order as everywhere: the cluster row, then the operation row.
    const cluster = await findCluster(transaction, seen.clusterId, true);
    const operation = await lockOperation(transaction, operationId);
    if (!operation || !(ACTIVE_OPERATION_STATUSES as readonly string[]).includes(operation.status)) {
      throw invalidState("id", `the operation is ${operation?.status ?? "gone"}: only a PENDING or RUNNING operation can be cancelled`);
    }
    const type = operation.type as OperationType;
    if (!CANCELLABLE_OPERATIONS.includes(type)) {
      throw invalidState("id", `a ${type} cannot be cancelled; only ${CANCELLABLE_OPERATIONS.join(", ")} can (a delete supersedes anything)`);
    }
    if (!cluster) throw invalidState("id", "the operation's cluster no longer exists");
    const reason = cancellationReason(operation, context.principal.name);
    const now = new Date();
    await updateOperationRow(transaction, operationId, {
      status: "CANCELLED",
      errorCode: "CANCELLED",
      errorMessage: reason,
      cancelledBy: context.principal.name,
      finishedAt: now,
      updatedAt: now,
      leaseOwner: null,
      leaseExpiresAt: null,
    });
    const failed = statusPath(type).failed;
    await updateClusterRow(transaction, cluster.id, { status: failed, statusReason: reason, resourceVersion: cluster.resourceVersion + 1, updatedAt: now });
    await failNodeGroupsInProgress(transaction, cluster.id, reason, now);
    const cursor = await appendClusterEvent(transaction, {
      projectId: cluster.projectId,
      clusterId: cluster.id,
      operationId,
      type: "STATUS_CHANGED",
      status: failed,
      previousStatus: cluster.status,
      statusReason: reason,
      occurredAt: now,
    });
    record(cursor);
    return { clusterId: cluster.id, operationId };
  });
}

