// Retention of the cluster event log: the watermark a resume is checked against, and pruning in batches.
import { asc, lt, lte, max, sql } from "drizzle-orm";
import type { Database, Executor } from "../client.js";
import { clusterEventRetention, clusterEvents } from "../schema/index.js";

// One replica prunes at a time; the others skip the round rather than queue behind it.
const PRUNE_LOCK_KEY = 7_353_003;

/** Every event with an id at or below this may be gone; a cursor below it cannot be resumed. 0: nothing pruned yet. */
export async function prunedThrough(executor: Executor): Promise<bigint> {
  const [row] = await executor.select({ prunedThrough: clusterEventRetention.prunedThrough }).from(clusterEventRetention).limit(1);
  return row?.prunedThrough ?? 0n;
}

export interface PruneBatch {
  /** Events deleted by this batch. */
  deleted: number;
  /** False when another replica holds the prune lock: nothing was done. */
  ran: boolean;
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  return Array.isArray(result) ? result : ((result as { rows?: Record<string, unknown>[] }).rows ?? []);
}

/**
 * Deletes the oldest events recorded more than `olderThanMs` ago, at most about `batchSize` of them, in one
 * short transaction. The watermark becomes the newest id of the batch and everything at or below it is
 * deleted, so "kept" is exactly "id > watermark" even where occurred_at (the transaction's start) is not
 * in id order. The database's clock decides, so replicas with skewed clocks agree.
 */
export async function pruneEventBatch(db: Database, olderThanMs: number, batchSize: number): Promise<PruneBatch> {
  return db.transaction(async (transaction) => {
    const [lock] = rowsOf(await transaction.execute(sql`select pg_try_advisory_xact_lock(${PRUNE_LOCK_KEY}) as locked`));
    if (lock?.locked !== true) return { deleted: 0, ran: false };
    const oldest = transaction
      .select({ id: clusterEvents.id })
      .from(clusterEvents)
      .where(lt(clusterEvents.occurredAt, sql`now() - ${olderThanMs} * interval '1 millisecond'`))
      .orderBy(asc(clusterEvents.id))
      .limit(batchSize)
      .as("oldest");
    const [boundary] = await transaction.select({ id: max(oldest.id) }).from(oldest);
    if (boundary?.id === null || boundary?.id === undefined) return { deleted: 0, ran: true };
    const watermark = BigInt(boundary.id);
    const deleted = await transaction.delete(clusterEvents).where(lte(clusterEvents.id, watermark)).returning({ id: clusterEvents.id });
    await transaction
      .insert(clusterEventRetention)
      .values({ id: 1, prunedThrough: watermark })
      .onConflictDoUpdate({
        target: clusterEventRetention.id,
        set: { prunedThrough: sql`greatest(${clusterEventRetention.prunedThrough}, excluded.pruned_through)`, prunedAt: sql`now()` },
      });
    return { deleted: deleted.length, ran: true };
  });
}
