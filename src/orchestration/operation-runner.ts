// Drives one claimed operation: submit the driver action once, observe, persist each change with its event, finish.
import { and, eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "../db/client.js";
import { appendClusterEvents, type NewClusterEvent } from "../db/queries/cluster-events.js";
import { clusterTemplates, clusters, nodeGroups, operations, type ClusterRow, type NodeGroupRow, type OperationRow, type OperationStageRow } from "../db/schema/index.js";
import type { ClusterStatus, OperationType } from "../domain/enums.js";
import type { Label } from "../domain/labels.js";
import { statusPath } from "../domain/clusters/status-machine.js";
import { upgradedLabels } from "../domain/clusters/upgrade-rules.js";
import type { ActionResult, ClusterSpec, Driver, Observation, StageObservation } from "./driver.js";
import { DriverError } from "./errors.js";
import { clusterSpec } from "./spec.js";

export interface RunnerContext {
  db: Database;
  driver: Driver;
  workerId: string;
  leaseMs: number;
  /** Called after each commit with the cursors it recorded (wakes the event bus at once). */
  announce(cursors: bigint[]): void;
  /** Real milliseconds per simulated minute: createTimeout minutes are scaled like the driver's clock. */
  timeScale: number;
  now(): number;
}

/** The operation was cancelled, finished elsewhere, or its lease was taken over: stop driving it. */
export class LeaseLostError extends Error {
  constructor(operationId: string) {
    super(`lost the lease on operation ${operationId}`);
    this.name = "LeaseLostError";
  }
}

export type TickOutcome = "continue" | "finished";

interface Scope {
  operation: OperationRow;
  cluster: ClusterRow | undefined;
  groups: NodeGroupRow[];
  spec: ClusterSpec | null;
}

/**
 * Work done once per operation, in the transaction that records its driver submission (the certificates
 * phases register here), and optionally settled in the transaction that records its outcome.
 */
export interface OperationPhase<Prepared = unknown> {
  name: string;
  appliesTo(type: OperationType): boolean;
  /**
   * Slow work (generating CA keys) done before the driver call and outside any transaction, so the
   * transaction stays short (PGlite runs one at a time). Its result is handed to run().
   */
  prepare?(scope: { operation: OperationRow; cluster: ClusterRow; spec: ClusterSpec }): Promise<Prepared>;
  run(transaction: Transaction, scope: { operation: OperationRow; cluster: ClusterRow; prepared?: Prepared }): Promise<void>;
  /** Keeps or undoes what run() recorded, before the cluster's new status is written; also called when the submission itself failed. */
  settle?(transaction: Transaction, scope: { operation: OperationRow; cluster: ClusterRow; failed: boolean }): Promise<void>;
}

const MAX_TRANSIENT_FAILURES = 8;

export class OperationRunner {
  private transientFailures = 0;
  private clusterId: string | null = null;
  /** What the phases prepared for the submission, kept across retries of the driver call. */
  private prepared: unknown[] | null = null;
  /** When the last observation said it would next change (epoch ms), if the driver knows. */
  nextChangeAt: number | undefined;

  constructor(
    private readonly context: RunnerContext,
    private readonly operationId: string,
    private readonly phases: OperationPhase[] = [],
  ) {}

  /** One reconcile step; returns whether the operation is done (for this worker). */
  async tick(): Promise<TickOutcome> {
    const scope = await this.load();
    const { operation } = scope;
    if (operation.status !== "RUNNING" || operation.leaseOwner !== this.context.workerId) throw new LeaseLostError(operation.id);
    if (!scope.cluster || !scope.spec) {
      await this.finish(scope, { failed: true, code: "CLUSTER_GONE", reason: "the cluster no longer exists" });
      return "finished";
    }
    const submitted = operation.spec.submitted === true;
    if (!submitted) return this.submit(scope as Scope & { cluster: ClusterRow; spec: ClusterSpec });

    let observation: Observation;
    try {
      observation = await this.context.driver.observe(scope.spec, scope.cluster.stackId);
      this.nextChangeAt = observation.nextChangeAt;
      this.transientFailures = 0;
    } catch (error) {
      return this.transient(scope, error);
    }
    const timedOut = this.timedOut(scope, observation);
    if (timedOut) {
      await this.finish(scope, { failed: true, code: "TIMEOUT", reason: timedOut, observation });
      return "finished";
    }
    if (observation.state === "IN_PROGRESS") {
      await this.progress(scope, observation);
      return "continue";
    }
    if (observation.state === "NOT_FOUND") {
      // Magnum's poller: a missing stack means delete succeeded, and anything else failed.
      const deleting = operation.type === "CLUSTER_DELETE";
      await this.finish(scope, deleting ? { failed: false, observation } : { failed: true, code: "STACK_NOT_FOUND", reason: "the cluster's stack disappeared", observation });
      return "finished";
    }
    if (observation.state === "FAILED") {
      await this.finish(scope, { failed: true, code: "STAGE_FAILED", reason: observation.reason ?? "the driver reported a failure", observation });
      return "finished";
    }
    await this.finish(scope, { failed: false, observation });
    return "finished";
  }

  private async load(): Promise<Scope> {
    const { db } = this.context;
    const [operation] = await db.select().from(operations).where(eq(operations.id, this.operationId));
    if (!operation) throw new LeaseLostError(this.operationId);
    this.clusterId = operation.clusterId;
    const [cluster] = await db.select().from(clusters).where(eq(clusters.id, operation.clusterId));
    if (!cluster) return { operation, cluster: undefined, groups: [], spec: null };
    const [template] = await db.select().from(clusterTemplates).where(eq(clusterTemplates.id, cluster.templateId));
    const groups = await db.select().from(nodeGroups).where(eq(nodeGroups.clusterId, cluster.id)).orderBy(nodeGroups.createdAt, nodeGroups.id);
    return { operation, cluster, groups, spec: template ? clusterSpec(cluster, template, groups) : null };
  }

  private async submit(scope: Scope & { cluster: ClusterRow; spec: ClusterSpec }): Promise<TickOutcome> {
    const { operation, cluster, spec } = scope;
    const phases = this.phases.filter((phase) => phase.appliesTo(operation.type as OperationType));
    // Before the driver call, and once even if the call is retried: the gap between the call and the
    // write that records it stays as short as without phases.
    if (this.prepared === null) {
      this.prepared = await Promise.all(phases.map((phase) => phase.prepare?.({ operation, cluster, spec })));
      // Preparing takes a while: a delete may have cancelled the operation meanwhile, and then the driver must not be called.
      if (phases.some((phase) => phase.prepare)) await this.renewLease();
    }
    const prepared = this.prepared;
    let result: ActionResult;
    try {
      result = await this.callDriver(operation, cluster, spec);
      this.transientFailures = 0;
    } catch (error) {
      if (error instanceof DriverError) {
        await this.finish(scope, { failed: true, code: error.code, reason: error.reason });
        return "finished";
      }
      return this.transient(scope, error);
    }
    await this.write(async (transaction) => {
      for (const [index, phase] of phases.entries()) await phase.run(transaction, { operation, cluster, prepared: prepared[index] });
      await transaction
        .update(operations)
        .set({ spec: { ...operation.spec, submitted: true, stackId: result.stackId }, updatedAt: new Date() })
        .where(eq(operations.id, operation.id));
      await transaction.update(clusters).set({ stackId: result.stackId }).where(eq(clusters.id, cluster.id));
      await transaction.update(nodeGroups).set({ stackId: result.stackId }).where(eq(nodeGroups.clusterId, cluster.id));
      return [];
    });
    return "continue";
  }

  private async callDriver(operation: OperationRow, cluster: ClusterRow, spec: ClusterSpec): Promise<ActionResult> {
    const { driver } = this.context;
    const stackId = cluster.stackId;
    const request = operation.spec as Record<string, unknown>;
    const requireStack = () => {
      if (!stackId) throw new DriverError("STACK_NOT_FOUND", "the cluster has no stack to change");
      return stackId;
    };
    switch (operation.type as OperationType) {
      case "CLUSTER_CREATE":
        return driver.create(spec, stackId);
      case "CLUSTER_UPDATE":
      case "CLUSTER_ROLLBACK":
        return driver.update(spec, requireStack());
      case "CLUSTER_RESIZE":
      case "CLUSTER_REPAIR":
        // A repair is Heat's resize with removal policies at the same count: the named nodes are replaced.
        return driver.resize(spec, requireStack(), {
          nodeGroupId: String(request.nodeGroupId),
          nodeCount: Number(request.nodeCount),
          nodesToRemove: (request.nodesToRemove as string[] | undefined) ?? [],
        });
      case "CLUSTER_UPGRADE": {
        const [target] = await this.context.db.select().from(clusterTemplates).where(eq(clusterTemplates.id, String(request.templateId)));
        if (!target) throw new DriverError("INVALID_REQUEST", "the template to upgrade to no longer exists");
        // The cluster's labels with the target's kube_tag: a template without one keeps the running version.
        return driver.upgrade(spec, requireStack(), {
          template: { imageId: target.imageId, labels: upgradedLabels(spec.labels, target.labels) },
          maxBatchSize: Number(request.maxBatchSize ?? 1),
          nodeGroupId: (request.nodeGroupId as string | null) ?? null,
        });
      }
      case "CLUSTER_DELETE":
        return driver.delete(spec, stackId);
      case "CLUSTER_CA_ROTATE":
        return driver.rotateCa(spec, requireStack());
      case "NODE_GROUP_CREATE":
        return driver.createNodeGroup(spec, requireStack(), String(request.nodeGroupId));
      case "NODE_GROUP_UPDATE":
        return driver.updateNodeGroup(spec, requireStack(), String(request.nodeGroupId));
      case "NODE_GROUP_DELETE":
        return driver.deleteNodeGroup(spec, requireStack(), String(request.nodeGroupId));
    }
  }

  /** A driver that did not answer (network, 5xx): retry with backoff, then fail with what it said. */
  private async transient(scope: Scope, error: unknown): Promise<TickOutcome> {
    this.transientFailures += 1;
    if (this.transientFailures < MAX_TRANSIENT_FAILURES) {
      await this.renewLease();
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 100 * 2 ** this.transientFailures)));
      return "continue";
    }
    const reason = `the ${this.context.driver.name} driver kept failing: ${error instanceof Error ? error.message : String(error)}`;
    await this.finish(scope, { failed: true, code: "DRIVER_UNAVAILABLE", reason });
    return "finished";
  }

  private timedOut(scope: Scope, observation: Observation): string | null {
    const { operation, cluster } = scope;
    if (operation.type !== "CLUSTER_CREATE" || !cluster || cluster.createTimeout <= 0 || observation.state !== "IN_PROGRESS") return null;
    const elapsed = this.context.now() - (operation.startedAt ?? operation.createdAt).getTime();
    if (elapsed <= cluster.createTimeout * this.context.timeScale) return null;
    const stage = observation.stages.find((candidate) => candidate.status === "RUNNING");
    const where = stage ? ` while in stage "${stage.name}" (${stage.description})` : "";
    return `Create timed out after ${cluster.createTimeout} minute${cluster.createTimeout === 1 ? "" : "s"}${where}; delete the cluster, or raise createTimeout and create it again`;
  }

  async renewLease(): Promise<void> {
    await this.write(async () => []);
  }

  /** Runs `work` in a transaction that first proves this worker still owns the operation and extends the lease. */
  private async write(work: (transaction: Transaction) => Promise<NewClusterEvent[]>): Promise<void> {
    const { db, workerId, leaseMs } = this.context;
    const cursors = await db.transaction(async (transaction) => {
      // Lock order everywhere: cluster row, then operation rows, then the event append lock. Mutations
      // (a delete cancelling this operation) take the same order, so the two never deadlock.
      if (this.clusterId) await transaction.select({ id: clusters.id }).from(clusters).where(eq(clusters.id, this.clusterId)).for("no key update");
      const owned = await transaction
        .update(operations)
        .set({ leaseExpiresAt: sql`now() + ${leaseMs} * interval '1 millisecond'` })
        .where(and(eq(operations.id, this.operationId), eq(operations.status, "RUNNING"), eq(operations.leaseOwner, workerId)))
        .returning({ id: operations.id });
      if (owned.length === 0) throw new LeaseLostError(this.operationId);
      const events = await work(transaction);
      return appendClusterEvents(transaction, events);
    });
    this.context.announce(cursors);
  }

  private async progress(scope: Scope, observation: Observation): Promise<void> {
    const { operation, cluster, groups } = scope;
    if (!cluster) return;
    const stages = observation.stages.map(stageRow);
    const events: NewClusterEvent[] = [];
    const before = new Map(operation.stages.map((stage) => [stage.name, stage.status]));
    for (const stage of observation.stages) {
      if (before.get(stage.name) === stage.status || (stage.status === "PENDING" && !before.has(stage.name))) continue;
      events.push(this.event(cluster, operation, {
        type: "PROGRESS",
        stage: stage.name,
        percent: observation.percent,
        details: stageDetails(stage),
      }));
    }
    const clusterChanges = observedClusterFields(cluster, observation);
    // Magnum's status_reason carries Heat's current resource; ours names the running stage.
    const reason = stageReason(operation.type as OperationType, observation.stages);
    if (reason !== null && reason !== cluster.statusReason) clusterChanges.statusReason = reason;
    for (const event of events) event.statusReason = reason ?? cluster.statusReason;
    const groupChanges = observedGroupFields(groups, observation);
    const changed = events.length > 0 || operation.percent !== observation.percent || Object.keys(clusterChanges).length > 0 || groupChanges.length > 0;
    const leaseLeft = (operation.leaseExpiresAt?.getTime() ?? 0) - Date.now();
    if (!changed) {
      if (leaseLeft < this.context.leaseMs / 2) await this.renewLease();
      return;
    }
    await this.write(async (transaction) => {
      await transaction.update(operations).set({ stages, percent: observation.percent, updatedAt: new Date() }).where(eq(operations.id, operation.id));
      if (Object.keys(clusterChanges).length > 0) await transaction.update(clusters).set({ ...clusterChanges, updatedAt: new Date() }).where(eq(clusters.id, cluster.id));
      for (const change of groupChanges) await transaction.update(nodeGroups).set({ ...change.fields, updatedAt: new Date() }).where(eq(nodeGroups.id, change.id));
      return events;
    });
  }

  private event(cluster: ClusterRow, operation: OperationRow, fields: Partial<NewClusterEvent>): NewClusterEvent {
    return { projectId: cluster.projectId, clusterId: cluster.id, operationId: operation.id, occurredAt: new Date(), type: "PROGRESS", ...fields };
  }

  private async finish(scope: Scope, outcome: { failed: boolean; code?: string; reason?: string; observation?: Observation }): Promise<void> {
    const { operation, cluster, groups } = scope;
    const type = operation.type as OperationType;
    const path = statusPath(type);
    const now = new Date();
    const observation = outcome.observation;
    await this.write(async (transaction) => {
      const events: NewClusterEvent[] = [];
      const stages = observation ? observation.stages.map(stageRow) : operation.stages;
      await transaction
        .update(operations)
        .set({
          status: outcome.failed ? "FAILED" : "SUCCEEDED",
          stages,
          percent: outcome.failed ? (observation?.percent ?? operation.percent) : 100,
          errorCode: outcome.failed ? (outcome.code ?? "FAILED") : null,
          errorMessage: outcome.failed ? (outcome.reason ?? null) : null,
          finishedAt: now,
          updatedAt: now,
          leaseOwner: null,
          leaseExpiresAt: null,
        })
        .where(eq(operations.id, operation.id));
      if (!cluster) return events;
      for (const phase of this.phases) if (phase.appliesTo(type)) await phase.settle?.(transaction, { operation, cluster, failed: outcome.failed });

      if (observation) {
        for (const stage of observation.stages) {
          const was = operation.stages.find((candidate) => candidate.name === stage.name)?.status;
          if (was !== stage.status && stage.status !== "PENDING") {
            events.push(this.event(cluster, operation, { type: "PROGRESS", stage: stage.name, percent: observation.percent, details: stageDetails(stage) }));
          }
        }
      }
      if (type === "CLUSTER_DELETE" && !outcome.failed) {
        // Node groups and certificates go with the cluster (cascade); its events and operations stay as history.
        await transaction.delete(clusters).where(eq(clusters.id, cluster.id));
        events.push(this.event(cluster, operation, { type: "STATUS_CHANGED", status: "DELETE_COMPLETE", previousStatus: cluster.status, statusReason: "Cluster deleted", percent: 100 }));
        events.push(this.event(cluster, operation, { type: "DELETED", status: "DELETE_COMPLETE", statusReason: "Cluster deleted" }));
        return events;
      }

      const status: ClusterStatus = outcome.failed ? path.failed : path.succeeded;
      const reason = outcome.failed ? (outcome.reason ?? "failed") : successReason(type);
      const faults = outcome.failed ? (observation?.faults && Object.keys(observation.faults).length ? observation.faults : faultsFor(groups, operation, reason)) : {};
      const fields: Partial<ClusterRow> = { ...(observation ? observedClusterFields(cluster, observation) : {}), status, statusReason: reason, faults, updatedAt: now, resourceVersion: cluster.resourceVersion + 1 };
      const upgraded = upgradedGroups(type, outcome.failed, operation.spec);
      if (upgraded.wholeCluster) {
        fields.templateId = String(operation.spec.templateId);
        fields.labels = upgradedLabels(cluster.labels, upgraded.targetLabels);
      }
      await transaction.update(clusters).set(fields).where(eq(clusters.id, cluster.id));

      for (const group of groups) {
        if (type === "NODE_GROUP_DELETE" && group.id === operation.spec.nodeGroupId && !outcome.failed) {
          await transaction.delete(nodeGroups).where(eq(nodeGroups.id, group.id));
          continue;
        }
        const observed = observation?.nodeGroups.find((candidate) => candidate.uuid === group.id);
        const groupStatus = settledGroupStatus(group.status, outcome.failed);
        await transaction
          .update(nodeGroups)
          .set({
            status: groupStatus,
            statusReason: outcome.failed && groupStatus.endsWith("_FAILED") ? (faults[group.name] ?? reason) : null,
            ...(observed ? { nodeAddresses: observed.nodeAddresses, version: observed.version } : {}),
            ...(upgraded.wholeCluster || upgraded.nodeGroupId === group.id ? { labels: upgradedLabels(group.labels, upgraded.targetLabels) } : {}),
            updatedAt: now,
          })
          .where(eq(nodeGroups.id, group.id));
      }
      events.push(this.event(cluster, operation, { type: "STATUS_CHANGED", status, previousStatus: cluster.status, statusReason: reason, percent: outcome.failed ? (observation?.percent ?? operation.percent) : 100 }));
      return events;
    });
  }
}

/** What a PROGRESS event says of its stage; `transitionAt` is when the driver saw it change (epoch ms). */
function stageDetails(stage: StageObservation): Record<string, unknown> {
  const transitionAt = stage.status === "RUNNING" ? stage.startedAt : stage.finishedAt;
  return { stageStatus: stage.status, description: stage.description, ...(transitionAt ? { transitionAt } : {}) };
}

function stageRow(stage: StageObservation): OperationStageRow {
  return {
    name: stage.name,
    status: stage.status,
    startedAt: stage.startedAt ? new Date(stage.startedAt).toISOString() : null,
    finishedAt: stage.finishedAt ? new Date(stage.finishedAt).toISOString() : null,
  };
}

const OPERATION_VERBS: Record<OperationType, string> = {
  CLUSTER_CREATE: "Creating",
  CLUSTER_UPDATE: "Updating",
  CLUSTER_RESIZE: "Resizing",
  CLUSTER_UPGRADE: "Upgrading",
  CLUSTER_ROLLBACK: "Rolling back",
  CLUSTER_DELETE: "Deleting",
  CLUSTER_CA_ROTATE: "Rotating the CA",
  NODE_GROUP_CREATE: "Adding a node group",
  NODE_GROUP_UPDATE: "Updating a node group",
  NODE_GROUP_DELETE: "Deleting a node group",
  CLUSTER_REPAIR: "Repairing",
};

/** The cluster's statusReason while an operation runs: "Creating: Booting 3 master servers (stage 3 of 8)"; null before the first stage. */
export function stageReason(type: OperationType, stages: readonly Pick<StageObservation, "name" | "description" | "status">[]): string | null {
  const index = stages.findIndex((stage) => stage.status === "RUNNING");
  if (index < 0) return null;
  const verb = OPERATION_VERBS[type] ?? "Working";
  return `${verb}: ${stages[index]!.description} (stage ${index + 1} of ${stages.length})`;
}

/** Which labels a finished operation rewrites: a successful upgrade gives the cluster (or its one group) the target's kube_tag. */
export function upgradedGroups(type: OperationType, failed: boolean, spec: Record<string, unknown>): { wholeCluster: boolean; nodeGroupId: string | null; targetLabels: Label[] } {
  if (type !== "CLUSTER_UPGRADE" || failed) return { wholeCluster: false, nodeGroupId: null, targetLabels: [] };
  const nodeGroupId = (spec.nodeGroupId as string | null | undefined) ?? null;
  return { wholeCluster: nodeGroupId === null, nodeGroupId, targetLabels: (spec.targetLabels as Label[] | undefined) ?? [] };
}

function successReason(type: OperationType): string {
  switch (type) {
    case "CLUSTER_CREATE":
      return "Stack CREATE completed successfully";
    case "CLUSTER_ROLLBACK":
      return "Rollback completed successfully";
    default:
      return "Stack UPDATE completed successfully";
  }
}

/** A node group's status once the operation ends: what was in progress becomes complete or failed. */
function settledGroupStatus(current: string, failed: boolean): ClusterStatus {
  if (!current.endsWith("_IN_PROGRESS")) return current as ClusterStatus;
  return current.replace("_IN_PROGRESS", failed ? "_FAILED" : "_COMPLETE") as ClusterStatus;
}

function faultsFor(groups: NodeGroupRow[], operation: OperationRow, reason: string): Record<string, string> {
  const touched = groups.filter((group) => group.status.endsWith("_IN_PROGRESS") || group.id === operation.spec.nodeGroupId);
  return Object.fromEntries((touched.length ? touched : groups).map((group) => [group.name, reason]));
}

function same(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

function observedClusterFields(cluster: ClusterRow, observation: Observation): Partial<ClusterRow> {
  const next: Partial<ClusterRow> = {
    apiAddress: observation.apiAddress ?? cluster.apiAddress,
    masterAddresses: observation.masterAddresses,
    nodeAddresses: observation.nodeAddresses,
    coeVersion: observation.coeVersion ?? cluster.coeVersion,
    containerVersion: observation.containerVersion ?? cluster.containerVersion,
  };
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => !same(value, cluster[key as keyof ClusterRow]))) as Partial<ClusterRow>;
}

function observedGroupFields(groups: NodeGroupRow[], observation: Observation): { id: string; fields: Partial<NodeGroupRow> }[] {
  const changes: { id: string; fields: Partial<NodeGroupRow> }[] = [];
  for (const group of groups) {
    const observed = observation.nodeGroups.find((candidate) => candidate.uuid === group.id);
    if (!observed) continue;
    const fields: Partial<NodeGroupRow> = {};
    if (!same(observed.nodeAddresses, group.nodeAddresses)) fields.nodeAddresses = observed.nodeAddresses;
    if (observed.version && observed.version !== group.version) fields.version = observed.version;
    if (Object.keys(fields).length > 0) changes.push({ id: group.id, fields });
  }
  return changes;
}
