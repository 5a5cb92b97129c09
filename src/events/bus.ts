// The status event bus: one LISTEN per process, one read of the outbox per wake-up, fan-out in process.
import { PeriodicTask } from "../periodic-tasks.js";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db/client.js";
import { EVENTS_CHANNEL, eventRowsFromJson, eventsAfter, newestEventId } from "../db/queries/cluster-events.js";
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
 * Every replica's bus wakes on NOTIFY, whose payload carries the committed rows (or, when they are too large, the
 * newest cursor): rows that follow on from the last one delivered go out at once, anything else is read from the
 * event table after the bus's cursor, so a notification lost while reconnecting costs nothing: the next read catches up.
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
      (payload) => {
        this.lastHeard = Date.now();
        this.notified(payload);
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

  /** A NOTIFY's payload: the committed rows themselves (delivered without a read when they follow on), else a cursor. */
  private notified(payload: string): void {
    if (payload.startsWith("[")) {
      let rows: ClusterEventRow[];
      try {
        rows = eventRowsFromJson(payload);
      } catch (error) {
        this.onError(error);
        this.wake();
        return;
      }
      this.committed(rows.map((row) => row.id), rows);
      return;
    }
    if (/^\d+$/.test(payload)) this.committed([BigInt(payload)]);
    else this.wake();
  }

  /**
   * Events a transaction has committed (this process's own, told right after its commit, or another's, by NOTIFY).
   * Rows that follow on from the last one delivered (no id between) go to the sinks at once, without reading the
   * table; anything else (a gap: an event committed by another replica not yet seen, or ids a rolled-back append
   * took) is left to a read. Appends hold one lock from the id to the commit, so no smaller id can commit later.
   */
  committed(cursors: readonly bigint[], rows?: readonly ClusterEventRow[]): void {
    if (this.closed || cursors.length === 0) return;
    const newest = cursors.reduce((left, right) => (right > left ? right : left));
    if (newest <= this.lastSeen) return;
    if (rows && rows.length === cursors.length && this.reading === null && follows(this.lastSeen, rows)) {
      for (const event of rows) this.deliver(event);
      return;
    }
    this.wake();
  }

  private deliver(event: ClusterEventRow): void {
    this.lastSeen = event.id;
    for (const sink of this.sinks) {
      if (!sink.push(event)) {
        this.sinks.delete(sink);
        sink.overflow();
      }
    }
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
      for (const event of events) if (event.id > this.lastSeen) this.deliver(event);
      if (events.length < READ_BATCH) return;
    }
  }

  /** Resolves once no read of the table is in flight or queued (a test counting reads starts from there). */
  async settled(): Promise<void> {
    while (this.reading) await this.reading;
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

/** Whether `rows` (in id order) start right after `cursor` with no id missing between them. */
function follows(cursor: bigint, rows: readonly ClusterEventRow[]): boolean {
  let previous = cursor;
  for (const row of rows) {
    if (row.id !== previous + 1n) return false;
    previous = row.id;
  }
  return true;
}
