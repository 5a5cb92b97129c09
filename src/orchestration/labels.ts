// Reading Magnum-style template labels: string key/value pairs where the last duplicate wins.

import type { Label } from "./driver.js";

export function labelValue(labels: readonly Label[], key: string): string | undefined {
  let value: string | undefined;
  for (const label of labels) if (label.key === key) value = label.value;
  return value;
}

/** Magnum templates spell booleans "true", "True" or "1"; anything else is off. */
export function labelEnabled(labels: readonly Label[], key: string): boolean {
  const value = labelValue(labels, key)?.trim().toLowerCase();
  return value === "true" || value === "1" || value === "yes";
}
