// The versions a simulated cluster reports, read from template labels as Magnum's drivers read them.

import type { Coe, Label } from "../../driver.js";
import { labelValue } from "../../labels.js";

export const DEFAULT_KUBE_TAG = "v1.30.4";
export const DEFAULT_CONTAINERD_VERSION = "1.7.20";
export const DEFAULT_DOCKER_VERSION = "24.0.9";

/** Kubernetes reports kube_tag; Swarm mode reports the Docker engine it runs. */
export function coeVersionOf(coe: Coe, labels: readonly Label[]): string {
  if (coe === "KUBERNETES") return labelValue(labels, "kube_tag") ?? DEFAULT_KUBE_TAG;
  return labelValue(labels, "docker_version") ?? DEFAULT_DOCKER_VERSION;
}

/** Kubernetes dropped dockershim in 1.24, so its nodes run containerd. */
export function containerVersionOf(coe: Coe, labels: readonly Label[]): string {
  if (coe === "KUBERNETES") return labelValue(labels, "containerd_version") ?? DEFAULT_CONTAINERD_VERSION;
  return labelValue(labels, "docker_version") ?? DEFAULT_DOCKER_VERSION;
}
