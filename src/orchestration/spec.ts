// Builds what a driver sees of a cluster (ClusterSpec) from the rows the database holds.
import type { ClusterRow, ClusterTemplateRow, NodeGroupRow } from "../db/schema/index.js";
import type { ClusterSpec, Coe, ServerType } from "./driver.js";

/** Magnum's default distro for Kubernetes today; templates without one get it. */
export const DEFAULT_DISTRO = "fedora-coreos";
const DEFAULT_FLAVOR = "m1.small";

export function clusterSpec(cluster: ClusterRow, template: ClusterTemplateRow, groups: NodeGroupRow[]): ClusterSpec {
  return {
    uuid: cluster.id,
    name: cluster.name,
    projectId: cluster.projectId,
    coe: template.coe as Coe,
    clusterDistro: template.clusterDistro ?? DEFAULT_DISTRO,
    serverType: template.serverType as ServerType,
    imageId: template.imageId,
    flavorId: cluster.flavorId ?? DEFAULT_FLAVOR,
    masterFlavorId: cluster.masterFlavorId ?? cluster.flavorId ?? DEFAULT_FLAVOR,
    networkDriver: template.networkDriver ?? "flannel",
    fixedNetwork: cluster.fixedNetwork,
    fixedSubnet: cluster.fixedSubnet,
    masterLbEnabled: cluster.masterLbEnabled,
    floatingIpEnabled: cluster.floatingIpEnabled,
    tlsDisabled: template.tlsDisabled,
    labels: cluster.labels,
    createTimeout: cluster.createTimeout,
    nodeGroups: groups.map((group) => ({
      uuid: group.id,
      name: group.name,
      role: group.role,
      nodeCount: group.nodeCount,
      minNodeCount: group.minNodeCount,
      maxNodeCount: group.maxNodeCount,
      flavorId: group.flavorId ?? cluster.flavorId ?? DEFAULT_FLAVOR,
      imageId: group.imageId ?? template.imageId,
      labels: group.labels,
    })),
  };
}
