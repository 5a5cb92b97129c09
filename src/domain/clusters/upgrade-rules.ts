// Magnum's upgrade rules as pure functions: what a target template may change in place, and the labels an upgrade leaves.
import semver from "semver";
import type { ClusterTemplateFields } from "../cluster-templates/cluster-template-rules.js";
import { problem, type Problem } from "../errors.js";
import type { Label } from "../labels.js";

/**
 * Template fields an upgrade cannot change, because the running cluster was built with them: changing
 * them means a new cluster (Magnum's Heat driver only ever sends kube_tag, the ostree labels and the
 * image to Heat on upgrade; everything else in the stack stays as it was created).
 */
export const FIXED_ON_UPGRADE = [
  "coe",
  "clusterDistro",
  "serverType",
  "networkDriver",
  "volumeDriver",
  "dockerStorageDriver",
  "tlsDisabled",
  "masterLbEnabled",
  "floatingIpEnabled",
  "externalNetworkId",
  "fixedNetwork",
  "fixedSubnet",
  "apiserverPort",
  "registryEnabled",
] as const satisfies readonly (keyof ClusterTemplateFields)[];

/** Labels whose change is the upgrade itself (Magnum's upgrade_labels in drivers/heat/driver.py). */
export const UPGRADE_LABELS = ["kube_tag", "ostree_remote", "ostree_commit"] as const;

type TemplateForUpgrade = { [Field in (typeof FIXED_ON_UPGRADE)[number]]: unknown } & { name: string; coe: string; labels: Label[] };

/** A template without a distro gets Magnum's default one, so "none" and "fedora-coreos" are the same build. */
const DEFAULT_DISTRO = "fedora-coreos";

export interface UpgradeSubject {
  /** The cluster's (or the node group's) labels now: kube_tag here is the version it runs. */
  labels: Label[];
  /** The template the cluster runs. */
  templateId: string;
  /** Set when one node group is upgraded: Magnum lets a non-default group only catch up with the cluster's template. */
  nodeGroup?: { name: string; isDefault: boolean };
}

/** Every reason the upgrade onto `target` is refused; empty when Magnum would accept it. */
export function upgradeProblems(current: TemplateForUpgrade, target: TemplateForUpgrade & { id: string }, subject: UpgradeSubject, field = "clusterTemplateId"): Problem[] {
  const problems: Problem[] = [];
  for (const name of FIXED_ON_UPGRADE) {
    const was = name === "clusterDistro" ? (current[name] ?? DEFAULT_DISTRO) : (current[name] ?? null);
    const will = name === "clusterDistro" ? (target[name] ?? DEFAULT_DISTRO) : (target[name] ?? null);
    if (was !== will) {
      problems.push(problem("BAD_USER_INPUT", field, `${name} differs: the cluster was built with ${describe(was)}, template ${target.name} has ${describe(will)}; ${name} cannot change in place (create a new cluster instead)`));
    }
  }
  if (subject.nodeGroup && !subject.nodeGroup.isDefault && target.id !== subject.templateId) {
    problems.push(problem("BAD_USER_INPUT", field, `node group ${subject.nodeGroup.name} can be upgraded only to match the cluster's template`));
  }
  if (current.coe === "KUBERNETES" && current.coe === target.coe && !UPGRADE_LABELS.some((key) => valueOf(target.labels, key) !== undefined)) {
    problems.push(problem("BAD_USER_INPUT", field, `template ${target.name} contains none of the upgrade labels: ${UPGRADE_LABELS.join(", ")}`));
  }
  const running = valueOf(subject.labels, "kube_tag");
  const wanted = valueOf(target.labels, "kube_tag");
  if (running !== undefined && wanted !== undefined && isOlder(wanted, running)) {
    problems.push(problem("BAD_USER_INPUT", field, `kube_tag ${wanted} is older than the ${running} the cluster runs: clusters are not downgraded`));
  }
  return problems;
}

/** The labels after an upgrade: as before, with the target's kube_tag (Magnum's get_new_labels). */
export function upgradedLabels(labels: Label[], targetLabels: Label[]): Label[] {
  const kubeTag = valueOf(targetLabels, "kube_tag");
  if (kubeTag === undefined) return labels;
  if (!labels.some((label) => label.key === "kube_tag")) return [...labels, { key: "kube_tag", value: kubeTag }];
  return labels.map((label) => (label.key === "kube_tag" ? { key: "kube_tag", value: kubeTag } : label));
}

// Magnum compares with pbr's SemanticVersion and skips tags it cannot parse; so do we.
function isOlder(candidate: string, reference: string): boolean {
  const left = semver.coerce(candidate);
  const right = semver.coerce(reference);
  return left !== null && right !== null && semver.lt(left, right);
}

function valueOf(labels: readonly Label[], key: string): string | undefined {
  return labels.find((label) => label.key === key)?.value;
}

function describe(value: unknown): string {
  return value === null ? "none" : JSON.stringify(value);
}
