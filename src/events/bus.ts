// The status event bus: one LISTEN per process, one read of the outbox per wake-up, fan-out in process.
import { PeriodicTask } from "../periodic-tasks.js";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db/client.js";
import { EVENTS_CHANNEL, eventsAfter, newestEventId } from "../db/queries/cluster-events.js";
import type { ClusterEventRow } from "../db/schema/index.js";

const READ_BATCH = 500;
/** After a failed read of the event table, try again this much later (a NOTIFY may not come). */
const RETRY_READ_MS = 1_000;
/** The listening connection counts as lost after this many heartbeats without hearing anything. */
const SILENT_HEARTBEATS = 3;

export interface EventBusOptions {
  onError?: (error: unknown) => void;
  /**
   * PostgreSQL only; 0 disables. Every interval the bus reads the table (a safety net for a lost NOTIFY)
   * and NOTIFYs the channel itself; when nothing has been heard for three intervals it LISTENs again.
   * postgres-js re-LISTENs after its listening connection drops (and calls onlisten, which catches up),
   * but gives up silently if that one attempt fails, e.g. while the database restarts.
   */
  heartbeatMs?: number;
}

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
  private opened = 0;
  private lastSeen = 0n;
  private reading: Promise<void> | null = null;
  private again = false;
  private stopListening: (() => Promise<void>) | null = null;
  private closed = false;
  private lastHeard = Date.now();
  private heartbeat: PeriodicTask | null = null;
  private retry: NodeJS.Timeout | null = null;
  private readonly onError: (error: unknown) => void;
  private readonly heartbeatMs: number;

  constructor(private readonly database: DatabaseHandle, options: EventBusOptions = {}) {
    this.onError = options.onError ?? (() => undefined);
    this.heartbeatMs = database.kind === "postgres" ? (options.heartbeatMs ?? 0) : 0;
  }

  async start(): Promise<void> {
    this.lastSeen = await newestEventId(this.database.db);
    await this.listen();
    if (this.heartbeatMs > 0) {
      this.heartbeat = new PeriodicTask({ name: "event-bus-heartbeat", intervalMs: this.heartbeatMs, round: () => this.beat(), onError: (error) => this.onError(error) });
      this.heartbeat.start();
    }
  }

  private async listen(): Promise<void> {
    this.stopListening = await this.database.listen(
      EVENTS_CHANNEL,
      () => {
        this.lastHeard = Date.now();
        this.wake();
      },
      // Each (re)connection of the listening connection: catch up on what was committed while it was down.
      () => {
        this.lastHeard = Date.now();
        this.wake();
      },
    );
  }

  /** One heartbeat: LISTEN again after a silent spell, NOTIFY ourselves, and read anyway (the safety net). */
  private async beat(): Promise<void> {
    if (this.closed) return;
    try {
      if (Date.now() - this.lastHeard > SILENT_HEARTBEATS * this.heartbeatMs) {
        this.lastHeard = Date.now();
        await this.stopListening?.().catch(() => undefined);
        await this.listen();
      }
      await this.database.db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, '')`);
    } catch (error) {
      this.onError(error);
    }
    this.wake();
  }

  /** The newest cursor this process has delivered: a live-only subscriber starts after it. */
  get cursor(): bigint {
    return this.lastSeen;
  }

  add(sink: EventSink): () => void {
    this.sinks.add(sink);
    this.opened += 1;
    return () => this.sinks.delete(sink);
  }

  get subscriberCount(): number {
    return this.sinks.size;
  }

  /** Sinks ever added: a subscription is live (receives every event read from now on) once it has counted here. */
  get subscriptionsOpened(): number {
    return this.opened;
  }

  /** Reads new events now (also used right after a local commit, ahead of the NOTIFY round trip). */
  wake(): void {
    if (this.closed) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.drain()
      .catch((error: unknown) => {
        this.onError(error);
        this.retry ??= setTimeout(() => {
          this.retry = null;
          this.wake();
        }, RETRY_READ_MS);
      })
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
    await this.heartbeat?.stop();
    if (this.retry) clearTimeout(this.retry);
    await this.stopListening?.().catch(() => undefined);
    await this.reading;
    this.sinks.clear();
  }
}
