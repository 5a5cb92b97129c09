// How long each simulated stage takes at speed 1, in seconds, from what a small OpenStack cloud takes.

import type { ServerType } from "../../driver.js";

export const STAGE_SECONDS = {
  network: 30,
  certificates: 10,
  /** Octavia boots an amphora VM for every load balancer. */
  loadBalancer: 120,
  /** Boot, cloud-init and the heat agent, for one node. */
  masterBoot: 150,
  etcdQuorum: 30,
  apiServer: 45,
  swarmInit: 30,
  workerBoot: 120,
  coreDns: 20,
  dashboard: 30,
  monitoring: 90,
  ingress: 45,
  /** The Octavia ingress controller waits for a load balancer of its own. */
  octaviaIngress: 120,
  autoscaler: 20,
  autoHealer: 20,
  join: 45,
  drain: 60,
  serverDelete: 30,
  emptyNodeGroup: 5,
  masterUpgrade: 180,
  workerUpgrade: 150,
  caIssue: 15,
  caRollout: 60,
  teardownAddons: 30,
  teardownNodes: 60,
  teardownLoadBalancer: 60,
  teardownCertificates: 5,
  teardownNetwork: 20,
} as const;

/** Ironic deploys bare metal by writing an image and rebooting: several times slower than Nova VMs. */
const BARE_METAL_BOOT_FACTOR = 4;

/**
 * Work done on several nodes at once grows slowly with their number, because nodes boot in
 * parallel and only the stragglers add time: one node takes `seconds`, eight take twice as long.
 */
export function forNodes(seconds: number, count: number): number {
  return seconds * (1 + Math.log2(Math.max(count, 1)) / 3);
}

export function bootSeconds(seconds: number, count: number, serverType: ServerType): number {
  return forNodes(seconds, count) * (serverType === "BM" ? BARE_METAL_BOOT_FACTOR : 1);
}
