// The rate limiter's two statements on PostgreSQL (rate-limiter-flexible's RateLimiterDrizzle layout, src/db/schema/rate-limits.ts),
// written as shallow SQL: drizzle's builder spent more CPU building the limiter's nested CASE upsert on every request than
// the rest of a one-field query (docs/BENCHMARKS.md, "Fixed cost of a request").
import { sql } from "drizzle-orm";
import type { Executor } from "../client.js";
import { rowsOf } from "../row-reader.js";

export interface RateLimitRow {
  key: string;
  points: number;
  /** Milliseconds since the epoch, or null: a budget without expiry. */
  expire: number | null;
}

function limitRows(result: unknown): RateLimitRow[] {
  return rowsOf(result).map((row) => ({ key: String(row.key), points: Number(row.points), expire: row.expire === null ? null : Number(row.expire) }));
}

/** The live (unexpired) counter of a key, if any. */
export async function readRateLimit(executor: Executor, key: string, now: Date): Promise<RateLimitRow | null> {
  const result = await executor.execute(
    sql`select "key", "points", (extract(epoch from "expire") * 1000)::float8 as "expire" from "rate_limits" where "key" = ${key} and ("expire" > ${now.toISOString()}::timestamptz or "expire" is null) limit 1`,
  );
  return limitRows(result)[0] ?? null;
}

/**
 * Adds points to a key's counter, starting a new window when the old one expired (or, with `reset`, sets them and the
 * expiry outright), in one statement; returns the counter after the change.
 */
export async function chargeRateLimit(executor: Executor, key: string, points: number, now: Date, expire: Date | null, reset: boolean): Promise<RateLimitRow> {
  const nowText = now.toISOString();
  const expireText = expire ? expire.toISOString() : null;
  const result = await executor.execute(
    reset
      ? sql`insert into "rate_limits" ("key", "points", "expire") values (${key}, ${points}, ${expireText}::timestamptz)
          on conflict ("key") do update set "points" = excluded."points", "expire" = excluded."expire"
          returning "key", "points", (extract(epoch from "expire") * 1000)::float8 as "expire"`
      : sql`insert into "rate_limits" ("key", "points", "expire") values (${key}, ${points}, ${expireText}::timestamptz)
          on conflict ("key") do update set
            "points" = case when "rate_limits"."expire" <= ${nowText}::timestamptz then excluded."points" else "rate_limits"."points" + excluded."points" end,
            "expire" = case when "rate_limits"."expire" <= ${nowText}::timestamptz then excluded."expire" else "rate_limits"."expire" end
          returning "key", "points", (extract(epoch from "expire") * 1000)::float8 as "expire"`,
  );
  return limitRows(result)[0]!;
}
