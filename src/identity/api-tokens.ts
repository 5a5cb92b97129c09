// Authentication of Turnkey's API tokens: one lookup per token, then memory, dropped the moment its rights change.
import { and, eq } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import type { Database } from "../db/client.js";
import { apiTokens, roleBindings, users } from "../db/schema/index.js";
import { effectiveRoles } from "../domain/policy/tokens.js";
import { GLOBAL_ADMIN_ID, type Principal, type ProjectRole } from "../domain/tenancy/principal.js";
import type { LastUseRecorder } from "./last-use.js";

export interface TokenCacheOptions {
  /** TURNKEY_AUTH_CACHE_MS: the longest a cached answer is trusted without a signal (a lost NOTIFY costs at most this). */
  cacheMs: number;
  /** Entries kept (positive and negative answers). */
  maxEntries?: number;
}

interface Entry {
  principal: Principal | null;
  /** Whose change of rights drops this entry: the token's user and, for a token minted for someone else, its minter. */
  subjects: string[];
}

/** Loads a token by its hash and computes what it may do now: its user's current bindings, cut to its scope. */
export async function loadTokenPrincipal(db: Database, tokenHash: string, now: Date): Promise<Entry> {
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, tokenHash));
  if (!row) return { principal: null, subjects: [] };
  const { token, user } = row;
  const mintedBy = token.createdBy;
  const mintedForSomeoneElse = mintedBy !== null && mintedBy !== user.id && mintedBy !== GLOBAL_ADMIN_ID;
  const subjects = mintedForSomeoneElse ? [user.id, mintedBy] : [user.id];
  if (token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return { principal: null, subjects };
  const [bindings, minterAdministers] = await Promise.all([
    db.select({ projectId: roleBindings.projectId, role: roleBindings.role }).from(roleBindings).where(eq(roleBindings.userId, user.id)),
    mintedForSomeoneElse
      ? db.select({ projectId: roleBindings.projectId }).from(roleBindings).where(and(eq(roleBindings.userId, mintedBy), eq(roleBindings.role, "ADMIN")))
      : Promise.resolve(null),
  ]);
  const grant = { projectIds: token.projectIds ?? null, maxRole: (token.maxRole as ProjectRole | null) ?? null };
  const projectRoles = effectiveRoles(
    new Map(bindings.map((binding) => [binding.projectId, binding.role as ProjectRole])),
    grant,
    minterAdministers ? new Set(minterAdministers.map((binding) => binding.projectId)) : null,
  );
  return {
    principal: { id: user.id, name: user.name, isGlobalAdmin: false, projectRoles, tokenId: token.id, expiresAt: token.expiresAt, tokenGrant: { ...grant, mintedBy } },
    subjects,
  };
}

/**
 * The in-memory answer for each token hash. `forget(userId)` (called on the identity NOTIFY, see
 * invalidation.ts) drops every answer that depends on that user; an answer loaded while a forget
 * happened is not kept, so a load racing a change cannot bring stale rights back.
 */
export class TokenCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly enabled: boolean;
  private generation = 0;

  constructor(
    private readonly db: Database,
    options: TokenCacheOptions,
    private readonly lastUse: LastUseRecorder | null,
    private readonly now: () => Date = () => new Date(),
  ) {
    // 0 turns the cache off (lru-cache reads a ttl of 0 as "forever").
    this.enabled = options.cacheMs > 0;
    this.entries = new LRUCache<string, Entry>({ max: options.maxEntries ?? 10_000, ttl: Math.max(1, options.cacheMs) });
  }

  async authenticate(tokenHash: string): Promise<Principal | null> {
    const now = this.now();
    let entry = this.entries.get(tokenHash);
    if (!entry) {
      const generation = this.generation;
      entry = await loadTokenPrincipal(this.db, tokenHash, now);
      if (this.enabled && generation === this.generation) this.entries.set(tokenHash, entry);
    }
    const { principal } = entry;
    if (!principal || (principal.expiresAt && principal.expiresAt <= now)) return null;
    if (principal.tokenId) this.lastUse?.record(principal.tokenId, now);
    return principal;
  }

  /** Drops every answer about `userId` (its tokens, and tokens it minted for others); no id: all of them. */
  forget(userId?: string): void {
    this.generation += 1;
    if (userId === undefined) {
      this.entries.clear();
      return;
    }
    for (const [hash, entry] of this.entries.entries()) {
      if (entry.subjects.includes(userId)) this.entries.delete(hash);
    }
  }
}
