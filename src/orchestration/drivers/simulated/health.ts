// Health in the shape Magnum's monitors report it: the API, then every node's Ready condition.

import type { HealthReport, Observation } from "../../driver.js";

export function healthOf(observation: Observation, stackName: string, unhealthyNodes: readonly string[]): HealthReport {
  if (observation.state === "NOT_FOUND") return { status: "UNKNOWN", reason: { api: "stack not found" } };
  if (observation.apiAddress === undefined) {
    return { status: "UNKNOWN", reason: { api: "API server is not reachable" } };
  }
  const notReady = new Set(unhealthyNodes.map((node) => (/^\d+$/.test(node) ? `${stackName}-node-${node}` : node)));
  const reason: Record<string, string> = { api: "ok" };
  for (const group of observation.nodeGroups) {
    for (const name of group.nodeNames) reason[`${name}.Ready`] = notReady.has(name) ? "False" : "True";
  }
  const healthy = Object.entries(reason).every(([key, value]) => (key === "api" ? value === "ok" : value === "True"));
  return { status: healthy ? "HEALTHY" : "UNHEALTHY", reason };
}
