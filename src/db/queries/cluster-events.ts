// The cluster event log: appended in commit order, read after a cursor, announced with NOTIFY.
import { and, asc, desc, eq, getTableColumns, gt, inArray, max, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../client.js";
import { clusterEvents, type ClusterEventRow } from "../schema/index.js";

export type NewClusterEvent = typeof clusterEvents.$inferInsert;

/**
 * The channel every replica listens on. The payload is the appended rows themselves (a JSON array, see
 * eventRowsFromJson) when they fit in NOTIFY_ROWS_LIMIT bytes, else the newest cursor as text; empty from the
 * bus's heartbeat. A listener that cannot use the rows (a gap before them) reads the table instead.
 */
export const EVENTS_CHANNEL = "turnkey_cluster_events";

/** Rows travel in the NOTIFY payload up to this many bytes (PostgreSQL's limit is 8000). */
const NOTIFY_ROWS_LIMIT = 7_500;

const EVENT_COLUMNS = Object.entries(getTableColumns(clusterEvents));

/**
 * Rows as the appending statement serialised them (to_jsonb of each row, the id as text so no precision is lost),
 * mapped by each column's own driver mapping: the same values a select of those rows returns.
 */
export function eventRowsFromJson(text: string): ClusterEventRow[] {
  const parsed = JSON.parse(text) as Record<string, unknown>[];
  if (!Array.isArray(parsed)) throw new Error("not a list of event rows");
  return parsed.map((json) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of EVENT_COLUMNS) {
      const value = json[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    if (typeof row.id !== "bigint") throw new Error("an event row without its id");
    return row as ClusterEventRow;
  });
}

// Held from the insert to the commit, so event ids become visible in increasing order: a reader that
// has seen id N can never later find a smaller id committed behind it (no gap on resume or fan-out).
const APPEND_LOCK_KEY = 7_353_002;

/**
 * Appends events inside the caller's transaction; they are visible (and announced) at its commit.
 * Two statements: the lock, then the insert with its NOTIFY (the rows, or the newest id) in one statement.
 * Returns the rows as stored, in id order: the committer can hand them to its bus once committed.
 */
export async function appendClusterEventRows(executor: Executor, events: NewClusterEvent[]): Promise<ClusterEventRow[]> {
  if (events.length === 0) return [];
  await executor.execute(sql`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
  const insert = executor.insert(clusterEvents).values(events).returning();
  const result = await executor.execute<{ rows: string }>(
    sql`with appended as (${insert.getSQL()}),
      listed as (select json_agg(to_jsonb(appended) || jsonb_build_object('id', appended.id::text) order by appended.id)::text as rows, max(appended.id) as newest from appended)
      select rows, pg_notify(${EVENTS_CHANNEL}, case when octet_length(rows) <= ${NOTIFY_ROWS_LIMIT} then rows else newest::text end) from listed`,
  );
  // postgres.js answers execute() with the rows, PGlite with { rows }.
  const [row] = (Array.isArray(result) ? result : (result as unknown as { rows: { rows: string }[] }).rows) as { rows: string }[];
  return eventRowsFromJson(row!.rows);
}

/** appendClusterEventRows, answering the cursors. */
export async function appendClusterEvents(executor: Executor, events: NewClusterEvent[]): Promise<bigint[]> {
  return (await appendClusterEventRows(executor, events)).map((event) => event.id);
}

export async function appendClusterEvent(executor: Executor, event: NewClusterEvent): Promise<bigint> {
  const [id] = await appendClusterEvents(executor, [event]);
  return id!;
}

export interface EventFilter {
  clusterId?: string | null;
  /** Projects whose events may be read; null = all. */
  projectIds?: string[] | null;
}

function filterCondition(filter: EventFilter): SQL | undefined {
  return and(
    filter.clusterId ? eq(clusterEvents.clusterId, filter.clusterId) : undefined,
    filter.projectIds ? inArray(clusterEvents.projectId, filter.projectIds.length ? filter.projectIds : ["00000000-0000-0000-0000-000000000000"]) : undefined,
  );
}

export async function eventsAfter(executor: Executor, cursor: bigint, filter: EventFilter, limit: number): Promise<ClusterEventRow[]> {
  return executor
    .select()
    .from(clusterEvents)
    .where(and(gt(clusterEvents.id, cursor), filterCondition(filter)))
    .orderBy(asc(clusterEvents.id))
    .limit(limit);
}

export async function newestEventId(executor: Executor): Promise<bigint> {
  const [row] = await executor.select({ newest: max(clusterEvents.id) }).from(clusterEvents);
  return row?.newest ? BigInt(row.newest) : 0n;
}

/** Where a subscriber to one cluster without a cursor starts: its newest operation's first event. */
export async function currentOperationStart(executor: Executor, clusterId: string): Promise<bigint> {
  const [newest] = await executor
    .select({ id: clusterEvents.id, operationId: clusterEvents.operationId })
    .from(clusterEvents)
    .where(eq(clusterEvents.clusterId, clusterId))
    .orderBy(desc(clusterEvents.id))
    .limit(1);
  if (!newest) return 0n;
  if (!newest.operationId) return newest.id - 1n;
  const [first] = await executor
    .select({ id: clusterEvents.id })
    .from(clusterEvents)
    .where(and(eq(clusterEvents.clusterId, clusterId), eq(clusterEvents.operationId, newest.operationId)))
    .orderBy(asc(clusterEvents.id))
    .limit(1);
  return (first?.id ?? newest.id) - 1n;
}

export async function eventsOfCluster(executor: Executor, clusterId: string): Promise<ClusterEventRow[]> {
  return executor.select().from(clusterEvents).where(eq(clusterEvents.clusterId, clusterId)).orderBy(asc(clusterEvents.id));
}
