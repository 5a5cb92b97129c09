// What a Heat stack, its resources and the operation's events say about a cluster, as the
// driver-neutral Observation: status by Magnum's rules, stages per resource, addresses from outputs.

import {
  type ClusterSpec,
  type NodeGroupObservation,
  type NodeGroupSpec,
  type Observation,
  type ObservationState,
  type OperationAction,
  clusterActionOf,
  nodeGroupActionOf,
} from "../../driver.js";
import { coeVersionOf, containerVersionOf } from "../simulated/versions.js";
import type { EventRecord, ResourceRecord, StackRecord } from "../../../openstack/heat-client.js";
import {
  groupKey,
  groupNodesOutput,
  groupParameterNames,
  isMaster,
  nodeName,
  nodeNamePattern,
  primaryGroupIds,
} from "./naming.js";
import type { HeatStackId } from "./stack-id.js";
import { type ResourceStage, failedStages, percentOf, stagesOf } from "./stages.js";
import { aggregateStatus, missingStackStatus, observedState } from "./status.js";

// A URL with a real host: an address Heat could not resolve comes out as "None" or a list.
const API_ADDRESS = /^[a-z]+:\/\/([A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\]):\d+$/;

export interface StackSnapshot {
  spec: ClusterSpec;
  id: HeatStackId;
  /** Null when Heat has no such stack (never made, or deleted). */
  stack: StackRecord | null;
  resources: readonly ResourceRecord[];
  /** Events since the operation's marker, oldest first. */
  events: readonly EventRecord[];
}

export function observationOf(snapshot: StackSnapshot): Observation {
  const { spec, id, stack } = snapshot;
  if (stack === null) return missingStackObservation(spec, id);
  const operation = id.operation;
  const root = { name: stack.name, id: stack.id };
  const primary = primaryGroupIds(spec.nodeGroups);

  // Until Heat has logged "Stack UPDATE started" for this operation, the stack's status is the previous one's.
  const started =
    operation === "create" ||
    snapshot.events.some((event) => event.stack.id === stack.id && event.resourceName === stack.name);
  const stackStatus = started ? stack.status : `${clusterActionOf(operation)}_IN_PROGRESS`;

  const topLevel = new Map(
    snapshot.resources.filter((resource) => resource.stack.id === stack.id).map((resource) => [resource.name, resource]),
  );
  const inStack = spec.nodeGroups.filter((group) => groupParameterNames(groupKey(group)).count in stack.parameters);
  const aggregated = aggregateStatus(
    inStack.map((group) => ({
      name: group.name,
      isDefault: primary.has(group.uuid),
      status: primary.has(group.uuid) ? stackStatus : (topLevel.get(groupKey(group))?.status ?? stackStatus),
    })),
    stackStatus,
    inStack.length === 0 ? null : `${clusterActionOf(operation)}_IN_PROGRESS`,
  );
  const { action, state } = observedState(inStack.length === 0 ? stackStatus : aggregated.status, operation);

  const stages = stagesOf({
    root,
    operation,
    resources: snapshot.resources,
    events: snapshot.events,
    describe: describer(spec, stack.name),
  });
  const faults = state === "FAILED" ? faultsOf(spec, stages, stack.statusReason || aggregated.reason || "") : {};
  const nodeGroups = spec.nodeGroups.map((group) =>
    nodeGroupOf(spec, group, { stack, operation, state, stages, faults, primary: primary.has(group.uuid) }),
  );

  const observation: Observation = {
    state,
    action,
    operation,
    stages,
    percent: percentOf(stages, state),
    reason: reasonOf(state, stack, stages, aggregated.reason, started),
    faults,
    masterAddresses: nodeGroups.filter(isMaster).flatMap((group) => group.nodeAddresses),
    nodeAddresses: nodeGroups.filter((group) => !isMaster(group)).flatMap((group) => group.nodeAddresses),
    nodeGroups,
  };
  const apiAddress = stack.outputs["api_address"];
  if (typeof apiAddress === "string" && API_ADDRESS.test(apiAddress) && !apiAddress.includes("//None:")) {
    observation.apiAddress = apiAddress;
    const master = spec.nodeGroups.find((group) => isMaster(group) && primary.has(group.uuid));
    const version = master === undefined ? undefined : stack.parameters[groupParameterNames(groupKey(master)).version];
    observation.coeVersion = version || coeVersionOf(spec.coe, spec.labels);
    observation.containerVersion = containerVersionOf(spec.coe, spec.labels);
  }
  return observation;
}

/** Magnum's poller when Heat has no stack: a delete is done, a create or update failed. */
export function missingStackObservation(spec: ClusterSpec, id: HeatStackId): Observation {
  const { action, state } = observedState(missingStackStatus(id.operation), id.operation);
  const reason = `Stack with id ${id.stackUuid || id.stackName} not found in Heat.`;
  const nodeGroups = spec.nodeGroups.map(
    (group): NodeGroupObservation => ({
      uuid: group.uuid,
      name: group.name,
      role: group.role,
      action: nodeGroupActionOf(id.operation),
      state,
      nodeCount: 0,
      nodeAddresses: [],
      nodeNames: [],
      version: coeVersionOf(spec.coe, spec.labels),
      imageId: group.imageId || spec.imageId,
    }),
  );
  return {
    state,
    action,
    operation: id.operation,
    stages: [],
    percent: percentOf([], state),
    reason,
    faults: state === "FAILED" ? Object.fromEntries(spec.nodeGroups.map((group) => [group.name, reason])) : {},
    masterAddresses: [],
    nodeAddresses: [],
    nodeGroups,
  };
}

interface GroupContext {
  stack: StackRecord;
  operation: OperationAction;
  state: ObservationState;
  stages: readonly ResourceStage[];
  faults: Record<string, string>;
  primary: boolean;
}

function nodeGroupOf(spec: ClusterSpec, group: NodeGroupSpec, context: GroupContext): NodeGroupObservation {
  const key = groupKey(group);
  const names = groupParameterNames(key);
  const { stack } = context;
  const pattern = nodeNamePattern(stack.name, group, context.primary);
  const output = stack.outputs[groupNodesOutput(key)];
  const members =
    output !== null && typeof output === "object"
      ? Object.entries(output as Record<string, unknown>)
          .map(([index, address]) => ({ index: Number(index), address: typeof address === "string" ? address : null }))
          .filter((member) => Number.isInteger(member.index))
          .sort((left, right) => left.index - right.index)
      : null;
  const present = names.count in stack.parameters;
  // Heat walks every group in an update; a group is touched when its nodes changed, or it came or went.
  const touched =
    context.operation === "create" ||
    context.operation === "delete" ||
    context.stages.some(
      (stage) => stage.path.startsWith(`${key}/`) || (stage.path === key && stage.action !== "UPDATE"),
    );
  const withAddress = (members ?? []).filter((member) => member.address !== null);
  return {
    uuid: group.uuid,
    name: group.name,
    role: group.role,
    action: touched ? nodeGroupActionOf(context.operation) : null,
    state: !touched ? "COMPLETE" : context.state === "FAILED" && !(group.name in context.faults) ? "COMPLETE" : context.state,
    nodeCount: members?.length ?? (present ? Number(stack.parameters[names.count]) || 0 : 0),
    nodeAddresses: withAddress.map((member) => member.address as string),
    nodeNames: withAddress.map((member) => nodeName(pattern, member.index)),
    version: stack.parameters[names.version] || coeVersionOf(spec.coe, spec.labels),
    imageId: stack.parameters[names.image] || group.imageId || spec.imageId,
  };
}

// Each group whose resources failed gets its deepest failure; the default groups carry the stack's
// reason when the failure is outside every group (the network, the load balancer).
function faultsOf(spec: ClusterSpec, stages: readonly ResourceStage[], stackReason: string): Record<string, string> {
  const faults: Record<string, string> = {};
  const failed = failedStages(stages);
  for (const group of spec.nodeGroups) {
    const key = groupKey(group);
    const own = failed.find((stage) => stage.path === key || stage.path.startsWith(`${key}/`));
    if (own !== undefined) faults[group.name] = own.reason || stackReason;
  }
  if (Object.keys(faults).length === 0) {
    for (const uuid of primaryGroupIds(spec.nodeGroups)) {
      const group = spec.nodeGroups.find((candidate) => candidate.uuid === uuid);
      if (group !== undefined) faults[group.name] = stackReason;
    }
  }
  return faults;
}

function reasonOf(
  state: ObservationState,
  stack: StackRecord,
  stages: readonly ResourceStage[],
  aggregatedReason: string | null,
  started: boolean,
): string {
  if (!started) return "Waiting for Heat to start the operation";
  if (state === "FAILED") return stack.statusReason || failedStages(stages)[0]?.reason || aggregatedReason || "Stack failed";
  if (state === "IN_PROGRESS") {
    const running = stages.filter((stage) => stage.status === "RUNNING").at(-1);
    return running?.description ?? stack.statusReason;
  }
  return stack.statusReason;
}

/** "Create node demo-5f0c1d2e-node-1", "Update node group default-worker", "Delete network". */
function describer(spec: ClusterSpec, stackName: string) {
  const primary = primaryGroupIds(spec.nodeGroups);
  const groups = new Map(spec.nodeGroups.map((group) => [groupKey(group), group]));
  return ({ path, verb }: { path: string; type: string | null; verb: string }): string => {
    const [head = "", member, ...rest] = path.split("/");
    const group = groups.get(head);
    if (group !== undefined && member === undefined) return `${verb} node group ${group.name}`;
    if (group !== undefined && member !== undefined && rest.length === 0) {
      return `${verb} node ${nodeName(nodeNamePattern(stackName, group, primary.has(group.uuid)), member)}`;
    }
    if (path === "network") return `${verb} network`;
    if (path === "api_lb") return `${verb} API load balancer`;
    return `${verb} ${path}`;
  };
}
