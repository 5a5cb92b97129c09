// Cluster specs and a hand-moved clock for the orchestration unit tests.

import type { ClusterSpec, Label, NodeGroupSpec } from "../../../src/orchestration/driver.js";
import type { Clock } from "../../../src/orchestration/drivers/simulated/driver.js";

export const MASTER_GROUP = "0b6d6f6e-0000-4000-8000-00000000000a";
export const WORKER_GROUP = "0b6d6f6e-0000-4000-8000-00000000000b";

/** A clock that only moves when a test says so. */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2025, 0, 1)) {}

  now(): number {
    return this.current;
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

export function labels(values: Record<string, string>): Label[] {
  return Object.entries(values).map(([key, value]) => ({ key, value }));
}

export function nodeGroup(overrides: Partial<NodeGroupSpec> & Pick<NodeGroupSpec, "uuid" | "name">): NodeGroupSpec {
  return {
    role: "worker",
    nodeCount: 1,
    minNodeCount: 0,
    maxNodeCount: null,
    flavorId: "m1.small",
    imageId: "fedora-coreos-40",
    labels: [],
    ...overrides,
  };
}

export interface SpecOptions extends Partial<Omit<ClusterSpec, "labels" | "nodeGroups">> {
  labels?: Record<string, string>;
  masters?: number;
  workers?: number;
  nodeGroups?: NodeGroupSpec[];
}

/** One master and one worker by default, as Magnum's defaults give. */
export function clusterSpec(options: SpecOptions = {}): ClusterSpec {
  const { labels: labelValues = {}, masters = 1, workers = 1, nodeGroups, ...fields } = options;
  return {
    uuid: "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
    name: "demo",
    projectId: "project-1",
    coe: "KUBERNETES",
    clusterDistro: "fedora-coreos",
    serverType: "VM",
    imageId: "fedora-coreos-40",
    flavorId: "m1.small",
    masterFlavorId: "m1.medium",
    networkDriver: "calico",
    fixedNetwork: null,
    fixedSubnet: null,
    masterLbEnabled: false,
    floatingIpEnabled: false,
    tlsDisabled: false,
    createTimeout: 60,
    ...fields,
    labels: labels(labelValues),
    nodeGroups: nodeGroups ?? [
      nodeGroup({ uuid: MASTER_GROUP, name: "default-master", role: "master", nodeCount: masters, minNodeCount: 1 }),
      nodeGroup({ uuid: WORKER_GROUP, name: "default-worker", nodeCount: workers, maxNodeCount: 20 }),
    ],
  };
}

/** The spec with one node group's count changed, as the API would record a resize before the driver runs. */
export function withNodeCount(spec: ClusterSpec, uuid: string, nodeCount: number): ClusterSpec {
  return {
    ...spec,
    nodeGroups: spec.nodeGroups.map((group) => (group.uuid === uuid ? { ...group, nodeCount } : group)),
  };
}
