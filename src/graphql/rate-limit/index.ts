// Rate limits by cost per token (per IP before authentication), with budgets of their own for mutations and subscriptions, and caps on sockets.
import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";
import { Redis } from "ioredis";
import { RateLimiterPostgresStore } from "./postgres-store.js";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { lt } from "drizzle-orm";
import { statementScope, type Database } from "../../db/client.js";
import { rateLimits } from "../../db/schema/index.js";
import type { Principal } from "../../domain/tenancy/principal.js";
import type { Logger } from "../../logger.js";
import type { RateLimitSettings } from "./settings.js";

export { DEFAULT_RATE_LIMITS, type RateLimitSettings } from "./settings.js";

export type Budget = "query" | "mutation" | "subscription" | "unauthenticated";

export function rateLimited(message: string, retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "RATE_LIMITED", retryAfterSeconds, http: { status: 429, headers: new HeaderMap([["retry-after", String(retryAfterSeconds)]]) } },
  });
}

/** The subject a budget is kept for: the token (or the identity, for Keystone and the operator's token). */
export const subjectOf = (principal: Principal) => (principal.tokenId ? `token:${principal.tokenId}` : `principal:${principal.id}`);

/**
 * How long what this process learnt of a budget in a shared store (PostgreSQL, Redis) answers "is it spent?" without
 * another read. Every charge refreshes it with the store's own figure, so in one process the answer is exact; another
 * replica's spending reaches it within this long, or at its own next charge, which the store decides exactly.
 */
export const KNOWN_STATE_FRESH_MS = 1_000;
/** Budgets (subject × budget) remembered at most; the oldest learnt goes first. */
const KNOWN_STATES_MAX = 10_000;

interface KnownState {
  consumed: number;
  /** When the window's points come back (epoch ms). */
  resetAt: number;
  learntAt: number;
}

export class RateLimits {
  private readonly limiters: Record<Budget, RateLimiterAbstract>;
  /** What the shared store last said of each budget (see KNOWN_STATE_FRESH_MS); unused with the in-process store. */
  private readonly known = new Map<string, KnownState>();
  private readonly sockets = new Map<string, number>();
  private readonly redis: Redis | null;
  private readonly cleanup: NodeJS.Timeout | null = null;
  readonly storeKind: "memory" | "postgres" | "redis";

  constructor(
    readonly settings: RateLimitSettings,
    database: { db: Database; kind: "pglite" | "postgres" },
    private readonly logger: Logger,
  ) {
    const kind = settings.store !== "auto" ? settings.store : settings.redisUrl ? "redis" : database.kind === "postgres" ? "postgres" : "memory";
    this.storeKind = kind;
    this.redis = kind === "redis" ? new Redis(settings.redisUrl ?? "redis://127.0.0.1:6379", { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }) : null;
    this.redis?.on("error", (error) => logger.warn({ err: error }, "rate-limit store (Redis) unreachable; counting in process meanwhile"));
    const make = (budget: Budget, points: number): RateLimiterAbstract => {
      const options = { keyPrefix: `turnkey:${budget}`, points, duration: settings.windowSeconds };
      // When the shared store fails, count in process rather than let everything through or refuse everything.
      const insuranceLimiter = new RateLimiterMemory(options);
      if (kind === "redis") return new RateLimiterRedis({ ...options, storeClient: this.redis, insuranceLimiter, inMemoryBlockOnConsumed: points });
      if (kind === "postgres") return new RateLimiterPostgresStore({ ...options, storeClient: database.db, schema: rateLimits, clearExpiredByTimeout: false, insuranceLimiter, inMemoryBlockOnConsumed: points }, database.db);
      return new RateLimiterMemory(options);
    };
    this.limiters = {
      query: make("query", settings.queryCost),
      mutation: make("mutation", settings.mutations),
      subscription: make("subscription", settings.subscriptions),
      unauthenticated: make("unauthenticated", settings.unauthenticated),
    };
    if (kind === "postgres") {
      this.cleanup = setInterval(() => {
        void statementScope.exit(() => database.db.delete(rateLimits).where(lt(rateLimits.expire, new Date(Date.now() - settings.windowSeconds * 1_000)))).catch(() => undefined);
      }, 300_000);
      this.cleanup.unref();
    }
  }

  /** Takes `points` from the subject's budget, or throws RATE_LIMITED with the seconds until it refills. */
  async consume(budget: Budget, subject: string, points: number): Promise<void> {
    const limiter = this.limiters[budget];
    const wanted = Math.max(1, Math.ceil(points));
    try {
      // Outside the request's statement count: the limiter's statements are not the query's.
      this.learn(budget, subject, await statementScope.exit(() => limiter.consume(subject, Math.min(wanted, limiter.points))));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) {
        this.logger.warn({ err: error }, "rate-limit store failed; letting the request through");
        return;
      }
      this.learn(budget, subject, error);
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1_000));
      throw rateLimited(`rate limit exceeded: the ${budget} budget of ${limiter.points} per ${this.settings.windowSeconds} s is spent; retry in ${retryAfterSeconds} s`, retryAfterSeconds);
    }
  }

  /**
   * Authenticates through `authenticate`; a refused credential costs the IP one point, and an IP that has
   * spent its budget is refused with RATE_LIMITED before any lookup.
   */
  async authenticated(ip: string, authenticate: () => Promise<Principal>): Promise<Principal> {
    const key = `ip:${ip}`;
    const blocked = await this.blockedFor("unauthenticated", key);
    if (blocked > 0) throw rateLimited(`too many unauthenticated requests from ${ip}; retry in ${blocked} s`, blocked);
    try {
      return await authenticate();
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === "UNAUTHENTICATED" && error.extensions.reason !== "IDENTITY_UNAVAILABLE") await this.consume("unauthenticated", key, 1);
      throw error;
    }
  }

  /** When the principal's budget for this operation type is already spent: the refusal's message and delay; null otherwise (src/graphql/rate-limit/early-refusal.ts). */
  async spent(operation: "query" | "mutation", principal: Principal): Promise<{ message: string; retryAfterSeconds: number } | null> {
    const limiter = this.limiters[operation];
    const retryAfterSeconds = await this.blockedFor(operation, subjectOf(principal));
    if (retryAfterSeconds === 0) return null;
    return { message: `rate limit exceeded: the ${operation} budget of ${limiter.points} per ${this.settings.windowSeconds} s is spent; retry in ${retryAfterSeconds} s`, retryAfterSeconds };
  }

  /** Seconds until the subject may spend again (0: now). */
  private async blockedFor(budget: Budget, subject: string): Promise<number> {
    const limiter = this.limiters[budget];
    const now = Date.now();
    const key = `${budget}|${subject}`;
    let known = this.storeKind === "memory" ? undefined : this.known.get(key);
    if (!known || now - known.learntAt >= KNOWN_STATE_FRESH_MS) {
      const state = await statementScope.exit(() => limiter.get(subject)).catch(() => undefined);
      if (state === undefined) return 0;
      known = this.learn(budget, subject, state);
    }
    return known.consumed >= limiter.points && known.resetAt > now ? Math.max(1, Math.ceil((known.resetAt - now) / 1_000)) : 0;
  }

  /** Remembers what the store said of a budget (null: nothing spent in this window). */
  private learn(budget: Budget, subject: string, state: RateLimiterRes | null): KnownState {
    const now = Date.now();
    // A budget with no expiry (msBeforeNext < 0) answers "retry in 1 s", as the store's own figure did before.
    const msBeforeNext = state && state.msBeforeNext >= 0 ? state.msBeforeNext : 1_000;
    const known: KnownState = state ? { consumed: state.consumedPoints, resetAt: now + msBeforeNext, learntAt: now } : { consumed: 0, resetAt: now, learntAt: now };
    if (this.storeKind === "memory") return known;
    const key = `${budget}|${subject}`;
    this.known.delete(key);
    this.known.set(key, known);
    if (this.known.size > KNOWN_STATES_MAX) this.known.delete(this.known.keys().next().value!);
    return known;
  }

  /** Counts a new socket against its token and IP; the refusal's reason when either is at its cap. */
  openSocket(principal: Principal, ip: string): string | null {
    const token = subjectOf(principal);
    if ((this.sockets.get(token) ?? 0) >= this.settings.socketsPerToken) return `this token already has ${this.settings.socketsPerToken} sockets open`;
    if ((this.sockets.get(`ip:${ip}`) ?? 0) >= this.settings.socketsPerIp) return `this address already has ${this.settings.socketsPerIp} sockets open`;
    for (const key of [token, `ip:${ip}`]) this.sockets.set(key, (this.sockets.get(key) ?? 0) + 1);
    return null;
  }

  closeSocket(principal: Principal, ip: string): void {
    for (const key of [subjectOf(principal), `ip:${ip}`]) {
      const left = (this.sockets.get(key) ?? 1) - 1;
      if (left <= 0) this.sockets.delete(key);
      else this.sockets.set(key, left);
    }
  }

  async close(): Promise<void> {
    if (this.cleanup) clearInterval(this.cleanup);
    this.redis?.disconnect();
  }
}

/** Charges an operation to its principal's budget: a query its cost, a mutation its root fields, a subscription one start. */
export async function chargeOperation(limits: RateLimits, principal: Principal, operation: "query" | "mutation" | "subscription", figures: { cost: number; rootFields: number } | null): Promise<void> {
  const subject = subjectOf(principal);
  if (operation === "mutation") await limits.consume("mutation", subject, figures?.rootFields ?? 1);
  else if (operation === "subscription") await limits.consume("subscription", subject, 1);
  else await limits.consume("query", subject, figures?.cost ?? 1);
}
