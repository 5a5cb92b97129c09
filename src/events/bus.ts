// The status event bus: one LISTEN per process, one read of the outbox per wake-up, fan-out in process.
import type { DatabaseHandle } from "../db/client.js";
import { EVENTS_CHANNEL, eventsAfter, newestEventId } from "../db/queries/cluster-events.js";
import type { ClusterEventRow } from "../db/schema/index.js";

const READ_BATCH = 500;

export interface EventSink {
  /** Called in cursor order with each event the bus reads; false means "I am full, drop me". */
  push(event: ClusterEventRow): boolean;
  overflow(): void;
}

/**
 * Every replica's bus wakes on NOTIFY (tiny payload: the newest cursor) and reads what it has not seen
 * from the event table, so a notification lost while reconnecting costs nothing: the next read catches up.
 */
export class EventBus {
  private readonly sinks = new Set<EventSink>();
  private lastSeen = 0n;
  private reading: Promise<void> | null = null;
  private again = false;
  private stopListening: (() => Promise<void>) | null = null;
  private closed = false;

  constructor(private readonly database: DatabaseHandle, private readonly onError: (error: unknown) => void = () => undefined) {}

  async start(): Promise<void> {
    this.lastSeen = await newestEventId(this.database.db);
    this.stopListening = await this.database.listen(EVENTS_CHANNEL, () => this.wake(), () => this.wake());
  }

  /** The newest cursor this process has delivered: a live-only subscriber starts after it. */
  get cursor(): bigint {
    return this.lastSeen;
  }

  add(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  get subscriberCount(): number {
    return this.sinks.size;
  }

  /** Reads new events now (also used right after a local commit, ahead of the NOTIFY round trip). */
  wake(): void {
    if (this.closed) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.drain()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.reading = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const events = await eventsAfter(this.database.db, this.lastSeen, {}, READ_BATCH);
      for (const event of events) {
        this.lastSeen = event.id;
        for (const sink of this.sinks) {
          if (!sink.push(event)) {
            this.sinks.delete(sink);
            sink.overflow();
          }
        }
      }
      if (events.length < READ_BATCH) return;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stopListening?.().catch(() => undefined);
    await this.reading;
    this.sinks.clear();
  }
}
