// How each request turns the stack's current shape into the shape it should have once done.

import {
  type ClusterSpec,
  DriverError,
  NotSupportedError,
  type NodeGroupSpec,
  type ResizeRequest,
  type UpgradeRequest,
} from "../../driver.js";
import { nodeAddress, parseSubnet } from "./addresses.js";
import {
  EMPTY_SHAPE,
  type GroupShape,
  type StackShape,
  findGroup,
  initialShape,
  isMaster,
  newGroup,
  nodeName,
  replaceGroup,
  resizeGroup,
  usedSlots,
} from "./shape.js";
import { coeVersionOf } from "./versions.js";

const DRIVER = "simulated";

export interface Change {
  after: StackShape;
  /** Worker nodes replaced at once; only upgrades use more than 1. */
  batchSize: number;
}

export function createChange(spec: ClusterSpec): Change {
  for (const group of spec.nodeGroups) requireCount(group.nodeCount, group);
  if (!spec.nodeGroups.some((group) => isMaster(group) && group.nodeCount > 0)) {
    throw new DriverError("INVALID_REQUEST", "A cluster needs a master node group with at least one node");
  }
  return { after: initialShape(spec, coeVersionOf(spec.coe, spec.labels)), batchSize: 1 };
}

/** Magnum's cluster update changes worker counts only: masters keep the count they were created with. */
export function updateChange(before: StackShape, spec: ClusterSpec): Change {
  const used = usedSlots(before);
  const groups = before.groups.map((group) => {
    const wanted = spec.nodeGroups.find((candidate) => candidate.uuid === group.uuid);
    if (isMaster(group) || wanted === undefined) return group;
    return resizeGroup(group, requireCount(wanted.nodeCount, wanted), used);
  });
  return { after: { groups }, batchSize: 1 };
}

export function resizeChange(
  before: StackShape,
  spec: ClusterSpec,
  request: ResizeRequest,
  stackName: string,
): Change {
  const group = requireGroup(before, request.nodeGroupId);
  if (isMaster(group)) {
    throw new NotSupportedError(DRIVER, "resize", "master node groups keep the size they were created with");
  }
  const bounds = spec.nodeGroups.find((candidate) => candidate.uuid === group.uuid);
  requireCount(request.nodeCount, bounds ?? { name: group.name, minNodeCount: 0, maxNodeCount: null });
  const subnet = parseSubnet(spec.fixedSubnet);
  const preferred = (request.nodesToRemove ?? []).map((wanted) => {
    const node = group.nodes.find(
      ([index, slot]) => nodeName(stackName, group, index) === wanted || nodeAddress(subnet, slot) === wanted,
    );
    if (node === undefined) {
      throw new DriverError("INVALID_REQUEST", `Node ${wanted} is not in node group ${group.name}`);
    }
    return node[0];
  });
  if (preferred.length > 0 && request.nodeCount === group.nodes.length) {
    return { after: replaceGroup(before, replaceNodes(group, preferred, usedSlots(before))), batchSize: 1 };
  }
  const resized = resizeGroup(group, request.nodeCount, usedSlots(before), preferred);
  return { after: replaceGroup(before, resized), batchSize: 1 };
}

export function upgradeChange(before: StackShape, spec: ClusterSpec, request: UpgradeRequest): Change {
  if (spec.coe !== "KUBERNETES") {
    throw new NotSupportedError(DRIVER, "upgrade", `${spec.coe} clusters cannot be upgraded`);
  }
  if (!Number.isInteger(request.maxBatchSize) || request.maxBatchSize < 1) {
    const wrong = request.maxBatchSize;
    throw new DriverError("INVALID_REQUEST", `maxBatchSize must be a whole number of at least 1, not ${wrong}`);
  }
  const targets =
    request.nodeGroupId === null ? before.groups : [requireGroup(before, request.nodeGroupId)];
  const version = coeVersionOf(spec.coe, request.template.labels);
  let after = before;
  for (const group of targets) after = replaceGroup(after, { ...group, version, imageId: request.template.imageId });
  return { after, batchSize: request.maxBatchSize };
}

export function rotationChange(before: StackShape, spec: ClusterSpec): Change {
  if (spec.coe !== "KUBERNETES") {
    throw new NotSupportedError(DRIVER, "rotateCa", `${spec.coe} clusters have no CA to rotate`);
  }
  if (spec.tlsDisabled) throw new NotSupportedError(DRIVER, "rotateCa", "the cluster has TLS disabled");
  return { after: before, batchSize: 1 };
}

export function nodeGroupCreateChange(before: StackShape, spec: ClusterSpec, nodeGroupId: string): Change {
  const wanted = requireSpecGroup(spec, nodeGroupId);
  if (findGroup(before, nodeGroupId) !== undefined) {
    throw new DriverError("CONFLICT", `Node group ${wanted.name} already exists in the stack`);
  }
  if (isMaster(wanted)) {
    throw new NotSupportedError(DRIVER, "nodeGroupCreate", "master node groups are created with their cluster");
  }
  requireCount(wanted.nodeCount, wanted);
  const master = before.groups.find((group) => isMaster(group) && group.primary);
  const version = master?.version ?? coeVersionOf(spec.coe, spec.labels);
  const group = newGroup(wanted, version, false, usedSlots(before));
  return { after: { groups: [...before.groups, group] }, batchSize: 1 };
}

export function nodeGroupUpdateChange(
  before: StackShape,
  spec: ClusterSpec,
  nodeGroupId: string,
  stackName: string,
): Change {
  const wanted = requireSpecGroup(spec, nodeGroupId);
  return resizeChange(before, spec, { nodeGroupId, nodeCount: wanted.nodeCount }, stackName);
}

export function nodeGroupDeleteChange(before: StackShape, nodeGroupId: string): Change {
  const group = requireGroup(before, nodeGroupId);
  if (group.primary) {
    throw new DriverError("INVALID_REQUEST", `Node group ${group.name} is a default group; it goes with its cluster`);
  }
  return { after: { groups: before.groups.filter((candidate) => candidate.uuid !== nodeGroupId) }, batchSize: 1 };
}

export function deleteChange(): Change {
  return { after: EMPTY_SHAPE, batchSize: 1 };
}

function requireGroup(shape: StackShape, uuid: string): GroupShape {
  const group = findGroup(shape, uuid);
  if (group === undefined) throw new DriverError("INVALID_REQUEST", `Node group ${uuid} is not part of the stack`);
  return group;
}

function requireSpecGroup(spec: ClusterSpec, uuid: string): NodeGroupSpec {
  const group = spec.nodeGroups.find((candidate) => candidate.uuid === uuid);
  if (group === undefined) throw new DriverError("INVALID_REQUEST", `Node group ${uuid} is not in the cluster spec`);
  return group;
}

function requireCount(
  count: number,
  bounds: Pick<NodeGroupSpec, "name" | "minNodeCount" | "maxNodeCount">,
): number {
  const tooHigh = bounds.maxNodeCount !== null && count > bounds.maxNodeCount;
  if (!Number.isInteger(count) || count < 0 || count < bounds.minNodeCount || tooHigh) {
    const range = `${bounds.minNodeCount} to ${bounds.maxNodeCount ?? "any number of"}`;
    throw new DriverError("INVALID_REQUEST", `Node group ${bounds.name} takes ${range} nodes, not ${count}`);
  }
  return count;
}

/**
 * The same count with nodes named to remove replaces them, as Heat's ResourceGroup does with removal
 * policies: the new nodes take fresh indexes (and names) after the highest one, never the removed ones'.
 */
function replaceNodes(group: GroupShape, doomed: readonly number[], used: Set<number>): GroupShape {
  const grown = resizeGroup(group, group.nodes.length + doomed.length, used);
  return { ...grown, nodes: grown.nodes.filter(([index]) => !doomed.includes(index)) };
}
