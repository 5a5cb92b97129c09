// Column groups shared by every table: timestamps and the optimistic-concurrency counter.
// Millisecond precision: timestamps travel in keyset cursors as JavaScript dates, and a
// microsecond the cursor cannot carry would make a page repeat or skip a row.
import { integer, timestamp } from "drizzle-orm/pg-core";

export const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date", precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date", precision: 3 }).notNull().defaultNow(),
};

/** Bumped on every write; clients send it back as `expectedVersion` to detect lost updates. */
export const resourceVersion = {
  resourceVersion: integer("resource_version").notNull().default(1),
};

export interface LabelRow {
  key: string;
  value: string;
}
