// Role bindings: a user's role (ADMIN, MEMBER, READER) in one project.
import { index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns.js";
import { projects } from "./projects.js";
import { users } from "./users.js";

export const roleBindings = pgTable(
  "role_bindings",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    role: text("role").notNull(),
    ...timestamps,
  },
  (table) => [uniqueIndex("role_bindings_user_project_key").on(table.userId, table.projectId), index("role_bindings_project_idx").on(table.projectId)],
);

export type RoleBindingRow = typeof roleBindings.$inferSelect;
