// Identity from OpenStack Keystone: validate a user's token (GET /v3/auth/tokens) with Turnkey's service
// session (src/openstack/), map its project and roles, cache the answer briefly.
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Database } from "../db/client.js";
import { projects } from "../db/schema/index.js";
import { KeystoneSession } from "../openstack/keystone-session.js";
import { validateToken } from "../openstack/keystone-tokens.js";
import { IdentityUnavailableError, type IdentityProvider } from "./providers.js";
import type { Principal, ProjectRole } from "../domain/tenancy/principal.js";

export interface KeystoneIdentityOptions {
  /** e.g. http://127.0.0.1:5000/v3 */
  authUrl: string;
  /** Turnkey's service account, which may validate other users' tokens. */
  serviceUser: { name: string; password: string; domain: string; project: string; projectDomain: string };
  /** Keystone's admin role in this project makes a global admin (the legacy "admin anywhere" rule, narrowed). */
  adminProject: string;
  /** How long a validation is trusted: a revoked token stops working within this time. */
  cacheSeconds: number;
  timeoutMs?: number;
}

/** Validations remembered at most (the least recently used go first). */
const CACHED_VALIDATIONS = 10_000;
/** One retry while Keystone is down or answering 5xx, then IDENTITY_UNAVAILABLE: a request waits on it. */
const RETRY = { attempts: 2, baseDelayMs: 250, maxDelayMs: 250 };
/** The service token is renewed this long before it expires. */
const RENEW_BEFORE_MS = 60_000;

/** Keystone ids are UUIDs without dashes; anything else is hashed into one, so rows can point at it. */
export function keystoneIdToUuid(id: string): string {
  const hex = /^[0-9a-f]{32}$/i.test(id) ? id.toLowerCase() : createHash("sha256").update(id).digest("hex").slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Keystone role names to Turnkey's project roles: the strongest one wins. */
export function projectRoleOf(roleNames: string[]): ProjectRole | null {
  if (roleNames.includes("admin")) return "ADMIN";
  if (roleNames.includes("member") || roleNames.includes("_member_")) return "MEMBER";
  if (roleNames.includes("reader")) return "READER";
  return null;
}

export class KeystoneIdentityProvider implements IdentityProvider {
  readonly name = "keystone";
  private readonly session: KeystoneSession;
  /** Hashed token to its principal (null: refused); none when the cache time is 0. */
  private readonly cache: LRUCache<string, { principal: Principal | null }> | null;
  private readonly knownProjects = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly options: KeystoneIdentityOptions,
  ) {
    const { serviceUser } = options;
    this.session = new KeystoneSession({
      authUrl: options.authUrl,
      auth: {
        method: "password",
        userName: serviceUser.name,
        userDomainName: serviceUser.domain,
        password: serviceUser.password,
        scope: { projectName: serviceUser.project, projectDomainName: serviceUser.projectDomain },
      },
      retry: RETRY,
      renewBeforeMs: RENEW_BEFORE_MS,
      timeoutMs: options.timeoutMs ?? 5_000,
    });
    this.cache = options.cacheSeconds > 0 ? new LRUCache({ max: CACHED_VALIDATIONS, ttl: options.cacheSeconds * 1000 }) : null;
  }

  async authenticate(token: string): Promise<Principal | null> {
    if (!/^[A-Za-z0-9_-]{16,1024}$/.test(token)) return null;
    const key = createHash("sha256").update(token).digest("hex");
    const cached = this.cache?.get(key);
    if (cached) return cached.principal;
    const principal = await this.validate(token);
    this.cache?.set(key, { principal });
    return principal;
  }

  private async validate(token: string): Promise<Principal | null> {
    try {
      await this.session.token();
    } catch (error) {
      throw new IdentityUnavailableError(`Turnkey's service account could not authenticate with Keystone: ${describe(error)}`);
    }
    let validated;
    try {
      validated = await validateToken(this.session, token, this.options.timeoutMs ?? 5_000);
    } catch (error) {
      throw new IdentityUnavailableError(`Keystone could not validate the token: ${describe(error)}`);
    }
    if (!validated?.project) return null;
    const { user, project, roles, expiresAt } = validated;
    const role = projectRoleOf(roles);
    if (!role) return null;
    const projectId = keystoneIdToUuid(project.id);
    await this.mirrorProject(projectId, project.name);
    return {
      id: keystoneIdToUuid(user.id),
      name: user.name,
      isGlobalAdmin: role === "ADMIN" && project.name === this.options.adminProject,
      projectRoles: new Map([[projectId, role]]),
      expiresAt: new Date(expiresAt),
    };
  }

  /** Keystone's projects become Turnkey projects on first sight, so rows can carry them. */
  private async mirrorProject(id: string, name: string): Promise<void> {
    if (this.knownProjects.has(id)) return;
    await this.db.insert(projects).values({ id, name: `keystone:${name}:${id.slice(0, 8)}` }).onConflictDoNothing();
    this.knownProjects.add(id);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
