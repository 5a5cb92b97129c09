// The cluster event log: appended in commit order, read after a cursor, announced with NOTIFY.
import { and, asc, desc, eq, getTableColumns, gt, inArray, max, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../client.js";
import { clusterEvents, type ClusterEventRow } from "../schema/index.js";

export type NewClusterEvent = typeof clusterEvents.$inferInsert;
export type { ClusterEventRow };

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
 * Each appended row's id: the append lock first (an InitPlan, evaluated once, before the first row's nextval), then
 * the sequence. So the lock is taken in the insert's own statement, one round trip fewer than a statement of its own,
 * and still before any id of this transaction is drawn: ids become visible in commit order just the same.
 */
const LOCKED_ID = `case when (select 1 from (select pg_advisory_xact_lock(${APPEND_LOCK_KEY})) as locked) = 1 then nextval(pg_get_serial_sequence('cluster_events', 'id')) end`;

/** Every column but the id (drawn under the lock), in the table's order: what an append writes. */
const WRITTEN_COLUMNS = EVENT_COLUMNS.filter(([key]) => key !== "id");

/** A column's default when the event leaves it out (the table's own defaults; a new one must be added here). */
const DEFAULTS: Record<string, string> = { details: "'{}'::jsonb", occurredAt: "now()" };
for (const [key, column] of WRITTEN_COLUMNS) {
  if (column.hasDefault && !(key in DEFAULTS)) throw new Error(`cluster-events: the append does not know the default of ${key}`);
}

/**
 * The append's text, one for any number of events (so it is prepared once): the events travel as one JSON parameter
 * expanded by jsonb_to_recordset in array order (each row's id drawn in that order), their rows come back as JSON
 * and go out in the NOTIFY. Written once here rather than through drizzle's insert builder, whose walk over 13 columns
 * of every event was an eighth of the reconciler's CPU with 1,000 operations in flight (docs/BENCHMARKS.md).
 */
const APPEND_HEAD = `with appended as (
      insert into "cluster_events" ("id", ${WRITTEN_COLUMNS.map(([, column]) => `"${column.name}"`).join(", ")})
      select ${LOCKED_ID}, ${WRITTEN_COLUMNS.map(([key, column]) => (DEFAULTS[key] ? `coalesce(e."${column.name}", ${DEFAULTS[key]})` : `e."${column.name}"`)).join(", ")}
      from jsonb_to_recordset(`;
const APPEND_TAIL = `::jsonb) as e(${WRITTEN_COLUMNS.map(([, column]) => `"${column.name}" ${column.getSQLType()}`).join(", ")})
      returning *),
    listed as (select json_agg(to_jsonb(appended) || jsonb_build_object('id', appended.id::text) order by appended.id)::text as rows, max(appended.id) as newest from appended)
    select rows, pg_notify('${EVENTS_CHANNEL}', case when octet_length(rows) <= ${NOTIFY_ROWS_LIMIT} then rows else newest::text end)`;

/** An event as the recordset's JSON: keyed by column name, dates as ISO text; left-out columns stay out (their defaults apply). */
function eventJson(event: NewClusterEvent): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const [key, column] of WRITTEN_COLUMNS) {
    const value = (event as Record<string, unknown>)[key];
    if (value !== undefined) json[column.name] = value;
  }
  return json;
}

/**
 * The append statement: the insert (taking the append lock, see LOCKED_ID), its rows as JSON and their NOTIFY, with
 * `alongside` (more output columns, read in the same statement's snapshot) when given.
 */
export function appendStatement(events: NewClusterEvent[], alongside?: SQL): SQL {
  const statement = sql`${sql.raw(APPEND_HEAD)}${JSON.stringify(events.map(eventJson))}${sql.raw(APPEND_TAIL)}`;
  return alongside ? sql`${statement}, ${alongside} from listed` : sql`${statement} from listed`;
}

/** The rows appendStatement's answer (its one row) carries, in id order. */
export function appendedRows(answer: readonly Record<string, unknown>[]): ClusterEventRow[] {
  return eventRowsFromJson((answer[0] as { rows: string }).rows);
}

/** postgres.js answers execute() with the rows, PGlite with { rows }. */
function firstRow<Row>(result: unknown): Row {
  return (Array.isArray(result) ? result[0] : (result as { rows: Row[] }).rows[0]) as Row;
}

/**
 * Appends events inside the caller's transaction; they are visible (and announced) at its commit.
 * One statement: the append lock, the insert and its NOTIFY (the rows, or the newest id).
 * Returns the rows as stored, in id order: the committer can hand them to its bus once committed.
 */
export async function appendClusterEventRows(executor: Executor, events: NewClusterEvent[]): Promise<ClusterEventRow[]> {
  if (events.length === 0) return [];
  const row = firstRow<{ rows: string }>(await executor.execute<{ rows: string }>(appendStatement(events)));
  return eventRowsFromJson(row.rows);
}

/**
 * appendClusterEventRows with more output columns read in the same statement (e.g. a quota's usage while the project
 * lock is held: one round trip instead of two). `alongside` sees the statement's snapshot, not the appended rows.
 */
export async function appendClusterEventRowsWith<Extra extends Record<string, unknown>>(executor: Executor, events: NewClusterEvent[], alongside: SQL): Promise<{ rows: ClusterEventRow[]; extra: Extra }> {
  if (events.length === 0) throw new Error("appendClusterEventRowsWith needs at least one event");
  const { rows, pg_notify: _notified, ...extra } = firstRow<{ rows: string; pg_notify: unknown } & Extra>(await executor.execute(appendStatement(events, alongside)));
  return { rows: eventRowsFromJson(rows), extra: extra as unknown as Extra };
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
