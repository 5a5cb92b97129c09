// How far the cluster event log has been pruned: a resume from an older cursor is refused (CURSOR_EXPIRED), never silently short.
import { sql } from "drizzle-orm";
import { bigint, check, pgTable, smallint, timestamp } from "drizzle-orm/pg-core";

export const clusterEventRetention = pgTable(
  "cluster_event_retention",
  {
    /** Always 1: the log has one watermark. */
    id: smallint("id").primaryKey().default(1),
    /**
     * Every event with an id at or below this may have been deleted; every later one is kept.
     * Derived values (the oldest id left) would be wrong: ids have gaps where appends rolled back,
     * and an empty log says nothing about what was pruned.
     */
    prunedThrough: bigint("pruned_through", { mode: "bigint" }).notNull().default(sql`0`),
    prunedAt: timestamp("pruned_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [check("cluster_event_retention_one_row", sql`${table.id} = 1`)],
);
