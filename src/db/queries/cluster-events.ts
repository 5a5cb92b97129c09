// The cluster event log: appended in commit order, read after a cursor, announced with NOTIFY.
import { and, asc, desc, eq, gt, inArray, max, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../client.js";
import { clusterEvents, type ClusterEventRow } from "../schema/index.js";

export type NewClusterEvent = typeof clusterEvents.$inferInsert;

/** The channel every replica listens on; the payload is only the newest cursor. */
export const EVENTS_CHANNEL = "turnkey_cluster_events";

// Held from the insert to the commit, so event ids become visible in increasing order: a reader that
// has seen id N can never later find a smaller id committed behind it (no gap on resume or fan-out).
const APPEND_LOCK_KEY = 7_353_002;

/**
 * Appends events inside the caller's transaction; they are visible (and announced) at its commit.
 * Two statements: the lock, then the insert with its NOTIFY (the newest id appended) in one statement.
 */
export async function appendClusterEvents(executor: Executor, events: NewClusterEvent[]): Promise<bigint[]> {
  if (events.length === 0) return [];
  await executor.execute(sql`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
  const insert = executor.insert(clusterEvents).values(events).returning({ id: clusterEvents.id });
  const result = await executor.execute<{ ids: string[] }>(
    sql`with appended as (${insert.getSQL()}) select array_agg(id::text order by id) as ids, pg_notify(${EVENTS_CHANNEL}, max(id)::text) from appended`,
  );
  // postgres.js answers execute() with the rows, PGlite with { rows }.
  const [row] = (Array.isArray(result) ? result : (result as unknown as { rows: { ids: string[] }[] }).rows) as { ids: string[] }[];
  return row!.ids.map((id) => BigInt(id));
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
