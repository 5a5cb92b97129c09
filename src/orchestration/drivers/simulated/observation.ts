// Turns an evaluated operation into the driver-neutral Observation the reconciler records.

import {
  type ClusterSpec,
  type NodeGroupObservation,
  type Observation,
  type StackAction,
  type StageObservation,
  clusterActionOf,
  nodeGroupActionOf,
  notFoundObservation,
} from "../../driver.js";
import { type Subnet, floatingIp, nodeAddress, parseSubnet, virtualIp } from "./addresses.js";
import type { Evaluation } from "./evaluation.js";
import type { SimulatedOperation } from "./record.js";
import { type GroupShape, type StackShape, findGroup, isMaster, nodeName } from "./shape.js";
import type { StageProgress, Timeline } from "./timeline.js";
import { containerVersionOf } from "./versions.js";

export function observationOf(evaluation: Evaluation, spec: ClusterSpec): Observation {
  const { operation, timeline, shape, touched } = evaluation;
  const subnet = parseSubnet(spec.fixedSubnet);
  const action = clusterActionOf(operation.action);
  const groups = allGroups(operation);
  const nodeGroups = groups.map((group): NodeGroupObservation => {
    const observed = findGroup(shape, group.uuid) ?? { ...group, nodes: [] };
    const nodes = [...observed.nodes].sort((left, right) => left[0] - right[0]);
    const involved = touched.has(group.uuid);
    return {
      uuid: group.uuid,
      name: group.name,
      role: group.role,
      action: involved ? nodeGroupActionOf(operation.action) : null,
      state: involved ? timeline.state : "COMPLETE",
      nodeCount: nodes.length,
      nodeAddresses: nodes.map(([, slot]) => nodeAddress(subnet, slot)),
      nodeNames: nodes.map(([index]) => nodeName(operation.stackName, observed, index)),
      version: observed.version,
      imageId: observed.imageId,
    };
  });
  const failed = timeline.state === "FAILED" ? timeline.current : undefined;
  const observation: Observation = {
    state: timeline.state,
    action,
    operation: operation.action,
    stages: timeline.stages.map(stageObservation),
    percent: timeline.percent,
    reason: reasonOf(timeline, action),
    faults: failed === undefined ? {} : faultsOf(failed, groups, touched),
    masterAddresses: nodeGroups.filter(isMaster).flatMap((group) => group.nodeAddresses),
    nodeAddresses: nodeGroups.filter((group) => !isMaster(group)).flatMap((group) => group.nodeAddresses),
    nodeGroups,
  };
  if (timeline.nextChangeAt !== undefined) observation.nextChangeAt = timeline.nextChangeAt;
  const master = primaryMaster(shape);
  if (master !== undefined && apiAnswers(evaluation)) {
    observation.apiAddress = apiAddressOf(spec, subnet, master);
    observation.coeVersion = master.version;
    observation.containerVersion = containerVersionOf(spec.coe, spec.labels);
  }
  return observation;
}

/** The observation for a stack id that names nothing this driver built. */
export const notFound = notFoundObservation;

// Heat's wording when done; the failing stage's error when failed; what is happening now otherwise.
function reasonOf(timeline: Timeline, action: StackAction): string {
  if (timeline.state === "COMPLETE") return `Stack ${action} completed successfully`;
  if (timeline.state === "FAILED" && timeline.current !== undefined) return timeline.current.stage.failure;
  return timeline.current?.stage.description ?? `Stack ${action} started`;
}

function stageObservation(progress: StageProgress): StageObservation {
  const observation: StageObservation = {
    name: progress.stage.name,
    description: progress.stage.description,
    status: progress.status,
  };
  if (progress.startedAt !== undefined) observation.startedAt = progress.startedAt;
  if (progress.finishedAt !== undefined) observation.finishedAt = progress.finishedAt;
  return observation;
}

// Cluster-wide stages fail every group the operation touches, as a failed Heat stack fails its node groups.
function faultsOf(failed: StageProgress, groups: GroupShape[], touched: Set<string>): Record<string, string> {
  const blamed = new Set(failed.stage.groups.length > 0 ? failed.stage.groups : touched);
  const faults: Record<string, string> = {};
  for (const group of groups) if (blamed.has(group.uuid)) faults[group.name] = failed.stage.failure;
  return faults;
}

function allGroups(operation: SimulatedOperation): GroupShape[] {
  const removed = operation.before.groups.filter((group) => findGroup(operation.after, group.uuid) === undefined);
  return [...operation.after.groups, ...removed];
}

function primaryMaster(shape: StackShape): GroupShape | undefined {
  const masters = shape.groups.filter((group) => isMaster(group) && group.nodes.length > 0);
  return masters.find((group) => group.primary) ?? masters[0];
}

// During a create the API answers only once its stage is done; afterwards, for as long as masters exist.
function apiAnswers(evaluation: Evaluation): boolean {
  if (evaluation.operation.action !== "create") return true;
  return evaluation.timeline.stages.some(
    (progress) =>
      (progress.stage.name === "api-server" || progress.stage.name === "swarm-init") && progress.status === "DONE",
  );
}

function apiAddressOf(spec: ClusterSpec, subnet: Subnet, master: GroupShape): string {
  const lowest = [...master.nodes].sort((left, right) => left[0] - right[0])[0];
  const host = spec.floatingIpEnabled
    ? floatingIp(spec.uuid)
    : spec.masterLbEnabled || lowest === undefined
      ? virtualIp(subnet)
      : nodeAddress(subnet, lowest[1]);
  if (spec.coe === "KUBERNETES") return spec.tlsDisabled ? `http://${host}:8080` : `https://${host}:6443`;
  return `tcp://${host}:${spec.tlsDisabled ? 2375 : 2376}`;
}
