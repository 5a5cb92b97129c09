// Deterministic addresses: nodes in the cluster's fixed subnet, public endpoints from a floating pool.

import { hashText } from "./hash.js";

/** Magnum's default fixed_subnet_cidr. */
export const DEFAULT_SUBNET = "10.0.0.0/24";

/** DevStack's public network, where floating IPs come from on a typical test cloud. */
const FLOATING_NETWORK = "172.24.4.0/24";

// .1 is the router, .2 and .3 the DHCP ports, .5 the load balancer VIP; nodes start at .10.
const VIRTUAL_IP_HOST = 5;
const FIRST_NODE_HOST = 10;

export interface Subnet {
  cidr: string;
  /** The network address as an unsigned 32-bit number. */
  network: number;
  prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Reads an IPv4 CIDR; a subnet name, a UUID or nothing at all means the default subnet. */
export function parseSubnet(text: string | null | undefined): Subnet {
  const match = CIDR.exec(text?.trim() ?? "");
  if (match === null) return parseSubnet(DEFAULT_SUBNET);
  const [octets, prefix] = [match.slice(1, 5).map(Number), Number(match[5])];
  if (octets.some((octet) => octet > 255) || prefix > 32) return parseSubnet(DEFAULT_SUBNET);
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const network = (address & mask) >>> 0;
  return { cidr: `${formatAddress(network)}/${prefix}`, network, prefix };
}

export function formatAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join(".");
}

/** How many node addresses fit between .10 and the broadcast address. */
export function nodeCapacity(subnet: Subnet): number {
  const size = 2 ** (32 - subnet.prefix);
  return Math.max(0, size - FIRST_NODE_HOST - 1);
}

export function nodeAddress(subnet: Subnet, slot: number): string {
  return formatAddress(subnet.network + FIRST_NODE_HOST + slot);
}

export function virtualIp(subnet: Subnet): string {
  return formatAddress(subnet.network + VIRTUAL_IP_HOST);
}

/** One floating IP per cluster, picked from .10–.249 by the cluster's UUID so it never changes. */
export function floatingIp(clusterUuid: string): string {
  const pool = parseSubnet(FLOATING_NETWORK);
  return formatAddress(pool.network + 10 + (hashText(clusterUuid) % 240));
}
