// Names the Heat driver gives things: the stack, each node group's resource and parameters, nodes, the trustee.

import type { ClusterSpec, NodeGroupSpec } from "../../driver.js";

/** Resource names the template uses for itself; a node group never takes one of them. */
export const FIXED_RESOURCES = ["network", "api_lb"] as const;

/** Magnum's stack name: the cluster's name cut to 20 characters, then a short id; lower case. */
export function stackNameOf(spec: Pick<ClusterSpec, "name" | "uuid">): string {
  const slug = spec.name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 20);
  const start = /^[a-z]/.test(slug) ? slug : `c${slug}`;
  return `${start.replace(/-+$/, "")}-${spec.uuid.replace(/-/g, "").slice(0, 8)}`;
}

/** Magnum names trustees "<cluster uuid>_<project id>"; unique in the trustee domain. */
export function trusteeNameOf(spec: Pick<ClusterSpec, "uuid">, projectId: string): string {
  return `${spec.uuid}_${projectId}`;
}

export function isMaster(group: Pick<NodeGroupSpec, "role">): boolean {
  return group.role === "master";
}

/**
 * Each group's key: its resource name in the stack and the prefix of its parameters
 * ("default-worker_count"). The group's own name when it is a plain identifier (names are unique
 * in a cluster, so keys are too), otherwise "ng_" and a short uuid. Depends on the group alone,
 * so a key never changes when other groups come and go.
 */
export function groupKey(group: Pick<NodeGroupSpec, "uuid" | "name">): string {
  const plain = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/.test(group.name);
  if (plain && !(FIXED_RESOURCES as readonly string[]).includes(group.name)) return group.name;
  return `ng_${group.uuid.replace(/-/g, "").slice(0, 8)}`;
}

/** The first master group and the first other group are Magnum's default node groups. */
export function primaryGroupIds(groups: readonly Pick<NodeGroupSpec, "uuid" | "role">[]): Set<string> {
  const primary = new Set<string>();
  const master = groups.find(isMaster);
  const worker = groups.find((group) => !isMaster(group));
  if (master !== undefined) primary.add(master.uuid);
  if (worker !== undefined) primary.add(worker.uuid);
  return primary;
}

/** Node names as the simulated driver and Magnum give them: "<stack>-master-0", "<stack>-gpu-node-3". */
export function nodeNamePattern(stackName: string, group: Pick<NodeGroupSpec, "name" | "role">, primary: boolean): string {
  const kind = isMaster(group) ? "master" : "node";
  return primary ? `${stackName}-${kind}-%index%` : `${stackName}-${group.name}-${kind}-%index%`;
}

export function nodeName(pattern: string, index: number | string): string {
  return pattern.replace("%index%", String(index));
}

/** Parameter names of a group; `clear_parameters` lists them when the group goes. */
export function groupParameterNames(key: string) {
  return {
    count: `${key}_count`,
    image: `${key}_image`,
    flavor: `${key}_flavor`,
    version: `${key}_version`,
    labels: `${key}_labels`,
    nodesToRemove: `${key}_nodes_to_remove`,
    maxBatchSize: `${key}_max_batch_size`,
  };
}

/** Output of every stack: { node group uuid: key }, so a group can be found after it left the spec. */
export const GROUP_KEYS_OUTPUT = "node_group_keys";

/** The output holding a group's nodes as { index: address }. */
export function groupNodesOutput(key: string): string {
  return `${key}_nodes`;
}
