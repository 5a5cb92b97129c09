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
  /** Recorded in batches (src/identity/last-use.ts), never by the request that used the token. */
  lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date", precision: 3 }),
  /** The projects the token may act in; null: every project of its user (only a global admin mints these). */
  projectIds: uuid("project_ids").array(),
  /** The highest role the token acts with in any project, whatever its user holds; null: no cap. */
  maxRole: text("max_role"),
  /** Who minted it: "admin" (the operator's token) or a user id. A token minted for someone else lives only while its minter still administers the project. */
  createdBy: text("created_by"),
  ...timestamps,
});

export type ApiTokenRow = typeof apiTokens.$inferSelect;
