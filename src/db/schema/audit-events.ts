// Audit events: who did what to which object, when, and how it ended; kept apart from the status stream.
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date", precision: 3 }).notNull().defaultNow(),
    principalId: text("principal_id").notNull(),
    principalName: text("principal_name").notNull(),
    /** The project the object belongs to, when known; no foreign key so history outlives projects. */
    projectId: uuid("project_id"),
    mutation: text("mutation").notNull(),
    /** Global id of the object acted on, when there is one. */
    objectId: text("object_id"),
    /** SUCCEEDED, REFUSED (a userError) or FAILED (a top-level error). */
    outcome: text("outcome").notNull(),
    /** The refusal's code, and the request id. */
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [index("audit_events_project_idx").on(table.projectId, table.id), index("audit_events_principal_idx").on(table.principalId, table.id)],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
