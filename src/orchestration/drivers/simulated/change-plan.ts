// The stages of changing a running cluster: scaling node groups, rolling upgrades and CA rotation.

import type { ClusterSpec } from "../../driver.js";
import { nodeCapacity, parseSubnet } from "./addresses.js";
import { STAGE_SECONDS, bootSeconds, forNodes } from "./durations.js";
import type { SimulatedOperation } from "./record.js";
import { type GroupShape, type SimulatedNode, findGroup, isMaster, nodeName } from "./shape.js";
import { type PlannedStage, noAddressesLeft, noValidHost, plural, stage } from "./stage.js";

const seconds = STAGE_SECONDS;

/** Update, resize and node group changes: drain then delete servers to shrink, boot then join to grow. */
export function planScaling(operation: SimulatedOperation, spec: ClusterSpec): PlannedStage[] {
  const { before, after, stackName } = operation;
  const capacity = nodeCapacity(parseSubnet(spec.fixedSubnet));
  const network = spec.fixedNetwork ?? "private";
  const stages: PlannedStage[] = [];
  for (const target of after.groups) {
    const current = findGroup(before, target.uuid) ?? { ...target, nodes: [] };
    const kept = new Set(target.nodes.map(([index]) => index));
    const existing = new Set(current.nodes.map(([index]) => index));
    const removed = current.nodes.filter(([index]) => !kept.has(index));
    const added = target.nodes.filter(([index]) => !existing.has(index));
    const creating = findGroup(before, target.uuid) === undefined;
    const growing = added.length > 0;
    if (removed.length > 0) {
      stages.push(...shrinkStages(stackName, current, removed, target.nodes.length, !growing));
    }
    if (growing) {
      const doomed = added.some(([, slot]) => slot >= capacity);
      const from = current.nodes.length - removed.length;
      stages.push(
        stage(
          `scale:${target.name}`,
          creating
            ? `Creating node group ${target.name}: booting ${added.length} server${plural(added.length)}`
            : `Scaling node group ${target.name} from ${from} to ${target.nodes.length} nodes: booting ${added.length} server${plural(added.length)}`,
          bootSeconds(seconds.workerBoot, added.length, spec.serverType),
          doomed ? noAddressesLeft(network) : noValidHost(`${target.name}.resources[${added[0]?.[0] ?? 0}]`),
          { groups: [target.uuid], doomed },
        ),
        stage(
          `join:${target.name}`,
          `Joining ${added.length} node${plural(added.length)} of ${target.name} to the cluster`,
          forNodes(seconds.join, added.length),
          `Node ${nodeName(stackName, target, added[0]?.[0] ?? 0)} did not become Ready within 600 seconds: kubelet TLS bootstrap was refused`,
          { groups: [target.uuid], commits: [target.uuid] },
        ),
      );
    }
    if (creating && !growing) {
      stages.push(
        stage(
          `scale:${target.name}`,
          `Creating empty node group ${target.name}`,
          seconds.emptyNodeGroup,
          `Resource CREATE failed: resources.${target.name}: stack could not be created`,
          { groups: [target.uuid], commits: [target.uuid] },
        ),
      );
    }
  }
  for (const current of before.groups) {
    if (findGroup(after, current.uuid) !== undefined) continue;
    if (current.nodes.length > 0) stages.push(...shrinkStages(stackName, current, current.nodes, 0, true));
    else {
      stages.push(
        stage(
          `scale:${current.name}`,
          `Deleting empty node group ${current.name}`,
          seconds.emptyNodeGroup,
          `Resource DELETE failed: resources.${current.name}: stack could not be deleted`,
          { groups: [current.uuid], commits: [current.uuid] },
        ),
      );
    }
  }
  return stages;
}

// Draining first lets pods move before their node disappears.
function shrinkStages(
  stackName: string,
  group: GroupShape,
  removed: SimulatedNode[],
  remaining: number,
  commit: boolean,
): PlannedStage[] {
  const names = removed.map(([index]) => nodeName(stackName, group, index));
  return [
    stage(
      `drain:${group.name}`,
      `Draining ${names.length} node${plural(names.length)} of ${group.name}: ${names.join(", ")}`,
      forNodes(seconds.drain, names.length),
      `Cannot evict pod as it would violate the pod's disruption budget (node ${names[0] ?? ""})`,
      { groups: [group.uuid] },
    ),
    stage(
      // Replacing nodes (a repair) deletes and boots in one operation: the two stages need two names.
      commit ? `scale:${group.name}` : `remove:${group.name}`,
      remaining === 0 && commit
        ? `Deleting node group ${group.name}: removing ${names.length} server${plural(names.length)}`
        : `Scaling node group ${group.name} from ${group.nodes.length} to ${remaining} nodes: deleting ${names.length} server${plural(names.length)}`,
      forNodes(seconds.serverDelete, names.length),
      `Resource DELETE failed: Conflict: server ${names[0] ?? ""} is locked`,
      { groups: [group.uuid], commits: commit ? [group.uuid] : [] },
    ),
  ];
}

/** Masters one at a time so etcd keeps quorum, then workers in batches of maxBatchSize. */
export function planUpgrade(operation: SimulatedOperation): PlannedStage[] {
  const { before, after, stackName } = operation;
  const ordered = [...after.groups.filter(isMaster), ...after.groups.filter((group) => !isMaster(group))];
  const stages: PlannedStage[] = [];
  for (const target of ordered) {
    const current = findGroup(before, target.uuid);
    if (current === undefined) continue;
    if (current.version === target.version && current.imageId === target.imageId) continue;
    const nodes = [...current.nodes].sort((left, right) => left[0] - right[0]);
    const batches = chunk(nodes, isMaster(target) ? 1 : operation.batchSize);
    if (batches.length === 0) {
      stages.push(
        stage(
          `upgrade:${target.name}`,
          `Recording ${target.version} for empty node group ${target.name}`,
          seconds.emptyNodeGroup,
          `Resource UPDATE failed: resources.${target.name}: stack could not be updated`,
          { groups: [target.uuid], commits: [target.uuid] },
        ),
      );
    }
    batches.forEach((batch, position) => {
      const names = batch.map(([index]) => nodeName(stackName, target, index));
      stages.push(
        stage(
          `upgrade:${target.name}:${position + 1}`,
          `Upgrading ${target.name} to ${target.version}, batch ${position + 1} of ${batches.length}: ${names.join(", ")}`,
          isMaster(target) ? seconds.masterUpgrade : forNodes(seconds.workerUpgrade, batch.length),
          `Node ${names[0] ?? ""} did not become Ready after the upgrade to ${target.version}: kubelet failed to start`,
          { groups: [target.uuid], commits: position === batches.length - 1 ? [target.uuid] : [] },
        ),
      );
    });
  }
  return stages;
}

/** A new CA first, then every node's certificates, group by group. */
export function planRotation(operation: SimulatedOperation): PlannedStage[] {
  const stages = [
    stage(
      "rotate-ca",
      "Issuing a new cluster CA",
      seconds.caIssue,
      "Failed to issue the new cluster CA: the x509 keypair backend refused the request",
    ),
  ];
  for (const group of operation.before.groups) {
    if (group.nodes.length === 0) continue;
    const first = nodeName(operation.stackName, group, group.nodes[0]?.[0] ?? 0);
    stages.push(
      stage(
        `rotate:${group.name}`,
        `Re-issuing certificates on ${group.nodes.length} node${plural(group.nodes.length)} of ${group.name} and restarting their services`,
        forNodes(seconds.caRollout, group.nodes.length),
        `Node ${first} rejected the new CA bundle: kubelet did not restart`,
        { groups: [group.uuid] },
      ),
    );
  }
  return stages;
}

function chunk<Item>(items: readonly Item[], size: number): Item[][] {
  const chunks: Item[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
