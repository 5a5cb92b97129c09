// The Heat driver's typed options; src/config.ts reads them from the environment (TURNKEY_OPENSTACK_*,
// TURNKEY_HEAT_*, each documented there) when TURNKEY_DRIVER=heat.

import type { EndpointInterface } from "../../../openstack/catalog.js";
import type { KeystoneAuth } from "../../../openstack/keystone-session.js";

export interface TrusteeDomainConfig {
  domain: { id: string } | { name: string };
  adminUserName: string;
  adminPassword: string;
  roles: string[];
}

export interface HeatDriverConfig {
  authUrl: string;
  auth: KeystoneAuth;
  region: string | null;
  interface: EndpointInterface;
  retries: number;
  tokenRenewSeconds: number;
  /** Null: clusters get no trustee and no trust. */
  trustee: TrusteeDomainConfig | null;
  environmentFiles: string[];
  pollIntervalMs: number;
  stallSeconds: number;
}
