// The contract between the reconciler and whatever builds clusters: plain data in, plain observations out.
//
// Modelled on Magnum's driver base class (magnum/drivers/common/driver.py): a driver declares the
// (coe, distro, server type) combinations it provides and the actions it supports, and raises
// NotSupportedError for the rest. Every action is asynchronous: it returns at once with a stack id
// the caller must store, and the caller learns what happened by calling observe() later.

import type { DriverAction, OperationAction, StackAction } from "./actions.js";
import { NotSupportedError } from "./errors.js";
import type { TrusteeCredentials } from "../openstack/trusts.js";

export type { DriverAction, OperationAction, StackAction } from "./actions.js";
export { DRIVER_ACTIONS, clusterActionOf, nodeGroupActionOf } from "./actions.js";
export { DriverError, NotSupportedError, type DriverErrorCode } from "./errors.js";

/** Container orchestration engines, spelled as in Magnum's cluster templates. */
export type Coe = "KUBERNETES" | "SWARM" | "SWARM_MODE" | "MESOS" | "DCOS";

export type ServerType = "VM" | "BM";

/** One family of clusters a driver can build (Magnum's `provides` entries, grouped). */
export interface DriverCapability {
  coe: Coe;
  /** Operating systems, as in a template's cluster_distro: "fedora-coreos", "fedora-atomic", "ubuntu". */
  distros: string[];
  serverTypes: ServerType[];
}

export interface Label {
  key: string;
  value: string;
}

/**
 * Failures to inject into a simulated cluster. Real drivers ignore it.
 * The same knobs exist as labels (`turnkey.sim/fail-stage` and friends); this field wins over them.
 */
export interface FaultSpec {
  /** Fail the first stage with this name, or of this kind ("drain" matches "drain:workers"). */
  failStage?: string;
  /** This stage starts and never finishes; the caller's createTimeout has to catch it. */
  hangStage?: string;
  /** Probability, 0 to 1, that an operation fails at a stage drawn from a PRNG seeded per operation. */
  failureRate?: number;
  /** Probability, 0 to 1, that an operation hangs (a stage starts and never finishes) at a stage drawn the same way. */
  hangRate?: number;
  /** Nodes that report NotReady: a full node name, or a number n for "<stack>-node-n". */
  unhealthyNodes?: string[];
}

export type NodeGroupRole = "master" | "worker" | (string & {});

export interface NodeGroupSpec {
  uuid: string;
  name: string;
  role: NodeGroupRole;
  nodeCount: number;
  minNodeCount: number;
  maxNodeCount: number | null;
  flavorId: string;
  imageId: string;
  labels: Label[];
}

/** What a driver needs to know about a cluster: the cluster, its template's relevant fields, its node groups. */
export interface ClusterSpec {
  uuid: string;
  name: string;
  projectId: string;
  coe: Coe;
  clusterDistro: string;
  serverType: ServerType;
  imageId: string;
  flavorId: string;
  masterFlavorId: string;
  networkDriver: string;
  fixedNetwork: string | null;
  /** A CIDR such as "192.168.10.0/24"; anything else means the default 10.0.0.0/24. */
  fixedSubnet: string | null;
  masterLbEnabled: boolean;
  floatingIpEnabled: boolean;
  tlsDisabled: boolean;
  labels: Label[];
  /** Minutes; enforced by the caller, not by the driver. */
  createTimeout: number;
  nodeGroups: NodeGroupSpec[];
  faults?: FaultSpec;
}

export interface ResizeRequest {
  nodeGroupId: string;
  nodeCount: number;
  /** Node names or fixed addresses to remove first when shrinking; the newest nodes go otherwise. */
  nodesToRemove?: string[];
}

/** The fields of the new cluster template that an upgrade applies. */
export interface UpgradeTemplate {
  imageId: string;
  /** The new template's labels; kube_tag (or docker_version for Swarm) is the version upgraded to. */
  labels: Label[];
}

export interface UpgradeRequest {
  template: UpgradeTemplate;
  /** Worker nodes replaced at once; masters always go one at a time to keep etcd quorum. */
  maxBatchSize: number;
  /** Upgrade only this node group; null upgrades every group, masters first. */
  nodeGroupId: string | null;
}

/**
 * What an action returns. Store `stackId` before doing anything else and pass the latest one to
 * every later call: some drivers (the simulated one) return a new id for each operation.
 */
export interface ActionResult {
  stackId: string;
}

export type ObservationState = "IN_PROGRESS" | "COMPLETE" | "FAILED" | "NOT_FOUND";

export type StageStatus = "PENDING" | "RUNNING" | "DONE" | "FAILED";

export interface StageObservation {
  /** Stable name, usable in fault injection: "etcd", "join:default-worker", "upgrade:default-worker:2". */
  name: string;
  description: string;
  status: StageStatus;
  /** Epoch milliseconds. */
  startedAt?: number;
  finishedAt?: number;
}

export interface NodeGroupObservation {
  uuid: string;
  name: string;
  role: NodeGroupRole;
  /** What this operation does to the group; null when the operation leaves the group alone. */
  action: StackAction | null;
  /** The operation's state for groups it touches; COMPLETE for groups it leaves alone. */
  state: ObservationState;
  nodeCount: number;
  nodeAddresses: string[];
  /** Kubernetes node names, in the same order as nodeAddresses; usable in ResizeRequest.nodesToRemove. */
  nodeNames: string[];
  version: string;
  imageId: string;
}

export interface Observation {
  state: ObservationState;
  /** The stack action, as in Magnum's status: CREATE_IN_PROGRESS is { action: "CREATE", state: "IN_PROGRESS" }. */
  action: StackAction | null;
  /** The driver call that started the operation observed; null when there is no stack. */
  operation: OperationAction | null;
  stages: StageObservation[];
  /** 0 to 100, weighted by stage durations; 100 only when COMPLETE. */
  percent: number;
  reason?: string;
  /** Node group name → why it failed, as in Magnum's cluster faults. */
  faults: Record<string, string>;
  /** https://<address>:6443 for Kubernetes, tcp://<address>:2376 for Swarm; absent until the API answers. */
  apiAddress?: string;
  masterAddresses: string[];
  nodeAddresses: string[];
  coeVersion?: string;
  containerVersion?: string;
  nodeGroups: NodeGroupObservation[];
  /**
   * A hint: when (epoch ms) the observation is next expected to change. Pollers sleep until then instead
   * of observing on a fixed beat; drivers that cannot tell (Heat) leave it out.
   */
  nextChangeAt?: number;
}

export type HealthStatus = "HEALTHY" | "UNHEALTHY" | "UNKNOWN";

export interface HealthReport {
  status: HealthStatus;
  /** In Magnum's style: { "api": "ok", "demo-1a2b3c4d-node-0.Ready": "True" }. */
  reason: Record<string, string>;
}

/**
 * Declared by drivers that give each cluster its own OpenStack identity (a trustee user and a trust, as
 * Magnum's create_trustee_and_trust), whose password only the caller can keep (encrypted, like CA keys).
 * The reconciler's trust hook (orchestration/hooks/trusts.ts) uses it:
 *
 * - before `create`: `stored = await driver.trusts.prepare(spec, stored)`, and persist what it returns
 *   in the transaction that records the submission. It returns `stored` unchanged while its trust still
 *   works and makes a new one otherwise (a new password for the same trustee), so call it before every
 *   create attempt. Null means trusts are not configured. A `create` without it still works, but the
 *   password then lives only in the stack.
 * - nothing else: `delete` starts the stack delete, and the observe() that finds the stack gone deletes
 *   the trust and the trustee (as Magnum's poller does). `remove` does the same at once, for cleaning up a
 *   cluster whose stack never existed.
 */
export interface TrustCapability {
  prepare(spec: ClusterSpec, stored: TrusteeCredentials | null): Promise<TrusteeCredentials | null>;
  remove(spec: ClusterSpec): Promise<void>;
}

export type { TrusteeCredentials } from "../openstack/trusts.js";

export interface Driver {
  readonly name: string;
  readonly provides: readonly DriverCapability[];
  readonly supports: ReadonlySet<DriverAction>;
  /** Present when the driver makes a trust per cluster (the Heat driver); absent otherwise (the simulated one). */
  readonly trusts?: TrustCapability;

  /** Idempotent: a second call for the same cluster (same process, or with the stored stackId) builds nothing new. */
  create(spec: ClusterSpec, stackId: string | null): Promise<ActionResult>;
  /** Applies the spec's node counts to the worker groups the stack already has. */
  update(spec: ClusterSpec, stackId: string): Promise<ActionResult>;
  resize(spec: ClusterSpec, stackId: string, request: ResizeRequest): Promise<ActionResult>;
  upgrade(spec: ClusterSpec, stackId: string, request: UpgradeRequest): Promise<ActionResult>;
  /** Allowed at any time, even while another operation runs; a null stackId deletes nothing. */
  delete(spec: ClusterSpec, stackId: string | null): Promise<ActionResult>;
  rotateCa(spec: ClusterSpec, stackId: string): Promise<ActionResult>;
  createNodeGroup(spec: ClusterSpec, stackId: string, nodeGroupId: string): Promise<ActionResult>;
  updateNodeGroup(spec: ClusterSpec, stackId: string, nodeGroupId: string): Promise<ActionResult>;
  deleteNodeGroup(spec: ClusterSpec, stackId: string, nodeGroupId: string): Promise<ActionResult>;

  observe(spec: ClusterSpec, stackId: string | null): Promise<Observation>;
  /**
   * The load signal auto-scaling follows: how many worker nodes' worth of work the cluster has. Absent
   * (or null) when the driver cannot tell: on Heat, Magnum's in-cluster cluster-autoscaler decides and
   * calls the resize API itself.
   */
  workloadDemand?(spec: ClusterSpec): number | null;
  health(spec: ClusterSpec, stackId: string | null): Promise<HealthReport>;
}

/** The observation of a stack that does not exist (or that this driver did not build), shared by every driver. */
export function notFoundObservation(reason: string): Observation {
  return {
    state: "NOT_FOUND",
    action: null,
    operation: null,
    stages: [],
    percent: 0,
    reason,
    faults: {},
    masterAddresses: [],
    nodeAddresses: [],
    nodeGroups: [],
  };
}

/** Throws NotSupportedError unless the driver declares the action. */
export function requireSupport(driver: Pick<Driver, "name" | "supports">, action: DriverAction): void {
  if (!driver.supports.has(action)) throw new NotSupportedError(driver.name, action);
}

/** The three template fields that decide which driver builds a cluster, as in Magnum's get_driver(). */
export type ClusterType = Pick<ClusterSpec, "coe" | "clusterDistro" | "serverType">;

export function providesClusterType(driver: Pick<Driver, "provides">, type: ClusterType): boolean {
  return driver.provides.some(
    (capability) =>
      capability.coe === type.coe &&
      capability.distros.includes(type.clusterDistro) &&
      capability.serverTypes.includes(type.serverType),
  );
}

export function describeClusterType(type: ClusterType): string {
  return `${type.coe} on ${type.clusterDistro} (${type.serverType})`;
}
