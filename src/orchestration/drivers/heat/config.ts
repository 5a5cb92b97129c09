// The Heat driver's configuration, read from the environment (TURNKEY_DRIVER=heat selects the driver).
//
// Identity Turnkey acts as (the trustor of every cluster's trust, and the owner of its stacks):
//   TURNKEY_OPENSTACK_AUTH_URL            Keystone v3 URL, e.g. http://127.0.0.1:5000/v3. Required.
//   TURNKEY_OPENSTACK_USERNAME            user name, with TURNKEY_OPENSTACK_PASSWORD ...
//   TURNKEY_OPENSTACK_PASSWORD
//   TURNKEY_OPENSTACK_USER_DOMAIN         the user's domain name; default "Default".
//   TURNKEY_OPENSTACK_PROJECT             project name the stacks live in (or TURNKEY_OPENSTACK_PROJECT_ID).
//   TURNKEY_OPENSTACK_PROJECT_ID
//   TURNKEY_OPENSTACK_PROJECT_DOMAIN      the project's domain name; default "Default".
//   TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_ID      ... or an application credential instead of a password.
//   TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_SECRET  Keystone lets no application-credential token manage
//                                                    trusts ("Delegated tokens cannot manage trusts"), even an
//                                                    unrestricted one: so no per-cluster trusts with it, and
//                                                    a Heat with deferred_auth_method = trusts (the default)
//                                                    refuses to create stacks for it. Use a password there.
//   TURNKEY_OPENSTACK_REGION              region of the orchestration endpoint; default: the first listed.
//   TURNKEY_OPENSTACK_INTERFACE           public, internal or admin; default "public".
//   TURNKEY_OPENSTACK_RETRIES             tries per call while Keystone or Heat is down or answering 5xx,
//                                         with exponential backoff from 250 ms to 4 s; default 5.
//   TURNKEY_OPENSTACK_TOKEN_RENEW_SECS    renew a token this long before it expires; default 300.
//
// Per-cluster trusts, as Magnum's [trust] section (all three, or none to make clusters without trusts):
//   TURNKEY_OPENSTACK_TRUSTEE_DOMAIN                 name of the domain trustee users are created in
//                                                    (or TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ID).
//   TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ID
//   TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_USERNAME  an admin of that domain (a user in it) ...
//   TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_PASSWORD
//   TURNKEY_OPENSTACK_TRUST_ROLES                    roles the trust delegates, comma-separated; default "member".
//
// Heat:
//   TURNKEY_HEAT_ENVIRONMENT              Heat environment file(s), comma-separated, merged in order. Required:
//                                         they map Turnkey::Server, Turnkey::Network and Turnkey::LoadBalancer
//                                         onto real resources or, in tests, onto OS::Heat::TestResource and
//                                         OS::Heat::None (the kit's examples/test-env.yaml).
//   TURNKEY_HEAT_POLL_INTERVAL_MS         slowest interval of watch(): polls start at 200 ms after a change
//                                         and slow down to this while nothing happens; default 2000.
//   TURNKEY_HEAT_STALL_SECS               after the driver saw Heat down, a stack that stays in progress with
//                                         no new event this long after Heat is back is restarted with an
//                                         empty update (see recovery.ts); default 300.

import { DriverError } from "../../driver.js";
import type { EndpointInterface } from "../../../openstack/catalog.js";
import type { KeystoneAuth } from "../../../openstack/keystone-session.js";

export type Environment = Readonly<Record<string, string | undefined>>;

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

export function heatConfigFrom(environment: Environment): HeatDriverConfig {
  const read = (name: string): string | undefined => {
    const value = environment[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const required = (name: string, why: string): string => {
    const value = read(name);
    if (value === undefined) throw invalid(`${name} is required for the Heat driver: ${why}`);
    return value;
  };

  const authUrl = required("TURNKEY_OPENSTACK_AUTH_URL", "Keystone's v3 URL, such as http://127.0.0.1:5000/v3");
  const environmentFiles = required(
    "TURNKEY_HEAT_ENVIRONMENT",
    "a Heat environment that maps Turnkey::Server, Turnkey::Network and Turnkey::LoadBalancer",
  )
    .split(",")
    .map((path) => path.trim())
    .filter((path) => path !== "");
  const endpointInterface = read("TURNKEY_OPENSTACK_INTERFACE") ?? "public";
  if (endpointInterface !== "public" && endpointInterface !== "internal" && endpointInterface !== "admin") {
    throw invalid(`TURNKEY_OPENSTACK_INTERFACE must be public, internal or admin, not "${endpointInterface}"`);
  }
  return {
    authUrl,
    auth: authFrom(read),
    region: read("TURNKEY_OPENSTACK_REGION") ?? null,
    interface: endpointInterface,
    retries: positive(read, "TURNKEY_OPENSTACK_RETRIES", 5),
    tokenRenewSeconds: positive(read, "TURNKEY_OPENSTACK_TOKEN_RENEW_SECS", 300),
    trustee: trusteeFrom(read),
    environmentFiles,
    pollIntervalMs: positive(read, "TURNKEY_HEAT_POLL_INTERVAL_MS", 2000),
    stallSeconds: positive(read, "TURNKEY_HEAT_STALL_SECS", 300),
  };
}

type Read = (name: string) => string | undefined;

function authFrom(read: Read): KeystoneAuth {
  const credentialId = read("TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_ID");
  if (credentialId !== undefined) {
    const secret = read("TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_SECRET");
    if (secret === undefined) throw invalid("TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_SECRET is required with its id");
    return { method: "applicationCredential", id: credentialId, secret };
  }
  const userName = read("TURNKEY_OPENSTACK_USERNAME");
  const password = read("TURNKEY_OPENSTACK_PASSWORD");
  if (userName === undefined || password === undefined) {
    throw invalid(
      "Set TURNKEY_OPENSTACK_USERNAME and TURNKEY_OPENSTACK_PASSWORD, or TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_ID and _SECRET",
    );
  }
  const projectId = read("TURNKEY_OPENSTACK_PROJECT_ID");
  const projectName = read("TURNKEY_OPENSTACK_PROJECT");
  if (projectId === undefined && projectName === undefined) {
    throw invalid("Set TURNKEY_OPENSTACK_PROJECT (or TURNKEY_OPENSTACK_PROJECT_ID): stacks live in a project");
  }
  return {
    method: "password",
    userName,
    userDomainName: read("TURNKEY_OPENSTACK_USER_DOMAIN") ?? "Default",
    password,
    scope:
      projectId !== undefined
        ? { projectId }
        : { projectName: projectName as string, projectDomainName: read("TURNKEY_OPENSTACK_PROJECT_DOMAIN") ?? "Default" },
  };
}

function trusteeFrom(read: Read): TrusteeDomainConfig | null {
  const id = read("TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ID");
  const name = read("TURNKEY_OPENSTACK_TRUSTEE_DOMAIN");
  const adminUserName = read("TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_USERNAME");
  const adminPassword = read("TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_PASSWORD");
  if (id === undefined && name === undefined && adminUserName === undefined) return null;
  if ((id === undefined && name === undefined) || adminUserName === undefined || adminPassword === undefined) {
    throw invalid(
      "Per-cluster trusts need TURNKEY_OPENSTACK_TRUSTEE_DOMAIN (or _ID), TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_USERNAME and _PASSWORD",
    );
  }
  const roles = (read("TURNKEY_OPENSTACK_TRUST_ROLES") ?? "member")
    .split(",")
    .map((role) => role.trim())
    .filter((role) => role !== "");
  return { domain: id !== undefined ? { id } : { name: name as string }, adminUserName, adminPassword, roles };
}

function positive(read: Read, name: string, fallback: number): number {
  const text = read(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw invalid(`${name} must be a positive number, not "${text}"`);
  return value;
}

function invalid(reason: string): DriverError {
  return new DriverError("INVALID_REQUEST", reason);
}
