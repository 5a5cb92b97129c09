// API tokens: bearer secrets kept only as SHA-256 hashes, with expiry, revocation and last use.
import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns.js";
import { users } from "./users.js";

export const apiTokens = pgTable("api_tokens", {
  id: uuid("id").primaryKey(),
  userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  /** Hex SHA-256 of the whole token: the token itself is shown once and never stored. */
  tokenHash: text("token_hash").notNull().unique(),
  /** The token's first characters, so people can tell their tokens apart. */
  prefix: text("prefix").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date", precision: 3 }),
  revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date", precision: 3 }),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date", precision: 3 }),
  ...timestamps,
});

export type ApiTokenRow = typeof apiTokens.$inferSelect;
