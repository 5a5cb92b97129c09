// The stages of deleting a cluster: what create built, taken down in reverse.

import type { ClusterSpec } from "../../driver.js";
import { parseSubnet } from "./addresses.js";
import { STAGE_SECONDS, forNodes } from "./durations.js";
import type { SimulatedOperation } from "./record.js";
import { countNodes, isMaster } from "./shape.js";
import { type PlannedStage, plural, stage } from "./stage.js";

const seconds = STAGE_SECONDS;

export function planTeardown(operation: SimulatedOperation, spec: ClusterSpec): PlannedStage[] {
  const { before, stackName } = operation;
  // Nothing was ever submitted: there is nothing to take down.
  if (before.groups.length === 0) return [];
  const masters = before.groups.filter(isMaster);
  const workers = before.groups.filter((group) => !isMaster(group));
  const masterCount = countNodes(masters);
  const workerCount = countNodes(workers);
  const uuids = (groups: typeof masters) => groups.map((group) => group.uuid);
  const stages: PlannedStage[] = [];
  // Magnum's pre-delete step: a Kubernetes cluster's own load balancers and volumes would block the network delete.
  if (spec.coe === "KUBERNETES" && masterCount > 0) {
    stages.push(
      stage(
        "teardown:addons",
        "Deleting load balancers and volumes created by Kubernetes services",
        seconds.teardownAddons,
        `Failed to delete load balancer kube_service_${stackName}_default_web: provisioning status PENDING_UPDATE`,
      ),
    );
  }
  if (workerCount > 0) {
    stages.push(
      stage(
        "teardown:workers",
        `Deleting ${workerCount} worker server${plural(workerCount)}`,
        forNodes(seconds.teardownNodes, workerCount),
        `Resource DELETE failed: Conflict: server ${stackName}-node-0 is locked`,
        { groups: uuids(workers), commits: uuids(workers) },
      ),
    );
  }
  if (masterCount > 0) {
    stages.push(
      stage(
        "teardown:masters",
        `Deleting ${masterCount} master server${plural(masterCount)}`,
        forNodes(seconds.teardownNodes, masterCount),
        `Resource DELETE failed: Conflict: server ${stackName}-master-0 is locked`,
        { groups: uuids(masters), commits: uuids(masters) },
      ),
    );
  }
  if (spec.masterLbEnabled) {
    stages.push(
      stage(
        "teardown:load-balancer",
        "Deleting the API load balancer",
        seconds.teardownLoadBalancer,
        `Load balancer ${stackName}-api-lb is immutable: provisioning status PENDING_UPDATE`,
      ),
    );
  }
  stages.push(
    stage(
      "teardown:certificates",
      "Deleting the cluster certificates",
      seconds.teardownCertificates,
      "Failed to delete the cluster CA: the x509 keypair backend refused the request",
    ),
    // Groups that never had nodes disappear with the network, the last thing left.
    stage(
      "teardown:network",
      `Deleting router, subnet ${parseSubnet(spec.fixedSubnet).cidr} and network`,
      seconds.teardownNetwork,
      "Resource DELETE failed: Conflict: Unable to complete operation on subnet. One or more ports have an IP allocation from this subnet.",
      { commits: uuids(before.groups) },
    ),
  );
  return stages;
}
