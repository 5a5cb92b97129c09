// The stages of building a cluster: network to add-ons, as Magnum's Kubernetes and Swarm mode drivers do.

import type { ClusterSpec } from "../../driver.js";
import { labelEnabled, labelValue } from "../../labels.js";
import { nodeCapacity, parseSubnet } from "./addresses.js";
import { STAGE_SECONDS, bootSeconds, forNodes } from "./durations.js";
import type { SimulatedOperation } from "./record.js";
import { type GroupShape, countNodes, isMaster } from "./shape.js";
import { type PlannedStage, noAddressesLeft, noValidHost, plural, stage } from "./stage.js";

const seconds = STAGE_SECONDS;

export function planCreate(operation: SimulatedOperation, spec: ClusterSpec): PlannedStage[] {
  const masters = operation.after.groups.filter(isMaster);
  const workers = operation.after.groups.filter((group) => !isMaster(group));
  const masterCount = countNodes(masters);
  const workerCount = countNodes(workers);
  const subnet = parseSubnet(spec.fixedSubnet);
  const network = spec.fixedNetwork ?? "private";
  const kubernetes = spec.coe === "KUBERNETES";
  const bareMetal = spec.serverType === "BM" ? " (bare metal)" : "";
  const outOfAddresses = (groups: GroupShape[]) =>
    groups.some((group) => group.nodes.some(([, slot]) => slot >= nodeCapacity(subnet)));
  // Empty worker groups have nothing to boot; they appear along with the masters.
  const masterCommits = [...masters, ...(workerCount === 0 ? workers : [])].map((group) => group.uuid);

  const stages = [
    stage(
      "network",
      `Creating network ${network}, subnet ${subnet.cidr}, router and security groups`,
      seconds.network,
      "Resource CREATE failed: OverQuotaClient: resources.network.resources.extrouter: Quota exceeded for resources: ['router'].",
    ),
    stage(
      "certificates",
      kubernetes
        ? "Issuing the cluster CA and certificates for the API server, kubelets and etcd"
        : "Issuing the cluster CA and certificates for the Docker engines",
      seconds.certificates,
      "Failed to issue the cluster CA: the x509 keypair backend refused the request",
    ),
  ];
  if (spec.masterLbEnabled) {
    stages.push(
      stage(
        "load-balancer",
        "Creating the Octavia load balancer in front of the masters",
        seconds.loadBalancer,
        `Load balancer ${operation.stackName}-api-lb went to provisioning status ERROR: amphora did not boot within 600 seconds`,
      ),
    );
  }
  stages.push(
    stage(
      "masters",
      `Booting ${masterCount} master server${plural(masterCount)}${bareMetal}`,
      bootSeconds(seconds.masterBoot, masterCount, spec.serverType),
      outOfAddresses(masters) ? noAddressesLeft(network) : noValidHost("kube_masters.resources[0]"),
      {
        groups: masters.map((group) => group.uuid),
        commits: masterCommits,
        doomed: outOfAddresses(masters),
      },
    ),
  );
  if (kubernetes) {
    stages.push(
      stage(
        "etcd",
        `Forming the etcd quorum across ${masterCount} member${plural(masterCount)}`,
        forNodes(seconds.etcdQuorum, masterCount),
        `Timed out waiting for etcd quorum: ${Math.floor(masterCount / 2)} of ${masterCount} members reachable`,
        { groups: masters.map((group) => group.uuid) },
      ),
      stage(
        "api-server",
        "Starting kube-apiserver, controller-manager and scheduler",
        seconds.apiServer,
        "kube-apiserver did not report healthy within 300 seconds: etcd request timed out",
        { groups: masters.map((group) => group.uuid) },
      ),
    );
  } else {
    stages.push(
      stage(
        "swarm-init",
        `Initialising the swarm across ${masterCount} manager${plural(masterCount)}`,
        forNodes(seconds.swarmInit, masterCount),
        `Timed out waiting for raft quorum: ${Math.floor(masterCount / 2)} of ${masterCount} managers reachable`,
        { groups: masters.map((group) => group.uuid) },
      ),
    );
  }
  if (workerCount > 0) {
    stages.push(
      stage(
        "workers",
        `Booting ${workerCount} worker${plural(workerCount)}${bareMetal} and joining them to the cluster`,
        bootSeconds(seconds.workerBoot, workerCount, spec.serverType),
        outOfAddresses(workers) ? noAddressesLeft(network) : noValidHost("kube_minions.resources[0]"),
        {
          groups: workers.map((group) => group.uuid),
          commits: workers.map((group) => group.uuid),
          doomed: outOfAddresses(workers),
        },
      ),
    );
  }
  if (kubernetes) stages.push(...planAddons(spec));
  return stages;
}

/** Add-ons chosen by the template's labels, in the order Magnum's fedora-coreos driver deploys them. */
export function planAddons(spec: Pick<ClusterSpec, "labels">): PlannedStage[] {
  const { labels } = spec;
  const addons = [
    stage(
      "coredns",
      "Deploying CoreDNS",
      seconds.coreDns,
      "Deployment kube-system/coredns did not become available: 0 of 2 replicas ready",
    ),
  ];
  if (labelEnabled(labels, "kube_dashboard_enabled")) {
    addons.push(
      stage(
        "dashboard",
        "Deploying the Kubernetes dashboard",
        seconds.dashboard,
        helmFailure("kubernetes-dashboard"),
      ),
    );
  }
  if (labelEnabled(labels, "prometheus_monitoring")) {
    addons.push(
      stage(
        "monitoring",
        "Deploying Prometheus and Grafana",
        seconds.monitoring,
        helmFailure("prometheus-operator"),
      ),
    );
  }
  const ingress = labelValue(labels, "ingress_controller")?.trim();
  if (ingress !== undefined && ingress !== "") {
    const octavia = ingress.toLowerCase() === "octavia";
    addons.push(
      stage(
        "ingress",
        `Deploying the ${ingress} ingress controller`,
        octavia ? seconds.octaviaIngress : seconds.ingress,
        octavia
          ? "octavia-ingress-controller could not create its load balancer: Quota exceeded for resources: ['loadbalancer']."
          : helmFailure(`${ingress}-ingress`),
      ),
    );
  }
  if (labelEnabled(labels, "auto_scaling_enabled")) {
    addons.push(
      stage(
        "autoscaler",
        "Deploying the cluster autoscaler",
        seconds.autoscaler,
        "Deployment kube-system/cluster-autoscaler did not become available: CrashLoopBackOff",
      ),
    );
  }
  if (labelEnabled(labels, "auto_healing_enabled")) {
    addons.push(
      stage(
        "auto-healer",
        "Deploying magnum-auto-healer",
        seconds.autoHealer,
        "Deployment kube-system/magnum-auto-healer did not become available: CrashLoopBackOff",
      ),
    );
  }
  return addons;
}

function helmFailure(release: string): string {
  return `Helm release ${release} failed: timed out waiting for the condition`;
}
