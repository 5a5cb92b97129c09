// The reading half of a reconcile tick: the leased operation and its cluster from the database, then the driver's answer.
import type { Database } from "../../db/client.js";
import { findTemplate } from "../../db/queries/cluster-templates.js";
import { findCluster } from "../../db/queries/clusters.js";
import { nodeGroupsOfClusterByAge } from "../../db/queries/node-groups.js";
import { findOperation } from "../../db/queries/operations.js";
import { upgradedLabels } from "../../domain/clusters/upgrade-rules.js";
import type { ClusterTemplateRow } from "../../db/schema/index.js";
import type { ActionResult, ClusterSpec, Driver } from "../driver.js";
import { OpenStackError } from "../../openstack/http.js";
import { DriverError } from "../errors.js";
import { clusterSpec } from "../spec.js";
import { parseOperationRequest, readProgress, UnreadableOperationError, type OperationRequest } from "./operation-specs.js";
import type { DriverReport, OperationScope, ReconcileSettings } from "./types.js";

/** The operation is gone, finished elsewhere, cancelled, or its lease was taken over: stop driving it. */
export class LeaseLostError extends Error {
  constructor(operationId: string) {
    super(`lost the lease on operation ${operationId}`);
    this.name = "LeaseLostError";
  }
}

/**
 * What a worker keeps of an operation's scope between its ticks: the cluster's template. A template in use cannot
 * change what a cluster's spec reads of it (only name, public, hidden and tags stay mutable, see
 * MUTABLE_WHILE_IN_USE) nor be deleted, so a template read once serves every later tick of a cluster that still
 * names it; a cluster that names another (an upgrade) reads that one.
 */
export interface ScopeCache {
  template?: ClusterTemplateRow;
  /**
   * The operation's cluster id (an operation never changes its cluster): once known, the operation, its cluster and
   * the cluster's groups are read in one round trip, the three statements pipelined, instead of two in turn.
   */
  clusterId?: string | null;
}

/** Reads the operation, its cluster, template and node groups; throws LeaseLostError unless `workerId` holds the operation. */
export async function loadScope(db: Database, operationId: string, workerId: string, settings: ReconcileSettings, cache: ScopeCache = {}): Promise<OperationScope> {
  // Each read through db/'s row-reader (select lists built once per table), as the request path's reads are.
  const known = cache.clusterId;
  const [operation, ahead] = await Promise.all([
    findOperation(db, operationId),
    known ? Promise.all([findCluster(db, known), nodeGroupsOfClusterByAge(db, known)]) : undefined,
  ]);
  if (!operation || operation.status !== "RUNNING" || operation.leaseOwner !== workerId) throw new LeaseLostError(operationId);
  let request: OperationRequest | null = null;
  let requestProblem: string | undefined;
  try {
    request = parseOperationRequest(operation);
  } catch (error) {
    if (!(error instanceof UnreadableOperationError)) throw error;
    requestProblem = error.message;
  }
  const base = { operation, request, ...(requestProblem ? { requestProblem } : {}), progress: readProgress(operation), settings };
  // The cluster and its groups at once, read ahead by the id kept from an earlier tick or the claim (checked against
  // the operation's, read again if it is not).
  const [cluster, groups] =
    ahead && operation.clusterId === known ? ahead : await Promise.all([findCluster(db, operation.clusterId), nodeGroupsOfClusterByAge(db, operation.clusterId)]);
  cache.clusterId = operation.clusterId;
  if (!cluster) return { ...base, cluster: undefined, groups: [], spec: null };
  const template = cache.template?.id === cluster.templateId ? cache.template : await findTemplate(db, cluster.templateId);
  if (template) cache.template = template;
  else delete cache.template;
  const scope: OperationScope = { ...base, cluster, groups, spec: template ? clusterSpec(cluster, template, groups) : null };
  if (request?.type === "CLUSTER_UPGRADE" && !scope.progress.submitted) {
    const target = await findTemplate(db, request.spec.templateId);
    scope.upgradeTarget = target ?? null;
  }
  return scope;
}

/** Whether this tick submits the operation's driver action (it has not been recorded as submitted) or observes it. */
export function submits(scope: OperationScope): boolean {
  return !scope.progress.submitted;
}

/** A driver call that has not settled by its deadline (counted as the driver not answering). */
export class DriverDeadlineError extends Error {
  constructor(driverName: string, call: string, ms: number) {
    super(`the ${driverName} driver did not answer ${call} within ${ms} ms`);
    this.name = "DriverDeadlineError";
  }
}

/** The call's answer, or DriverDeadlineError once `ms` have passed (the call itself is left to settle on its own). */
export function withDeadline<Value>(call: Promise<Value>, ms: number, error: () => Error): Promise<Value> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(error()), ms);
    timer.unref?.();
  });
  return Promise.race([call, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Asks the driver: the operation's one action when it has not been submitted yet, else an observation.
 * A DriverError (or an OpenStackError, a service's definite refusal) is a refusal; any other error means the driver did not answer (retried after a backoff).
 * Every call has a deadline of one lease (settings.leaseMs): a call that never returns is the driver not answering, so it
 * cannot hold the operation (and this worker's slot) forever; past a lease another worker could take the operation over anyway.
 */
export async function askDriver(driver: Driver, scope: OperationScope): Promise<DriverReport> {
  const { cluster, spec, request } = scope;
  if (!cluster || !spec || !request) return { kind: "none" };
  const ms = scope.settings.callTimeoutMs ?? scope.settings.leaseMs;
  try {
    if (submits(scope)) {
      const result = await withDeadline(submit(driver, scope, spec, request), ms, () => new DriverDeadlineError(scope.settings.driverName, request.type, ms));
      return { kind: "submitted", stackId: result.stackId };
    }
    return { kind: "observed", observation: await withDeadline(driver.observe(spec, cluster.stackId), ms, () => new DriverDeadlineError(scope.settings.driverName, "observe", ms)) };
  } catch (error) {
    if (error instanceof DriverError || error instanceof OpenStackError) return { kind: "rejected", code: error.code, reason: error.reason };
    return { kind: "unavailable", message: error instanceof Error ? error.message : String(error) };
  }
}

function submit(driver: Driver, scope: OperationScope, spec: ClusterSpec, request: OperationRequest): Promise<ActionResult> {
  const stackId = scope.cluster?.stackId ?? null;
  const requireStack = () => {
    if (!stackId) throw new DriverError("STACK_NOT_FOUND", "the cluster has no stack to change");
    return stackId;
  };
  switch (request.type) {
    case "CLUSTER_CREATE":
      return driver.create(spec, stackId);
    case "CLUSTER_UPDATE":
    case "CLUSTER_ROLLBACK":
      return driver.update(spec, requireStack());
    case "CLUSTER_RESIZE":
    case "CLUSTER_REPAIR":
      // A repair is Heat's resize with removal policies at the same count: the named nodes are replaced.
      return driver.resize(spec, requireStack(), { nodeGroupId: request.spec.nodeGroupId, nodeCount: request.spec.nodeCount, nodesToRemove: request.spec.nodesToRemove });
    case "CLUSTER_UPGRADE": {
      const target = scope.upgradeTarget;
      if (!target) throw new DriverError("INVALID_REQUEST", "the template to upgrade to no longer exists");
      // The cluster's labels with the target's kube_tag: a template without one keeps the running version.
      return driver.upgrade(spec, requireStack(), {
        template: { imageId: target.imageId, labels: upgradedLabels(spec.labels, target.labels) },
        maxBatchSize: request.spec.maxBatchSize,
        nodeGroupId: request.spec.nodeGroupId,
      });
    }
    case "CLUSTER_DELETE":
      return driver.delete(spec, stackId);
    case "CLUSTER_CA_ROTATE":
      return driver.rotateCa(spec, requireStack());
    case "NODE_GROUP_CREATE":
      return driver.createNodeGroup(spec, requireStack(), request.spec.nodeGroupId);
    case "NODE_GROUP_UPDATE":
      return driver.updateNodeGroup(spec, requireStack(), request.spec.nodeGroupId);
    case "NODE_GROUP_DELETE":
      return driver.deleteNodeGroup(spec, requireStack(), request.spec.nodeGroupId);
  }
}
