// Turns a bearer token into a Principal: the provider interface, the built-in provider (admin token, API tokens), and chaining.
import { createHash, timingSafeEqual } from "node:crypto";
import { eq, gte } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { apiTokens, roleBindings, users } from "../db/schema/index.js";
import { GLOBAL_ADMIN_ID, type Principal, type ProjectRole } from "../domain/tenancy/principal.js";
import { hashToken } from "../domain/tenancy/token-secrets.js";
import type { TokenCache } from "./api-tokens.js";

export interface IdentityProvider {
  readonly name: string;
  /** The caller behind `token`, or null when the token is unknown, expired or revoked. */
  authenticate(token: string): Promise<Principal | null>;
}

/** Raised when the identity service itself cannot answer: the caller gets UNAUTHENTICATED, never access. */
export class IdentityUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IdentityUnavailableError";
  }
}

export { generateToken, hashToken } from "../domain/tenancy/token-secrets.js";

/** Roles a user holds, by project; shared by the providers. */
export async function projectRolesOf(db: Database, userId: string): Promise<Map<string, ProjectRole>> {
  const rows = await db.select({ projectId: roleBindings.projectId, role: roleBindings.role }).from(roleBindings).where(eq(roleBindings.userId, userId));
  return new Map(rows.map((row) => [row.projectId, row.role as ProjectRole]));
}

/** The built-in provider: the operator's admin token, and API tokens stored as hashes (answers cached, see api-tokens.ts). */
export class BuiltInIdentityProvider implements IdentityProvider {
  readonly name = "builtin";
  private readonly adminDigest: Buffer;

  constructor(
    adminToken: string,
    private readonly homeProjectId: string,
    private readonly tokens: TokenCache,
  ) {
    this.adminDigest = createHash("sha256").update(adminToken).digest();
  }

  async authenticate(token: string): Promise<Principal | null> {
    // Constant-time comparison of digests: the token's length and prefix leak nothing.
    if (timingSafeEqual(createHash("sha256").update(token).digest(), this.adminDigest)) {
      return { id: GLOBAL_ADMIN_ID, name: "admin", isGlobalAdmin: true, projectRoles: new Map([[this.homeProjectId, "ADMIN"]]) };
    }
    if (!/^tk_[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    return this.tokens.authenticate(hashToken(token));
  }
}

/** API tokens revoked after `since`: live connections of their holders are ended. */
export async function tokensRevokedSince(db: Database, since: Date): Promise<Set<string>> {
  const rows = await db.select({ id: apiTokens.id }).from(apiTokens).where(gte(apiTokens.revokedAt, since));
  return new Set(rows.map((row) => row.id));
}

/** Several providers in turn: the first that knows the token answers (built-in tokens, then Keystone). */
export class ChainedIdentityProvider implements IdentityProvider {
  readonly name: string;
  constructor(private readonly providers: IdentityProvider[]) {
    this.name = providers.map((provider) => provider.name).join("+");
  }
  async authenticate(token: string): Promise<Principal | null> {
    for (const provider of this.providers) {
      const principal = await provider.authenticate(token);
      if (principal) return principal;
    }
    return null;
  }
}

/** Reads `Bearer <token>` from an Authorization header or connection_init payload value. */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== "string") return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
