// Cluster events: the append-only log behind the status stream; its id is the resume cursor.
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { projects } from "./projects.js";

export const clusterEvents = pgTable(
  "cluster_events",
  {
    /** Monotonic across the whole log: the subscription cursor. */
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "restrict" }),
    // No foreign key: the history of a deleted cluster is kept.
    clusterId: uuid("cluster_id").notNull(),
    operationId: uuid("operation_id"),
    /** STATUS_CHANGED, PROGRESS, HEALTH_CHANGED, DELETED, … */
    type: text("type").notNull(),
    status: text("status"),
    previousStatus: text("previous_status"),
    statusReason: text("status_reason"),
    healthStatus: text("health_status"),
    stage: text("stage"),
    percent: integer("percent"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [
    index("cluster_events_cluster_id_idx").on(table.clusterId, table.id),
    index("cluster_events_occurred_at_idx").on(table.occurredAt),
  ],
);

export type ClusterEventRow = typeof clusterEvents.$inferSelect;
