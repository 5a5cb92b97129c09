// Keeps the cluster event log to its retention: a periodic prune, in short batches, on whichever replica gets the lock.
import type { Database } from "../db/client.js";
import { pruneEventBatch } from "../db/queries/event-retention.js";

export interface EventRetentionOptions {
  db: Database;
  /** Events older than this are deleted (TURNKEY_EVENT_RETENTION_HOURS, default 168 h). */
  retentionMs: number;
  /** Pause between two prunes (TURNKEY_EVENT_PRUNE_INTERVAL_MS, default 10 min). */
  intervalMs: number;
  /** Events deleted per transaction: short transactions, no long lock on the log. Default 5000. */
  batchSize?: number;
  onError?: (error: unknown) => void;
  onPruned?: (deleted: number) => void;
}

export class EventRetention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(private readonly options: EventRetentionOptions) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.pruneNow()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs).unref();
        });
    };
    this.timer = setTimeout(tick, Math.min(this.options.intervalMs, 5_000)).unref();
  }

  /** Deletes every event past retention, batch by batch; returns how many. Concurrent calls share one run. */
  pruneNow(): Promise<number> {
    this.running ??= (async () => {
      const batchSize = this.options.batchSize ?? 5_000;
      let total = 0;
      for (;;) {
        const batch = await pruneEventBatch(this.options.db, this.options.retentionMs, batchSize);
        total += batch.deleted;
        if (!batch.ran || batch.deleted < batchSize || this.stopped) break;
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

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}
