// Quotas: per-project limits (CLUSTERS, NODES, NODE_GROUPS_PER_CLUSTER) that override the defaults.
import { integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns.js";
import { projects } from "./projects.js";

export const quotas = pgTable(
  "quotas",
  {
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    resource: text("resource").notNull(),
    limit: integer("limit").notNull(),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.projectId, table.resource] })],
);

export type QuotaRow = typeof quotas.$inferSelect;
