// Keeps the cluster event log to its retention: a prune in short batches, on whichever replica gets the lock
// (the composition root, src/app.ts, runs pruneNow as a periodic task).
import type { Database } from "../db/client.js";
import { pruneEventBatch } from "../db/queries/event-retention.js";

export interface EventRetentionOptions {
  db: Database;
  /** Events older than this are deleted (TURNKEY_EVENT_RETENTION_HOURS, default 168 h). */
  retentionMs: number;
  /** Events deleted per transaction: short transactions, no long lock on the log. Default 5000. */
  batchSize?: number;
  onPruned?: (deleted: number) => void;
}

export class EventRetention {
  private running: Promise<number> | null = null;

  constructor(private readonly options: EventRetentionOptions) {}

  /**
   * Deletes every event past retention, batch by batch; returns how many. Concurrent calls share one run.
   * An aborted `signal` (the process is stopping) ends it after the batch in progress.
   */
  pruneNow(signal?: AbortSignal): Promise<number> {
    this.running ??= (async () => {
      const batchSize = this.options.batchSize ?? 5_000;
      let total = 0;
      for (;;) {
        const batch = await pruneEventBatch(this.options.db, this.options.retentionMs, batchSize);
        total += batch.deleted;
        if (!batch.ran || batch.deleted < batchSize || signal?.aborted) break;
        // Let requests in between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (total > 0) this.options.onPruned?.(total);
      return total;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}
