// Identity from OpenStack Keystone: validate a user's token (GET /v3/auth/tokens), map its project and roles, cache briefly.
import { createHash } from "node:crypto";
import got, { HTTPError, RequestError } from "got";
import type { Database } from "../db/client.js";
import { projects } from "../db/schema/index.js";
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

interface TokenBody {
  token: {
    expires_at: string;
    user: { id: string; name: string };
    project?: { id: string; name: string };
    roles?: { name: string }[];
  };
}

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
  private serviceToken: { value: string; expiresAt: number } | null = null;
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();
  private readonly knownProjects = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly options: KeystoneIdentityOptions,
  ) {}

  async authenticate(token: string): Promise<Principal | null> {
    if (!/^[A-Za-z0-9_-]{16,1024}$/.test(token)) return null;
    const key = createHash("sha256").update(token).digest("hex");
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.principal;
    const principal = await this.validate(token);
    this.cache.set(key, { principal, until: Date.now() + this.options.cacheSeconds * 1000 });
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    return principal;
  }

  private async validate(token: string, retried = false): Promise<Principal | null> {
    const serviceToken = await this.service();
    let body: TokenBody;
    try {
      body = await got
        .get(`${this.options.authUrl}/auth/tokens`, {
          headers: { "x-auth-token": serviceToken, "x-subject-token": token },
          timeout: { request: this.options.timeoutMs ?? 5_000 },
          retry: { limit: 1 },
        })
        .json<TokenBody>();
    } catch (error) {
      if (error instanceof HTTPError && error.response.statusCode === 404) return null;
      if (error instanceof HTTPError && error.response.statusCode === 401 && !retried) {
        this.serviceToken = null;
        return this.validate(token, true);
      }
      throw new IdentityUnavailableError(`Keystone could not validate the token: ${describe(error)}`);
    }
    const { user, project, roles = [], expires_at: expiresAt } = body.token;
    if (!project) return null;
    const role = projectRoleOf(roles.map((entry) => entry.name));
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

  private async service(): Promise<string> {
    if (this.serviceToken && this.serviceToken.expiresAt - Date.now() > 60_000) return this.serviceToken.value;
    const { serviceUser } = this.options;
    try {
      const response = await got.post(`${this.options.authUrl}/auth/tokens`, {
        json: {
          auth: {
            identity: { methods: ["password"], password: { user: { name: serviceUser.name, domain: { name: serviceUser.domain }, password: serviceUser.password } } },
            scope: { project: { name: serviceUser.project, domain: { name: serviceUser.projectDomain } } },
          },
        },
        timeout: { request: this.options.timeoutMs ?? 5_000 },
        retry: { limit: 1 },
      });
      const value = response.headers["x-subject-token"];
      if (typeof value !== "string") throw new Error("Keystone returned no token");
      const expiresAt = Date.parse((JSON.parse(response.body) as TokenBody).token.expires_at);
      this.serviceToken = { value, expiresAt };
      return value;
    } catch (error) {
      throw new IdentityUnavailableError(`Turnkey's service account could not authenticate with Keystone: ${describe(error)}`);
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof HTTPError) return `HTTP ${error.response.statusCode}`;
  if (error instanceof RequestError) return error.code ?? error.message;
  return error instanceof Error ? error.message : String(error);
}
