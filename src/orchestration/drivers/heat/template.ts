// The HOT template for a cluster, generated from its spec: a network, one resource group per node
// group (masters first), an optional API load balancer, and Magnum's output names. Infrastructure
// is written as Turnkey::* types that the configured Heat environment maps onto real or test resources.

import type { HotTemplate, ParameterValue } from "../../../openstack/heat-client.js";
import type { ClusterSpec, Label, NodeGroupSpec } from "../../driver.js";
import { labelValue } from "../../labels.js";
import { coeVersionOf } from "../simulated/versions.js";
import type { ResourceProfile, ResourceProfiles } from "./environment.js";
import {
  GROUP_KEYS_OUTPUT,
  groupKey,
  groupNodesOutput,
  groupParameterNames,
  isMaster,
  nodeNamePattern,
  primaryGroupIds,
} from "./naming.js";

export const HOT_VERSION = "2018-08-31";

export type { HotTemplate, ParameterValue };

/** The attribute that holds a mapped resource's address: TestResource's `output`, a provider template's `address`. */
export function addressAttribute(profile: ResourceProfile): string {
  return profile === "test" ? "output" : "address";
}

export interface TemplateInput {
  spec: ClusterSpec;
  stackName: string;
  profiles: ResourceProfiles;
  /** The node groups the stack should hold; default: all of the spec's. */
  groups?: readonly NodeGroupSpec[];
}

/** Masters first, each kind in spec order: the order Heat builds them in. */
export function orderedGroups(groups: readonly NodeGroupSpec[]): NodeGroupSpec[] {
  return [...groups.filter(isMaster), ...groups.filter((group) => !isMaster(group))];
}

export function clusterTemplate(input: TemplateInput): HotTemplate {
  const { spec, stackName, profiles } = input;
  const groups = orderedGroups(input.groups ?? spec.nodeGroups);
  const primary = primaryGroupIds(spec.nodeGroups);
  const masters = groups.filter(isMaster).map(groupKey);
  const workers = groups.filter((group) => !isMaster(group)).map(groupKey);
  const serverAddress = addressAttribute(profiles["Turnkey::Server"]);
  const testServers = profiles["Turnkey::Server"] === "test";

  const resources: Record<string, unknown> = {
    network: { type: "Turnkey::Network", properties: networkProperties(spec, stackName, profiles["Turnkey::Network"]) },
  };
  for (const group of groups) {
    const key = groupKey(group);
    const names = groupParameterNames(key);
    const after = isMaster(group) ? ["network"] : spec.masterLbEnabled ? ["api_lb"] : masters.length > 0 ? masters : ["network"];
    resources[key] = {
      type: "OS::Heat::ResourceGroup",
      depends_on: after,
      // Masters go one at a time whatever the request says, to keep etcd's quorum.
      update_policy: { rolling_update: { max_batch_size: { get_param: names.maxBatchSize } } },
      properties: {
        count: { get_param: names.count },
        removal_policies: [{ resource_list: { get_param: names.nodesToRemove } }],
        resource_def: {
          type: "Turnkey::Server",
          properties: serverProperties(spec, group, nodeNamePattern(stackName, group, primary.has(group.uuid)), profiles),
        },
      },
    };
  }
  if (spec.masterLbEnabled) {
    resources["api_lb"] = {
      type: "Turnkey::LoadBalancer",
      depends_on: masters.length > 0 ? masters : ["network"],
      properties: loadBalancerProperties(stackName, masters, serverAddress, profiles["Turnkey::LoadBalancer"]),
    };
  }

  const outputs: Record<string, unknown> = {
    api_address: { description: "URL of the cluster's API.", value: apiAddressValue(spec, masters, serverAddress, profiles) },
    master_addresses: { description: "Addresses of the masters.", value: concat(masters, serverAddress) },
    node_addresses: { description: "Addresses of the other nodes.", value: concat(workers, serverAddress) },
    [GROUP_KEYS_OUTPUT]: {
      description: "The node groups in this stack, as { uuid: key }.",
      value: Object.fromEntries(groups.map((group) => [group.uuid, groupKey(group)])),
    },
  };
  for (const group of groups) {
    const key = groupKey(group);
    outputs[groupNodesOutput(key)] = {
      description: `Nodes of ${group.name} as { index: address }.`,
      value: { get_attr: [key, "attributes", serverAddress] },
    };
  }

  return {
    heat_template_version: HOT_VERSION,
    description: `Turnkey cluster ${spec.name} (${spec.uuid})`,
    parameters: parameterSchema(spec, groups, testServers),
    resources,
    outputs,
  };
}

/** Every parameter's value for a stack create; the template's defaults hold the same values. */
export function createParameters(
  spec: ClusterSpec,
  groups: readonly NodeGroupSpec[],
  cluster: ClusterParameters,
): Record<string, ParameterValue> {
  const values: Record<string, ParameterValue> = {
    cluster_uuid: spec.uuid,
    cluster_name: spec.name,
    ca_generation: cluster.caGeneration,
    auth_url: cluster.authUrl,
    region_name: cluster.region,
    trustee_domain_id: cluster.trust?.domainId ?? "",
    trustee_user_id: cluster.trust?.userId ?? "",
    trustee_username: cluster.trust?.userName ?? "",
    trustee_password: cluster.trust?.password ?? "",
    trust_id: cluster.trust?.trustId ?? "",
  };
  for (const group of groups) Object.assign(values, groupParameters(spec, group));
  return values;
}

export interface ClusterParameters {
  caGeneration: string;
  authUrl: string;
  region: string;
  trust: { domainId: string; userId: string; userName: string; password: string; trustId: string } | null;
}

/** A group's parameters as its spec says; resize and upgrade send some of them again with new values. */
export function groupParameters(spec: ClusterSpec, group: NodeGroupSpec): Record<string, ParameterValue> {
  const names = groupParameterNames(groupKey(group));
  return {
    [names.count]: group.nodeCount,
    [names.image]: group.imageId || spec.imageId,
    [names.flavor]: group.flavorId || (isMaster(group) ? spec.masterFlavorId : spec.flavorId),
    [names.version]: coeVersionOf(spec.coe, mergedLabels(spec.labels, group.labels)),
    [names.labels]: labelMap(mergedLabels(spec.labels, group.labels)),
    [names.nodesToRemove]: "",
    [names.maxBatchSize]: 1,
  };
}

function parameterSchema(spec: ClusterSpec, groups: readonly NodeGroupSpec[], testServers: boolean) {
  const schema: Record<string, unknown> = {
    cluster_uuid: { type: "string", default: spec.uuid },
    cluster_name: { type: "string", default: spec.name },
    fixed_subnet: { type: "string", default: spec.fixedSubnet ?? "10.0.0.0/24" },
    network_driver: { type: "string", default: spec.networkDriver },
    api_port: { type: "number", default: apiPort(spec) },
    ca_generation: { type: "string", default: "", description: "Changes when the cluster's CA is rotated." },
    // Magnum's trust parameters: what the cluster's own calls authenticate with.
    auth_url: { type: "string", default: "" },
    region_name: { type: "string", default: "" },
    trustee_domain_id: { type: "string", default: "" },
    trustee_user_id: { type: "string", default: "" },
    trustee_username: { type: "string", default: "" },
    trustee_password: { type: "string", default: "", hidden: true },
    trust_id: { type: "string", default: "", hidden: true },
  };
  if (testServers) {
    // The knobs of the kit's test environment (examples/test-env.yaml sets them in parameter_defaults).
    schema["master_wait_secs"] = { type: "number", default: 0 };
    schema["worker_wait_secs"] = { type: "number", default: 0 };
    schema["fail_masters"] = { type: "boolean", default: false };
    schema["fail_workers"] = { type: "boolean", default: false };
  }
  for (const group of groups) {
    const names = groupParameterNames(groupKey(group));
    const values = groupParameters(spec, group);
    schema[names.count] = { type: "number", default: values[names.count], constraints: [{ range: { min: 0 } }] };
    schema[names.image] = { type: "string", default: values[names.image] };
    schema[names.flavor] = { type: "string", default: values[names.flavor] };
    schema[names.version] = { type: "string", default: values[names.version] };
    schema[names.labels] = { type: "json", default: values[names.labels] };
    schema[names.nodesToRemove] = {
      type: "comma_delimited_list",
      default: "",
      description: "Members (indexes) removed first when the count goes down, as Magnum's nodes_to_remove.",
    };
    schema[names.maxBatchSize] = { type: "number", default: 1, constraints: [{ range: { min: 1 } }] };
  }
  return schema;
}

function serverProperties(
  spec: ClusterSpec,
  group: NodeGroupSpec,
  namePattern: string,
  profiles: ResourceProfiles,
): Record<string, unknown> {
  const names = groupParameterNames(groupKey(group));
  if (profiles["Turnkey::Server"] === "test") {
    const role = isMaster(group) ? "master" : "worker";
    return {
      value: `10.${testOctet(spec, group)}.%index%.10`,
      wait_secs: { get_param: `${role}_wait_secs` },
      fail: { get_param: `fail_${role}s` },
      // A new image or version replaces the node, as an upgrade by node replacement does.
      update_replace_value: { list_join: [":", [{ get_param: names.image }, { get_param: names.version }]] },
    };
  }
  return {
    name: namePattern,
    image: { get_param: names.image },
    flavor: { get_param: names.flavor },
    networks: [{ network: { get_resource: "network" } }],
    metadata: {
      turnkey_cluster: spec.uuid,
      turnkey_node_group: group.uuid,
      turnkey_role: group.role,
      kube_tag: { get_param: names.version },
      ca_generation: { get_param: "ca_generation" },
    },
  };
}

function networkProperties(spec: ClusterSpec, stackName: string, profile: ResourceProfile): Record<string, unknown> {
  if (profile === "test") return { value: { get_param: "fixed_subnet" } };
  return { name: spec.fixedNetwork ?? stackName };
}

function loadBalancerProperties(
  stackName: string,
  masters: readonly string[],
  serverAddress: string,
  profile: ResourceProfile,
): Record<string, unknown> {
  if (profile === "test") return { value: "10.0.255.1" };
  return { name: `${stackName}-api`, port: { get_param: "api_port" }, members: concat(masters, serverAddress) };
}

// Kubernetes answers on 6443 (8080 without TLS), Swarm on 2376 (2375 without TLS).
function apiPort(spec: ClusterSpec): number {
  if (spec.coe === "KUBERNETES") return spec.tlsDisabled ? 8080 : 6443;
  return spec.tlsDisabled ? 2375 : 2376;
}

function apiAddressValue(
  spec: ClusterSpec,
  masters: readonly string[],
  serverAddress: string,
  profiles: ResourceProfiles,
): unknown {
  const first = masters[0];
  const host = spec.masterLbEnabled
    ? { get_attr: ["api_lb", addressAttribute(profiles["Turnkey::LoadBalancer"])] }
    : first === undefined
      ? ""
      : { get_attr: [first, "resource.0", serverAddress] };
  const scheme = spec.coe === "KUBERNETES" ? (spec.tlsDisabled ? "http" : "https") : "tcp";
  return { str_replace: { template: `${scheme}://HOST:PORT`, params: { HOST: host, PORT: { get_param: "api_port" } } } };
}

function concat(keys: readonly string[], attribute: string): unknown {
  if (keys.length === 0) return [];
  if (keys.length === 1) return { get_attr: [keys[0], attribute] };
  return { list_concat: keys.map((key) => ({ get_attr: [key, attribute] })) };
}

// The kit's addresses: masters 10.0.i.10, workers 10.1.i.10; other groups a second octet of their own.
function testOctet(spec: ClusterSpec, group: NodeGroupSpec): number {
  const primary = primaryGroupIds(spec.nodeGroups);
  if (primary.has(group.uuid)) return isMaster(group) ? 0 : 1;
  let hash = 0;
  for (const character of group.uuid) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return 2 + (hash % 250);
}

function mergedLabels(cluster: readonly Label[], group: readonly Label[]): Label[] {
  return [...cluster, ...group];
}

function labelMap(labels: readonly Label[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const label of labels) map[label.key] = labelValue(labels, label.key) ?? label.value;
  return map;
}
