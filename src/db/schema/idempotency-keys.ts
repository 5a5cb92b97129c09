// Idempotency keys: the first result of a mutation sent with a requestId, replayed on retries.
import { jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    /** Who sent it: a retry by someone else must not see the first caller's result. */
    principal: text("principal").notNull(),
    requestId: text("request_id").notNull(),
    mutation: text("mutation").notNull(),
    /** Hash of the input: the same requestId with a different input is a CONFLICT. */
    inputHash: text("input_hash").notNull(),
    /** Ids the payload referred to, re-read on replay so the client sees current objects. */
    result: jsonb("result").$type<Record<string, string | null>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.principal, table.requestId] })],
);
