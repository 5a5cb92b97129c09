// Projects: the tenancy boundary every tenant-owned row points at.
import { pgTable, text, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns.js";

export const projects = pgTable("projects", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull().unique(),
  ...timestamps,
});

export type ProjectRow = typeof projects.$inferSelect;
