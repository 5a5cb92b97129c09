// Rows as Magnum shows them: snake_case fields, lower-case enums, labels as a dict, Python-style timestamps, project ids as Keystone's.
import type { ClusterRow, ClusterTemplateRow, NodeGroupRow } from "../db/schema/index.js";
import type { Label } from "../domain/labels.js";
import { selfLinks, link } from "./versions.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Timestamps as wsme renders Python's aware datetimes: seconds, +00:00. */
export function timestamp(date: Date | null | undefined): string | null {
  return date ? `${date.toISOString().slice(0, 19)}+00:00` : null;
}

/** Magnum's updated_at is null until the first update. */
function updatedAt(row: { createdAt: Date; updatedAt: Date }): string | null {
  return row.updatedAt.getTime() === row.createdAt.getTime() ? null : timestamp(row.updatedAt);
}

/** Keystone ids are 32 hex digits; Turnkey keeps them as UUIDs (keystoneIdToUuid), so they are shown without the dashes. */
export function projectIdOut(id: string): string {
  return id.replaceAll("-", "");
}

/** A Keystone-style id (or a UUID) back to the UUID the rows carry; null when it can be neither. */
export function projectIdIn(id: string): string | null {
  if (UUID.test(id)) return id.toLowerCase();
  if (/^[0-9a-f]{32}$/i.test(id)) {
    const hex = id.toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return null;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function labelsOut(labels: Label[]): Record<string, string> {
  return Object.fromEntries(labels.map((label) => [label.key, label.value]));
}

/** Magnum's labels_overridden / added / skipped against the parent's labels (api/utils.py get_labels_diff). */
export function labelsDiff(parent: Label[], own: Label[]) {
  const parentMap = labelsOut(parent);
  const ownMap = labelsOut(own);
  const overridden: Record<string, string> = {};
  const added: Record<string, string> = {};
  for (const [key, value] of Object.entries(ownMap)) {
    if (!(key in parentMap)) added[key] = value;
    else if (parentMap[key] !== value) overridden[key] = parentMap[key]!;
  }
  const skipped = Object.fromEntries(Object.entries(parentMap).filter(([key]) => !(key in ownMap)));
  return { labels_overridden: overridden, labels_added: added, labels_skipped: skipped };
}

export const COE_OUT: Record<string, string> = { KUBERNETES: "kubernetes", SWARM: "swarm", SWARM_MODE: "swarm-mode", MESOS: "mesos", DCOS: "dcos" };
export const COE_IN: Record<string, string> = Object.fromEntries(Object.entries(COE_OUT).map(([upper, lower]) => [lower, upper]));

/** A principal id as Magnum's user_id: Keystone users' UUID-mapped ids without dashes. */
function userIdOut(id: string | null | undefined): string | null {
  if (!id) return null;
  return UUID.test(id) ? projectIdOut(id) : id;
}

export function templateView(row: ClusterTemplateRow, base: string) {
  return {
    uuid: row.id,
    name: row.name,
    coe: COE_OUT[row.coe] ?? row.coe.toLowerCase(),
    image_id: row.imageId,
    flavor_id: row.flavorId,
    master_flavor_id: row.masterFlavorId,
    dns_nameserver: row.dnsNameserver,
    keypair_id: row.keypairId,
    external_network_id: row.externalNetworkId,
    fixed_network: row.fixedNetwork,
    fixed_subnet: row.fixedSubnet,
    network_driver: row.networkDriver,
    apiserver_port: row.apiserverPort,
    docker_volume_size: row.dockerVolumeSize,
    cluster_distro: row.clusterDistro,
    links: selfLinks(base, "clustertemplates", row.id),
    http_proxy: row.httpProxy,
    https_proxy: row.httpsProxy,
    no_proxy: row.noProxy,
    volume_driver: row.volumeDriver,
    registry_enabled: row.registryEnabled,
    labels: labelsOut(row.labels),
    tls_disabled: row.tlsDisabled,
    public: row.public,
    server_type: row.serverType.toLowerCase(),
    insecure_registry: row.insecureRegistry,
    docker_storage_driver: row.dockerStorageDriver?.toLowerCase() ?? null,
    master_lb_enabled: row.masterLbEnabled,
    floating_ip_enabled: row.floatingIpEnabled,
    project_id: projectIdOut(row.projectId),
    user_id: null,
    hidden: row.hidden,
    tags: row.tags.length > 0 ? row.tags.join(",") : null,
    created_at: timestamp(row.createdAt),
    updated_at: updatedAt(row),
  };
}

/** Fields of a cluster in a plain list (Magnum's expand=False). */
const CLUSTER_SUMMARY = ["uuid", "name", "cluster_template_id", "keypair", "docker_volume_size", "labels", "node_count", "status", "master_flavor_id", "flavor_id", "create_timeout", "master_count", "stack_id", "health_status", "links"];

export function clusterView(row: ClusterRow, template: ClusterTemplateRow | undefined, groups: NodeGroupRow[], base: string, expand: boolean) {
  const failedGroups = groups.filter((group) => group.status.endsWith("FAILED"));
  const full = {
    uuid: row.id,
    name: row.name,
    cluster_template_id: row.templateId,
    keypair: row.keypair,
    docker_volume_size: row.dockerVolumeSize,
    labels: labelsOut(row.labels),
    master_flavor_id: row.masterFlavorId,
    flavor_id: row.flavorId,
    create_timeout: row.createTimeout,
    links: selfLinks(base, "clusters", row.id),
    stack_id: row.stackId,
    status: row.status,
    status_reason: row.statusReason,
    health_status: row.healthStatus,
    health_status_reason: row.healthStatusReason,
    discovery_url: row.discoveryUrl,
    api_address: row.apiAddress,
    coe_version: row.coeVersion,
    container_version: row.containerVersion,
    project_id: projectIdOut(row.projectId),
    user_id: userIdOut(row.createdBy),
    node_addresses: row.nodeAddresses,
    master_addresses: row.masterAddresses,
    // Magnum fills faults from the failed node groups only on a failed cluster.
    faults: row.status.endsWith("FAILED") ? { ...row.faults, ...Object.fromEntries(failedGroups.map((group) => [group.name, group.statusReason ?? ""])) } : row.faults,
    fixed_network: row.fixedNetwork,
    fixed_subnet: row.fixedSubnet,
    floating_ip_enabled: row.floatingIpEnabled,
    master_lb_enabled: row.masterLbEnabled,
    node_count: row.nodeCount,
    master_count: row.masterCount,
    ...labelsDiff(template?.labels ?? [], row.labels),
    created_at: timestamp(row.createdAt),
    updated_at: updatedAt(row),
  };
  if (expand) return full;
  return Object.fromEntries(Object.entries(full).filter(([key]) => CLUSTER_SUMMARY.includes(key)));
}

const NODE_GROUP_SUMMARY = ["uuid", "name", "flavor_id", "node_count", "role", "is_default", "image_id", "status", "stack_id"];

export function nodeGroupView(row: NodeGroupRow, cluster: ClusterRow, base: string, expand: boolean) {
  const path = `clusters/${row.clusterId}`;
  const full = {
    uuid: row.id,
    name: row.name,
    cluster_id: row.clusterId,
    project_id: projectIdOut(row.projectId),
    docker_volume_size: row.dockerVolumeSize,
    labels: labelsOut(row.labels),
    links: [link("self", base, path, `nodegroups/${row.id}`), link("bookmark", base, path, `nodegroups/${row.id}`, true)],
    flavor_id: row.flavorId,
    image_id: row.imageId,
    node_addresses: row.nodeAddresses,
    node_count: row.nodeCount,
    role: row.role,
    min_node_count: row.minNodeCount,
    max_node_count: row.maxNodeCount,
    is_default: row.isDefault,
    stack_id: row.stackId,
    status: row.status,
    status_reason: row.statusReason,
    version: row.version,
    ...labelsDiff(cluster.labels, row.labels),
    created_at: timestamp(row.createdAt),
    updated_at: updatedAt(row),
  };
  if (expand) return full;
  return Object.fromEntries(Object.entries(full).filter(([key]) => NODE_GROUP_SUMMARY.includes(key)));
}
