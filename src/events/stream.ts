// A subscriber's stream: replay from the event table after its cursor, then live from the bus, no gap, no duplicate.
import type { Database } from "../db/client.js";
import { currentOperationStart, eventsAfter, type EventFilter } from "../db/queries/cluster-events.js";
import { prunedThrough } from "../db/queries/event-retention.js";
import type { ClusterEventRow } from "../db/schema/index.js";
import type { EventBus } from "./bus.js";
import { CursorExpiredError } from "./errors.js";

const REPLAY_BATCH = 500;

export interface StreamOptions {
  filter: EventFilter;
  /** Deliver events after this cursor; null: for one cluster, its current operation's events; else only new ones. */
  after: bigint | null;
  /**
   * Live events held for a subscriber that is behind (TURNKEY_SUBSCRIPTION_BUFFER). Past it the subscriber
   * is not cut off: the buffer is dropped and the stream pages from the event table after its cursor, as a
   * replay does, until it has caught up. Memory per subscriber stays bounded either way; a client that stops
   * reading altogether is the transport's to close (src/graphql/websocket.ts).
   */
  bufferLimit: number;
  /** Checked per event (policy can change while a subscription lives). */
  mayRead?: (event: ClusterEventRow) => boolean;
}

/** Refuses a cursor older than the retained history (checked again after each replay read, as pruning runs concurrently). */
export async function assertCursorRetained(db: Database, cursor: bigint): Promise<void> {
  const watermark = await prunedThrough(db);
  if (cursor < watermark) throw new CursorExpiredError(cursor, watermark);
}

function matches(filter: EventFilter, event: ClusterEventRow): boolean {
  if (filter.clusterId && event.clusterId !== filter.clusterId) return false;
  if (filter.projectIds && !filter.projectIds.includes(event.projectId)) return false;
  return true;
}

/** A stream of one cluster ends with its DELETED event: nothing can follow it, live or replayed. */
export function endsStream(filter: StreamOptions["filter"], event: Pick<ClusterEventRow, "type" | "clusterId">): boolean {
  return filter.clusterId !== null && filter.clusterId !== undefined && event.type === "DELETED" && event.clusterId === filter.clusterId;
}

export async function* clusterEventStream(db: Database, bus: EventBus, options: StreamOptions): AsyncGenerator<ClusterEventRow> {
  const buffered: ClusterEventRow[] = [];
  let behind = false;
  let notify: (() => void) | null = null;
  // Register before replaying: whatever the bus reads from now on is buffered, the replay covers the rest.
  const remove = bus.add({
    push(event) {
      if (behind || !matches(options.filter, event)) return true;
      if (buffered.length < options.bufferLimit) {
        buffered.push(event);
      } else {
        // Drop the buffer, not the subscriber: everything after its cursor is still in the table.
        behind = true;
        buffered.length = 0;
      }
      notify?.();
      return true;
    },
    overflow: () => undefined,
  });
  const readable = (event: ClusterEventRow) => options.mayRead?.(event) ?? true;
  try {
    let cursor: bigint;
    if (options.after !== null) cursor = options.after;
    else if (options.filter.clusterId) cursor = await currentOperationStart(db, options.filter.clusterId);
    else cursor = bus.cursor;
    let fromCursor = options.after !== null;

    for (;;) {
      for (;;) {
        const replay = await eventsAfter(db, cursor, options.filter, REPLAY_BATCH);
        // Read after the batch: had a prune deleted part of it, the watermark it wrote is visible now.
        if (fromCursor) await assertCursorRetained(db, cursor);
        for (const event of replay) {
          cursor = event.id;
          if (readable(event)) yield event;
          if (endsStream(options.filter, event)) return;
        }
        if (replay.length < REPLAY_BATCH) break;
      }
      while (!behind) {
        const event = buffered.shift();
        if (!event) {
          await new Promise<void>((resolve) => (notify = resolve));
          notify = null;
          continue;
        }
        if (event.id <= cursor) continue;
        cursor = event.id;
        if (readable(event)) yield event;
        if (endsStream(options.filter, event)) return;
      }
      // Buffer again before reading the table: an event the bus drops from here on was committed before the read.
      behind = false;
      fromCursor = true;
    }
  } finally {
    remove();
  }
}
