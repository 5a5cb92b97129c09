// The nodes a simulated stack holds, how they are named and addressed, and how a request reshapes them.

import type { ClusterSpec, NodeGroupSpec } from "../../driver.js";

/** A node as [index within its group, address slot within the cluster's subnet]. */
export type SimulatedNode = [index: number, slot: number];

export interface GroupShape {
  uuid: string;
  name: string;
  role: string;
  /** Magnum's is_default: the first master and first worker group of the cluster. Cannot be deleted. */
  primary: boolean;
  version: string;
  imageId: string;
  nodes: SimulatedNode[];
}

export interface StackShape {
  groups: GroupShape[];
}

export const EMPTY_SHAPE: StackShape = { groups: [] };

export function isMaster(group: { role: string }): boolean {
  return group.role === "master";
}

export function findGroup(shape: StackShape, uuid: string): GroupShape | undefined {
  return shape.groups.find((group) => group.uuid === uuid);
}

export function countNodes(groups: readonly GroupShape[]): number {
  return groups.reduce((sum, group) => sum + group.nodes.length, 0);
}

export function usedSlots(shape: StackShape): Set<number> {
  return new Set(shape.groups.flatMap((group) => group.nodes.map(([, slot]) => slot)));
}

/** Magnum names a stack after the cluster, cut to 20 characters, plus a short id. */
export function stackNameOf(spec: Pick<ClusterSpec, "name" | "uuid">): string {
  const slug = spec.name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 20);
  return `${slug === "" ? "cluster" : slug}-${spec.uuid.replace(/-/g, "").slice(0, 8)}`;
}

/** Default groups get Magnum's short names; other groups carry their own name. */
export function nodeName(stackName: string, group: GroupShape, index: number): string {
  const kind = isMaster(group) ? "master" : "node";
  return group.primary ? `${stackName}-${kind}-${index}` : `${stackName}-${group.name}-${kind}-${index}`;
}

// Lowest free slot first, as Neutron's IPAM does; a node keeps its slot, so its address, for life.
function takeSlots(used: Set<number>, count: number): number[] {
  const slots: number[] = [];
  for (let slot = 0; slots.length < count; slot++) {
    if (used.has(slot)) continue;
    used.add(slot);
    slots.push(slot);
  }
  return slots;
}

/**
 * Grows or shrinks a group to `count`. Shrinking removes the `preferred` indexes first, then the
 * highest, as Heat's ResourceGroup does; growing continues after the highest index left.
 * `used` is updated with the slots taken.
 */
export function resizeGroup(
  group: GroupShape,
  count: number,
  used: Set<number>,
  preferred: readonly number[] = [],
): GroupShape {
  if (count <= group.nodes.length) {
    const removals = group.nodes.length - count;
    const present = new Set(group.nodes.map(([index]) => index));
    const doomed = new Set(preferred.filter((index) => present.has(index)).slice(0, removals));
    const newestFirst = [...present].sort((left, right) => right - left);
    for (const index of newestFirst) if (doomed.size < removals) doomed.add(index);
    return { ...group, nodes: group.nodes.filter(([index]) => !doomed.has(index)) };
  }
  const next = group.nodes.reduce((highest, [index]) => Math.max(highest, index), -1) + 1;
  const added = takeSlots(used, count - group.nodes.length).map(
    (slot, offset): SimulatedNode => [next + offset, slot],
  );
  return { ...group, nodes: [...group.nodes, ...added] };
}

export function newGroup(spec: NodeGroupSpec, version: string, primary: boolean, used: Set<number>): GroupShape {
  const empty: GroupShape = {
    uuid: spec.uuid,
    name: spec.name,
    role: spec.role,
    primary,
    version,
    imageId: spec.imageId,
    nodes: [],
  };
  return resizeGroup(empty, spec.nodeCount, used);
}

/** What a create builds. Masters come first so they take the lowest addresses, as Heat boots them first. */
export function initialShape(spec: ClusterSpec, version: string): StackShape {
  const used = new Set<number>();
  const masters = spec.nodeGroups.filter(isMaster);
  const others = spec.nodeGroups.filter((group) => !isMaster(group));
  return {
    groups: [
      ...masters.map((group, position) => newGroup(group, version, position === 0, used)),
      ...others.map((group, position) => newGroup(group, version, position === 0, used)),
    ],
  };
}

export function replaceGroup(shape: StackShape, replacement: GroupShape): StackShape {
  return { groups: shape.groups.map((group) => (group.uuid === replacement.uuid ? replacement : group)) };
}
