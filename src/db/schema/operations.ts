// Operations: durable long-running work (create, resize, …) claimed and driven by the reconciler.
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns.js";
import { projects } from "./projects.js";

export interface OperationStageRow {
  name: string;
  status: "PENDING" | "RUNNING" | "DONE" | "FAILED";
  startedAt: string | null;
  finishedAt: string | null;
}

export const operations = pgTable(
  "operations",
  {
    id: uuid("id").primaryKey(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "restrict" }),
    // No foreign key: an operation outlives the cluster it deleted, as history.
    clusterId: uuid("cluster_id").notNull(),
    /** CLUSTER_CREATE, CLUSTER_UPDATE, CLUSTER_RESIZE, CLUSTER_UPGRADE, CLUSTER_DELETE, NODE_GROUP_*, CA_ROTATE. */
    type: text("type").notNull(),
    /** PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED. */
    status: text("status").notNull(),
    /** What the operation must achieve (new counts, target template, …), written with the intent. */
    spec: jsonb("spec").$type<Record<string, unknown>>().notNull().default({}),
    /**
     * What the reconciler has done so far (driver submission, stack id, transient failures in a row), kept
     * apart from the request in `spec`; read through orchestration/reconcile/operation-specs.ts.
     */
    progress: jsonb("progress").$type<Record<string, unknown>>().notNull().default({}),
    /** Set while the operation backs off after a transient driver error: no worker claims it before then. */
    notBefore: timestamp("not_before", { withTimezone: true, mode: "date" }),
    stages: jsonb("stages").$type<OperationStageRow[]>().notNull().default([]),
    percent: integer("percent").notNull().default(0),
    requestId: text("request_id"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    /** Lease: which worker drives it and until when; an expired lease may be taken over. */
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true, mode: "date" }),
    attempts: integer("attempts").notNull().default(0),
    createdBy: text("created_by").notNull(),
    /** Who cancelled it (operationCancel), by name; null when nobody did (a delete superseding it says so in errorMessage). */
    cancelledBy: text("cancelled_by"),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (table) => [
    index("operations_cluster_id_idx").on(table.clusterId, table.createdAt),
    index("operations_claimable_idx").on(table.status, table.leaseExpiresAt),
    // Query.operations pages a project's operations newest first.
    index("operations_project_created_idx").on(table.projectId, table.createdAt),
    uniqueIndex("operations_project_request_key").on(table.projectId, table.requestId),
  ],
);

export type OperationRow = typeof operations.$inferSelect;
