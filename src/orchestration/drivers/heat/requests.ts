// How each driver call becomes a stack update (PATCH): which parameters change, and when the
// template itself changes (node groups added or removed). Pure: the stack's current record in,
// the PATCH body out.

import {
  type ClusterSpec,
  DriverError,
  type NodeGroupSpec,
  NotSupportedError,
  type ResizeRequest,
  type UpgradeRequest,
} from "../../driver.js";
import { coeVersionOf } from "../simulated/versions.js";
import type { ResourceProfiles } from "./environment.js";
import type { StackPatch, StackRecord } from "../../../openstack/heat-client.js";
import {
  GROUP_KEYS_OUTPUT,
  groupKey,
  groupNodesOutput,
  groupParameterNames,
  isMaster,
  nodeName,
  nodeNamePattern,
  primaryGroupIds,
} from "./naming.js";
import { type ParameterValue, clusterTemplate, groupParameters, orderedGroups } from "./template.js";

const DRIVER = "heat";

export function isInStack(stack: Pick<StackRecord, "parameters">, group: Pick<NodeGroupSpec, "uuid" | "name">): boolean {
  return groupParameterNames(groupKey(group)).count in stack.parameters;
}

/** Magnum's cluster update: the spec's counts for the worker groups the stack has; masters keep theirs. */
export function updatePatch(spec: ClusterSpec, stack: StackRecord): StackPatch {
  const parameters: Record<string, ParameterValue> = {};
  for (const group of spec.nodeGroups) {
    if (isMaster(group) || !isInStack(stack, group)) continue;
    parameters[groupParameterNames(groupKey(group)).count] = requireCount(group.nodeCount, group);
  }
  return { parameters };
}

/** A new count, and the members to remove first: Heat's removal policy, as Magnum's nodes_to_remove. */
export function resizePatch(spec: ClusterSpec, stack: StackRecord, request: ResizeRequest): StackPatch {
  const group = stackGroup(spec, stack, request.nodeGroupId);
  if (isMaster(group)) {
    throw new NotSupportedError(DRIVER, "resize", "master node groups keep the size they were created with");
  }
  requireCount(request.nodeCount, group);
  const key = groupKey(group);
  const names = groupParameterNames(key);
  const members = membersOf(stack, key);
  const pattern = nodeNamePattern(stack.name, group, primaryGroupIds(spec.nodeGroups).has(group.uuid));
  const removals = Math.max(0, members.length - request.nodeCount);
  const preferred = (request.nodesToRemove ?? []).map((wanted) => {
    const member = members.find((candidate) => nodeName(pattern, candidate.index) === wanted || candidate.address === wanted);
    if (member === undefined) throw new DriverError("INVALID_REQUEST", `Node ${wanted} is not in node group ${group.name}`);
    return String(member.index);
  });
  // Heat never reuses a listed name and keeps `count` members besides, so list no more than go.
  return {
    parameters: {
      [names.count]: request.nodeCount,
      [names.nodesToRemove]: [...new Set(preferred)].slice(0, removals).join(","),
    },
  };
}

/** A new image and version for the groups upgraded; Heat replaces their nodes in batches of maxBatchSize. */
export function upgradePatch(spec: ClusterSpec, stack: StackRecord, request: UpgradeRequest): StackPatch {
  if (!Number.isInteger(request.maxBatchSize) || request.maxBatchSize < 1) {
    throw new DriverError("INVALID_REQUEST", `maxBatchSize must be a whole number of at least 1, not ${request.maxBatchSize}`);
  }
  const groups =
    request.nodeGroupId === null
      ? orderedGroups(spec.nodeGroups.filter((group) => isInStack(stack, group)))
      : [stackGroup(spec, stack, request.nodeGroupId)];
  const version = coeVersionOf(spec.coe, request.template.labels);
  const parameters: Record<string, ParameterValue> = {};
  for (const group of groups) {
    const names = groupParameterNames(groupKey(group));
    parameters[names.image] = request.template.imageId;
    parameters[names.version] = version;
    parameters[names.maxBatchSize] = isMaster(group) ? 1 : request.maxBatchSize;
  }
  return { parameters };
}

/** A new CA generation reaches every node through its metadata; the caller holds the CA itself. */
export function rotateCaPatch(generation: string): StackPatch {
  return { parameters: { ca_generation: generation } };
}

export interface TemplateContext {
  stackName: string;
  profiles: ResourceProfiles;
}

export function nodeGroupCreatePatch(spec: ClusterSpec, stack: StackRecord, groupId: string, context: TemplateContext): StackPatch {
  const group = specGroup(spec, groupId);
  requireCount(group.nodeCount, group);
  const groups = keptGroups(spec, stack, null).concat(isInStack(stack, group) ? [] : [group]);
  return {
    template: clusterTemplate({ spec, stackName: context.stackName, profiles: context.profiles, groups }),
    parameters: groupParameters(spec, group),
  };
}

export function nodeGroupUpdatePatch(spec: ClusterSpec, stack: StackRecord, groupId: string): StackPatch {
  const group = stackGroup(spec, stack, groupId);
  requireCount(group.nodeCount, group);
  return { parameters: { [groupParameterNames(groupKey(group)).count]: group.nodeCount } };
}

export function nodeGroupDeletePatch(spec: ClusterSpec, stack: StackRecord, groupId: string, context: TemplateContext): StackPatch {
  const key = keyInStack(spec, stack, groupId);
  const group = spec.nodeGroups.find((candidate) => candidate.uuid === groupId);
  if (group !== undefined && primaryGroupIds(spec.nodeGroups).has(group.uuid)) {
    throw new NotSupportedError(DRIVER, "nodeGroupDelete", "the default master and worker groups go with the cluster");
  }
  const groups = keptGroups(spec, stack, groupId);
  return {
    template: clusterTemplate({ spec, stackName: context.stackName, profiles: context.profiles, groups }),
    parameters: {},
    clear_parameters: key === null ? [] : Object.values(groupParameterNames(key)).filter((name) => name in stack.parameters),
  };
}

/** True when the stack already has every value the patch sets (a repeated call, not a new request). */
export function alreadyApplied(patch: StackPatch, stack: Pick<StackRecord, "parameters">): boolean {
  if (patch.template !== undefined || (patch.clear_parameters?.length ?? 0) > 0) return false;
  return Object.entries(patch.parameters).every(([name, value]) => {
    const current = stack.parameters[name];
    if (typeof value === "boolean") return current?.toLowerCase() === String(value);
    if (typeof value === "object") return false;
    return current === String(value);
  });
}

export function membersOf(stack: Pick<StackRecord, "outputs">, key: string): { index: number; address: string | null }[] {
  const output = stack.outputs[groupNodesOutput(key)];
  if (output === null || typeof output !== "object") return [];
  return Object.entries(output as Record<string, unknown>)
    .map(([index, address]) => ({ index: Number(index), address: typeof address === "string" ? address : null }))
    .filter((member) => Number.isInteger(member.index))
    .sort((left, right) => left.index - right.index);
}

// The spec's groups the stack has, except `leaving`; refuses to drop a group the spec no longer describes.
function keptGroups(spec: ClusterSpec, stack: StackRecord, leaving: string | null): NodeGroupSpec[] {
  const keys = stack.outputs[GROUP_KEYS_OUTPUT];
  if (keys !== null && typeof keys === "object") {
    for (const uuid of Object.keys(keys as Record<string, unknown>)) {
      if (uuid === leaving || spec.nodeGroups.some((group) => group.uuid === uuid)) continue;
      throw new DriverError(
        "INVALID_REQUEST",
        `Stack ${stack.name} has node group ${uuid}, which the cluster spec no longer describes; delete that group first`,
      );
    }
  }
  return spec.nodeGroups.filter((group) => group.uuid !== leaving && isInStack(stack, group));
}

function keyInStack(spec: ClusterSpec, stack: StackRecord, groupId: string): string | null {
  const group = spec.nodeGroups.find((candidate) => candidate.uuid === groupId);
  if (group !== undefined) return isInStack(stack, group) ? groupKey(group) : null;
  const keys = stack.outputs[GROUP_KEYS_OUTPUT] as Record<string, unknown> | undefined;
  const key = keys?.[groupId];
  return typeof key === "string" ? key : null;
}

function specGroup(spec: ClusterSpec, groupId: string): NodeGroupSpec {
  const group = spec.nodeGroups.find((candidate) => candidate.uuid === groupId);
  if (group === undefined) throw new DriverError("INVALID_REQUEST", `Node group ${groupId} is not in the cluster spec`);
  return group;
}

function stackGroup(spec: ClusterSpec, stack: StackRecord, groupId: string): NodeGroupSpec {
  const group = specGroup(spec, groupId);
  if (!isInStack(stack, group)) {
    throw new DriverError("STACK_NOT_FOUND", `Stack ${stack.name} has no node group ${group.name}; create it first`);
  }
  return group;
}

function requireCount(count: number, group: Pick<NodeGroupSpec, "name" | "minNodeCount" | "maxNodeCount">): number {
  if (!Number.isInteger(count) || count < group.minNodeCount || (group.maxNodeCount !== null && count > group.maxNodeCount)) {
    const most = group.maxNodeCount === null ? "" : ` and at most ${group.maxNodeCount}`;
    throw new DriverError(
      "INVALID_REQUEST",
      `Node group ${group.name} needs a whole number of nodes, at least ${group.minNodeCount}${most}, not ${count}`,
    );
  }
  return count;
}
