// Users: the people and robots that hold API tokens and project roles.
import { pgTable, text, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns.js";

export const users = pgTable("users", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull().unique(),
  /** Where the identity comes from: "builtin", or "keystone" for users mirrored from Keystone. */
  source: text("source").notNull().default("builtin"),
  ...timestamps,
});

export type UserRow = typeof users.$inferSelect;
