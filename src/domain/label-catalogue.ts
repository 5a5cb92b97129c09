// The labels Turnkey understands, typed: Magnum's documented labels and the simulated driver's fault-injection labels.
//
// Source: OpenStack Magnum's user guide, doc/source/user/index.rst at tag 21.0.1 (2025.1 "Epoxy"), the
// "Labels" table and the sections it links to. Keys outside this catalogue pass through unchecked,
// as Magnum passes them to the driver.
import { isIP } from "node:net";
import { isKnownStage } from "./clusters/fault-stages.js";

export const LABEL_KINDS = ["BOOLEAN", "INTEGER", "NUMBER", "ENUM", "VERSION", "TAG", "CIDR", "CIDR_LIST", "URL", "SHA256", "STRING", "STAGE", "NODE"] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

export interface LabelDefinition {
  key: string;
  kind: LabelKind;
  description: string;
  /** Magnum's default as its guide states it; null when it depends on the release or the driver. */
  defaultValue: string | null;
  /** For ENUM: the accepted values. */
  allowedValues?: string[];
  minimum?: number;
  maximum?: number;
  /** "magnum" for Magnum's labels; "turnkey.sim" for the simulated driver's fault injection. */
  source: "magnum" | "turnkey.sim";
}

const magnum = (key: string, kind: LabelKind, description: string, defaultValue: string | null, extra: Partial<LabelDefinition> = {}): LabelDefinition => ({ key, kind, description, defaultValue, source: "magnum", ...extra });
const boolean = (key: string, description: string, defaultValue: string | null) => magnum(key, "BOOLEAN", description, defaultValue);
const tag = (key: string, what: string) => magnum(key, "TAG", `Image tag of ${what}`, null);
const text = (key: string, description: string, defaultValue: string | null = null) => magnum(key, "STRING", description, defaultValue);
const choice = (key: string, allowedValues: string[], description: string, defaultValue: string | null) => magnum(key, "ENUM", description, defaultValue, { allowedValues });
const integer = (key: string, minimum: number, description: string, defaultValue: string | null, maximum?: number) => magnum(key, "INTEGER", description, defaultValue, { minimum, ...(maximum === undefined ? {} : { maximum }) });

export const LABEL_CATALOGUE: readonly LabelDefinition[] = [
  // Versions: kube_tag is the version an upgrade moves to; the rest pick add-on images.
  magnum("kube_tag", "VERSION", "Kubernetes version of every node (hyperkube / kubelet tag); the version clusterUpgrade moves to", null),
  magnum("containerd_version", "VERSION", "containerd version on every node", null),
  magnum("docker_version", "VERSION", "Docker engine version (Swarm mode)", null),
  magnum("kube_dashboard_version", "VERSION", "Kubernetes dashboard version", null),
  tag("cloud_provider_tag", "the OpenStack cloud controller manager"),
  tag("etcd_tag", "etcd"),
  tag("coredns_tag", "CoreDNS"),
  tag("flannel_tag", "flannel"),
  tag("flannel_cni_tag", "the flannel CNI plugin"),
  tag("calico_tag", "calico"),
  tag("heat_container_agent_tag", "the Heat container agent"),
  tag("metrics_scraper_tag", "the dashboard metrics scraper"),
  tag("metrics_server_chart_tag", "the metrics-server Helm chart"),
  tag("prometheus_operator_chart_tag", "the prometheus-operator Helm chart"),
  tag("prometheus_adapter_chart_tag", "the prometheus-adapter Helm chart"),
  tag("traefik_ingress_controller_tag", "the Traefik ingress controller"),
  tag("octavia_ingress_controller_tag", "the Octavia ingress controller"),
  tag("nginx_ingress_controller_tag", "the NGINX ingress controller"),
  tag("nginx_ingress_controller_chart_tag", "the NGINX ingress controller Helm chart"),
  tag("k8s_keystone_auth_tag", "k8s-keystone-auth"),
  tag("helm_client_tag", "the Helm client"),
  tag("magnum_auto_healer_tag", "magnum-auto-healer"),
  tag("node_problem_detector_tag", "node-problem-detector"),
  tag("draino_tag", "Draino"),
  tag("autoscaler_tag", "the cluster autoscaler"),
  tag("cinder_csi_plugin_tag", "the Cinder CSI plugin"),
  text("ostree_commit", "Fedora CoreOS ostree commit to upgrade to"),
  text("ostree_remote", "Fedora CoreOS ostree remote to upgrade from"),
  // Switches.
  boolean("kube_dashboard_enabled", "Deploy the Kubernetes dashboard", "true"),
  boolean("heapster_enabled", "Deploy Heapster", "false"),
  boolean("metrics_server_enabled", "Deploy metrics-server", "true"),
  boolean("monitoring_enabled", "Deploy Prometheus and Grafana", "false"),
  boolean("monitoring_ingress_enabled", "Expose monitoring through the ingress", "false"),
  boolean("prometheus_adapter_enabled", "Deploy prometheus-adapter", "true"),
  boolean("prometheus_monitoring", "Deploy Prometheus and Grafana (deprecated: monitoring_enabled)", "false"),
  boolean("influx_grafana_dashboard_enabled", "Deploy InfluxDB and the Grafana dashboard", "false"),
  boolean("cert_manager_api", "Enable the certificate manager API", "false"),
  boolean("cloud_provider_enabled", "Run the OpenStack cloud provider", null),
  boolean("cinder_csi_enabled", "Run the Cinder CSI driver (needs volumeDriver cinder)", "true"),
  boolean("keystone_auth_enabled", "Authenticate Kubernetes users with Keystone", "true"),
  boolean("master_lb_floating_ip_enabled", "Give the masters' load balancer a floating IP", null),
  boolean("master_lb_enabled", "Put a load balancer in front of the masters (Magnum's cluster field, also read as a label)", "false"),
  boolean("auto_healing_enabled", "Replace unhealthy nodes automatically", "false"),
  boolean("auto_scaling_enabled", "Scale node groups between min_node_count and max_node_count on load", "false"),
  boolean("npd_enabled", "Deploy node-problem-detector", "true"),
  boolean("use_podman", "Run system containers with podman", null),
  boolean("octavia_lb_healthcheck", "Health-check Octavia load balancers of LoadBalancer services", "true"),
  // Numbers.
  integer("docker_volume_size", 1, "Size in GB of each node's container volume (as the dockerVolumeSize field)", null, 16_384),
  integer("etcd_volume_size", 0, "Size in GB of the etcd volume; 0 keeps etcd on the root disk", "0", 16_384),
  integer("boot_volume_size", 1, "Size in GB of the boot volume", null, 16_384),
  integer("flannel_network_subnetlen", 1, "Prefix length of the subnet each node gets from flannel_network_cidr", "24", 32),
  integer("monitoring_retention_days", 1, "Days Prometheus keeps metrics", null),
  integer("monitoring_retention_size", 1, "GB Prometheus keeps", null),
  integer("monitoring_interval_seconds", 1, "Prometheus scrape interval in seconds", null),
  integer("min_node_count", 0, "Fewest worker nodes auto-scaling or auto-healing leaves", "1"),
  integer("max_node_count", 1, "Most worker nodes auto-scaling creates", null),
  // Enumerations.
  choice("flannel_backend", ["udp", "vxlan", "host-gw"], "flannel's backend", "vxlan"),
  choice("cgroup_driver", ["systemd", "cgroupfs"], "cgroup driver of kubelet and the container runtime", "cgroupfs"),
  choice("selinux_mode", ["enforcing", "permissive", "disabled"], "SELinux mode of the nodes", null),
  choice("container_runtime", ["", "containerd"], "Container runtime; empty for Docker", ""),
  choice("ingress_controller", ["", "traefik", "nginx", "octavia"], "Ingress controller to deploy; empty for none", ""),
  choice("auto_healing_controller", ["draino", "magnum-auto-healer"], "Auto-healing service", "draino"),
  choice("calico_ipv4pool_ipip", ["Always", "CrossSubnet", "Never", "Off"], "IPIP mode of calico's IPv4 pool", "Off"),
  choice("octavia_provider", ["amphora", "ovn"], "Octavia provider for load balancers", "amphora"),
  choice("octavia_lb_algorithm", ["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT"], "Octavia algorithm for LoadBalancer services", "ROUND_ROBIN"),
  // Networks.
  magnum("flannel_network_cidr", "CIDR", "Pod network of flannel", "10.100.0.0/16"),
  magnum("calico_ipv4pool", "CIDR", "Pod network of calico", "10.100.0.0/16"),
  magnum("service_cluster_ip_range", "CIDR", "Network of Kubernetes service addresses", "10.254.0.0/16"),
  magnum("fixed_subnet_cidr", "CIDR", "CIDR of the fixed subnet Magnum creates", ""),
  magnum("master_lb_allowed_cidrs", "CIDR_LIST", "Comma-separated CIDRs allowed to reach the API load balancer", ""),
  // Downloads.
  magnum("helm_client_url", "URL", "Where to download the Helm client", null),
  magnum("helm_client_sha256", "SHA256", "SHA-256 of the Helm client download", null),
  magnum("containerd_tarball_url", "URL", "Where to download containerd", null),
  magnum("containerd_tarball_sha256", "SHA256", "SHA-256 of the containerd download", null),
  // Free text the driver passes on.
  text("availability_zone", "Availability zone of the cluster's nodes", ""),
  text("hyperkube_prefix", "Registry prefix of the hyperkube image"),
  text("container_infra_prefix", "Registry prefix of every system container image", ""),
  text("docker_volume_type", "Cinder volume type of the container volumes"),
  text("boot_volume_type", "Cinder volume type of the boot volumes"),
  text("etcd_volume_type", "Cinder volume type of the etcd volume"),
  text("admission_control_list", "Admission controllers of kube-apiserver"),
  text("kubelet_options", "Extra kubelet arguments", ""),
  text("kubeapi_options", "Extra kube-apiserver arguments", ""),
  text("kubescheduler_options", "Extra kube-scheduler arguments", ""),
  text("kubecontroller_options", "Extra kube-controller-manager arguments", ""),
  text("kubeproxy_options", "Extra kube-proxy arguments", ""),
  text("ingress_controller_role", "Node role that runs the ingress controller", "ingress"),
  text("grafana_admin_passwd", "Grafana's admin password", "admin"),
  text("cluster_basic_auth_secret", "Secret with basic-auth users for monitoring"),
  text("cluster_root_domain_name", "Root domain of the cluster's ingress names"),
  text("monitoring_storage_class_name", "Storage class of Prometheus' volume"),
  text("prometheus_adapter_configmap", "ConfigMap with prometheus-adapter rules", ""),
  // The simulated driver's fault injection (see README, "Fault injection").
  { key: "turnkey.sim/fail-stage", kind: "STAGE", description: "Fail the first stage of this kind (or exact name) in every operation", defaultValue: null, source: "turnkey.sim" },
  { key: "turnkey.sim/hang-stage", kind: "STAGE", description: "This stage starts and never finishes; createTimeout catches it", defaultValue: null, source: "turnkey.sim" },
  { key: "turnkey.sim/failure-rate", kind: "NUMBER", description: "Probability from 0 to 1 that an operation fails at a random stage", defaultValue: "0", minimum: 0, maximum: 1, source: "turnkey.sim" },
  { key: "turnkey.sim/demand", kind: "NUMBER", description: "The load auto-scaling sees: the workload in worker nodes' worth (2.5 needs 3 nodes)", defaultValue: null, minimum: 0, maximum: 10_000, source: "turnkey.sim" },
  { key: "turnkey.sim/unhealthy-node", kind: "NODE", description: "Worker node index n (or full node name) that reports NotReady", defaultValue: null, source: "turnkey.sim" },
];

export const LABEL_DEFINITIONS: ReadonlyMap<string, LabelDefinition> = new Map(LABEL_CATALOGUE.map((definition) => [definition.key, definition]));

const VERSION = /^v?\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.+-]+)?$/;
// Docker's tag grammar.
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const NODE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Why `value` is wrong for `definition`, or null when it is fine. */
export function labelValueProblem(definition: LabelDefinition, value: string): string | null {
  const { key } = definition;
  switch (definition.kind) {
    case "BOOLEAN":
      return /^(true|false)$/i.test(value) ? null : `label ${key} must be "true" or "false"`;
    case "INTEGER": {
      if (!/^-?\d+$/.test(value)) return `label ${key} must be a whole number`;
      return rangeProblem(definition, Number(value));
    }
    case "NUMBER": {
      const number = value.trim() === "" ? Number.NaN : Number(value);
      if (!Number.isFinite(number)) return `label ${key} must be a number`;
      return rangeProblem(definition, number);
    }
    case "ENUM":
      return definition.allowedValues!.includes(value) ? null : `label ${key} must be one of ${definition.allowedValues!.map((allowed) => JSON.stringify(allowed)).join(", ")}`;
    case "VERSION":
      return VERSION.test(value) ? null : `label ${key} must be a version such as v1.30.4`;
    case "TAG":
      return TAG.test(value) ? null : `label ${key} must be an image tag (letters, digits, '_', '.', '-'; at most 128)`;
    case "CIDR":
      return value === "" || isCidr(value) ? null : `label ${key} must be a CIDR such as 10.100.0.0/16`;
    case "CIDR_LIST":
      return value === "" || value.split(",").every((entry) => isCidr(entry.trim())) ? null : `label ${key} must be comma-separated CIDRs`;
    case "URL":
      return URL.canParse(value) && /^(https?|ftp):/.test(value) ? null : `label ${key} must be an http(s) URL`;
    case "SHA256":
      return /^[0-9a-f]{64}$/i.test(value) ? null : `label ${key} must be a SHA-256 in hex (64 characters)`;
    case "STAGE":
      return isKnownStage(value) ? null : `label ${key}: no stage "${value}" in the simulated driver's plans (see the README's list of stages)`;
    case "NODE":
      return /^\d+$/.test(value) || NODE_NAME.test(value) ? null : `label ${key} must be a node index or a node name`;
    case "STRING":
      return null;
  }
}

function rangeProblem(definition: LabelDefinition, number: number): string | null {
  if (definition.minimum !== undefined && number < definition.minimum) return `label ${definition.key} must be at least ${definition.minimum}`;
  if (definition.maximum !== undefined && number > definition.maximum) return `label ${definition.key} must be at most ${definition.maximum}`;
  return null;
}

function isCidr(value: string): boolean {
  const [address, prefix, extra] = value.split("/");
  if (extra !== undefined || address === undefined || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
  const family = isIP(address);
  return family !== 0 && Number(prefix) <= (family === 4 ? 32 : 128);
}
