// Valid inputs to start from; each test changes the one field it is about.
import type { ClusterTemplateCreateInput } from "../../src/client/generated/graphql.js";

let sequence = 0;
export function uniqueName(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

export function templateInput(overrides: Partial<ClusterTemplateCreateInput> = {}): ClusterTemplateCreateInput {
  return {
    name: uniqueName("k8s-template"),
    coe: "KUBERNETES",
    imageId: "fedora-coreos-38",
    flavorId: "m2.medium",
    masterFlavorId: "m2.large",
    networkDriver: "flannel",
    dockerStorageDriver: "OVERLAY2",
    labels: [
      { key: "kube_tag", value: "v1.30.4" },
      { key: "kube_dashboard_enabled", value: "false" },
      { key: "prometheus_monitoring", value: "true" },
    ],
    ...overrides,
  };
}
