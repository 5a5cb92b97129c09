// rate-limiter-flexible's Drizzle store with its two hot statements written once (src/db/queries/rate-limits.ts) instead of
// built by drizzle on every request; same table, same semantics (RateLimiterDrizzle's _get and _upsert), same fallback.
//
// Charges of one key coalesce: while a key's charge is in flight, the charges that arrive for it wait and then go as
// one statement adding all their points (issue 13: a portal's one token charged every read with a statement and a
// WAL flush of its own). Each waiting charge is answered with the counter as it would have read after its own charge
// had they gone one by one in arrival order (the batch's total less the points of those after it), so every limiter
// decision is the one sequential charges give; another replica's charges land between batches as they landed between
// single charges. A charge that resets its key (forceExpire) goes alone, as before.
import { RateLimiterDrizzle } from "rate-limiter-flexible";
import type { Database } from "../../db/client.js";
import { chargeRateLimit, readRateLimit, type RateLimitRow } from "../../db/queries/rate-limits.js";

interface WaitingCharge {
  points: number;
  msDuration: number;
  resolve: (row: RateLimitRow) => void;
  reject: (error: unknown) => void;
}

export class RateLimiterPostgresStore extends RateLimiterDrizzle {
  /** Keys with a charge in flight, and the charges waiting for it to finish. */
  private readonly waiting = new Map<string, WaitingCharge[]>();

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
    if (forceExpire) return this.charge(key, points, msDuration, true);
    const queue = this.waiting.get(key);
    if (queue) return new Promise((resolve, reject) => queue.push({ points, msDuration, resolve, reject }));
    this.waiting.set(key, []);
    try {
      return await this.charge(key, points, msDuration, false);
    } finally {
      void this.drain(key);
    }
  }

  /** Sends the charges that waited for the key's last one, as one, until none are waiting. */
  private async drain(key: string): Promise<void> {
    for (let batch = this.waiting.get(key); batch && batch.length > 0; batch = this.waiting.get(key)) {
      this.waiting.set(key, []);
      const total = batch.reduce((sum, charge) => sum + charge.points, 0);
      try {
        const row = await this.charge(key, total, batch[0]!.msDuration, false);
        let after = 0;
        for (let index = batch.length - 1; index >= 0; index -= 1) {
          batch[index]!.resolve({ ...row, points: row.points - after });
          after += batch[index]!.points;
        }
      } catch (error) {
        for (const charge of batch) charge.reject(error);
      }
    }
    this.waiting.delete(key);
  }

  private charge(key: string, points: number, msDuration: number, reset: boolean): Promise<RateLimitRow> {
    const now = new Date();
    return chargeRateLimit(this.database, key, points, now, msDuration > 0 ? new Date(now.getTime() + msDuration) : null, reset);
  }
}
