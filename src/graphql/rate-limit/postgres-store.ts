// rate-limiter-flexible's Drizzle store with its two hot statements written once (src/db/queries/rate-limits.ts) instead of
// built by drizzle on every request; same table, same semantics (RateLimiterDrizzle's _get and _upsert), same fallback.
import { RateLimiterDrizzle } from "rate-limiter-flexible";
import type { Database } from "../../db/client.js";
import { chargeRateLimit, readRateLimit, type RateLimitRow } from "../../db/queries/rate-limits.js";

export class RateLimiterPostgresStore extends RateLimiterDrizzle {
  constructor(
    options: ConstructorParameters<typeof RateLimiterDrizzle>[0],
    private readonly database: Database,
  ) {
    super(options);
  }

  async _get(key: string): Promise<RateLimitRow | null> {
    return readRateLimit(this.database, key, new Date());
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<RateLimitRow> {
    const now = new Date();
    return chargeRateLimit(this.database, key, points, now, msDuration > 0 ? new Date(now.getTime() + msDuration) : null, forceExpire);
  }
}
