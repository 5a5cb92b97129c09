// Rate-limit counters shared by every replica on PostgreSQL (rate-limiter-flexible's RateLimiterDrizzle layout).
import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const rateLimits = pgTable(
  "rate_limits",
  {
    /** Budget and subject: "query:token:<id>", "ip:<address>". */
    key: text("key").primaryKey(),
    points: integer("points").notNull(),
    expire: timestamp("expire", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("rate_limits_expire").on(table.expire)],
);
