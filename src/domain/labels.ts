// Labels: ordered key/value pairs with validated keys, and the label semantics Turnkey understands.
import { z } from "zod";
import { LABEL_DEFINITIONS, labelValueProblem } from "./label-catalogue.js";

export interface Label {
  key: string;
  value: string;
}

// Kubernetes-style qualified keys ("kube_tag", "availability-zone", "turnkey.sim/fail-stage").
const LABEL_KEY = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

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
    // Known labels are typed (label-catalogue.ts); unknown ones pass through to the driver, as in Magnum.
    const definition = LABEL_DEFINITIONS.get(label.key);
    const wrong = definition ? labelValueProblem(definition, label.value) : null;
    if (wrong) context.addIssue({ code: "custom", path: ["value"], message: wrong });
  });

export const labelListSchema = z.array(labelSchema).max(100, "at most 100 labels").superRefine((labels, context) => {
  const seen = new Set<string>();
  labels.forEach((label, index) => {
    if (seen.has(label.key)) {
      context.addIssue({ code: "custom", path: [index, "key"], message: `label key "${label.key}" is given more than once` });
    }
    seen.add(label.key);
  });
  const minimum = labels.findIndex((label) => label.key === "min_node_count");
  const maximum = labels.findIndex((label) => label.key === "max_node_count");
  if (minimum >= 0 && maximum >= 0 && Number(labels[minimum]!.value) > Number(labels[maximum]!.value)) {
    context.addIssue({ code: "custom", path: [maximum, "value"], message: "label max_node_count must be at least min_node_count" });
  }
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
