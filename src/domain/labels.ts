// Labels: ordered key/value pairs with validated keys, and the label semantics Turnkey understands.
import { z } from "zod";

export interface Label {
  key: string;
  value: string;
}

// Kubernetes-style qualified keys ("kube_tag", "availability-zone", "turnkey.sim/fail-stage").
const LABEL_KEY = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Labels whose value Magnum reads as a boolean: a typo there silently changes a cluster. */
export const BOOLEAN_LABELS = new Set([
  "kube_dashboard_enabled",
  "prometheus_monitoring",
  "auto_scaling_enabled",
  "auto_healing_enabled",
  "master_lb_floating_ip_enabled",
  "cert_manager_api",
  "influx_grafana_dashboard_enabled",
  "keystone_auth_enabled",
  "cloud_provider_enabled",
]);

export const labelSchema = z
  .object({
    key: z
      .string()
      .min(1, "label key must not be empty")
      .max(253, "label key must be at most 253 characters")
      .regex(LABEL_KEY, "label key may contain letters, digits, '-', '_', '.' and one '/' prefix, and must start and end with a letter or digit"),
    value: z.string().max(1024, "label value must be at most 1024 characters"),
  })
  .superRefine((label, context) => {
    if (BOOLEAN_LABELS.has(label.key) && label.value !== "true" && label.value !== "false") {
      context.addIssue({ code: "custom", path: ["value"], message: `label ${label.key} must be "true" or "false"` });
    }
  });

export const labelListSchema = z.array(labelSchema).max(100, "at most 100 labels").superRefine((labels, context) => {
  const seen = new Set<string>();
  labels.forEach((label, index) => {
    if (seen.has(label.key)) {
      context.addIssue({ code: "custom", path: [index, "key"], message: `label key "${label.key}" is given more than once` });
    }
    seen.add(label.key);
  });
});

/** Cluster labels replace the template's, unless merging is asked for (Magnum's merge_labels). */
export function effectiveLabels(templateLabels: Label[], clusterLabels: Label[] | undefined, merge: boolean): Label[] {
  if (clusterLabels === undefined) return templateLabels.map((label) => ({ ...label }));
  if (!merge) return clusterLabels.map((label) => ({ ...label }));
  const overridden = new Map(clusterLabels.map((label) => [label.key, label.value]));
  const merged = templateLabels.map((label) => ({ key: label.key, value: overridden.get(label.key) ?? label.value }));
  const templateKeys = new Set(templateLabels.map((label) => label.key));
  for (const label of clusterLabels) if (!templateKeys.has(label.key)) merged.push({ ...label });
  return merged;
}

export function labelValue(labels: Label[], key: string): string | undefined {
  return labels.find((label) => label.key === key)?.value;
}
