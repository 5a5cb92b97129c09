// A subscriber's stream: replay from the event table after its cursor, then live from the bus, no gap, no duplicate.
import type { Database } from "../db/client.js";
import { currentOperationStart, eventsAfter, type EventFilter } from "../db/queries/cluster-events.js";
import type { ClusterEventRow } from "../db/schema/index.js";
import type { EventBus } from "./bus.js";

const REPLAY_BATCH = 500;

export class SlowConsumerError extends Error {
  constructor(limit: number) {
    super(`the subscriber fell more than ${limit} events behind and was cut off; resubscribe with the last cursor received`);
    this.name = "SlowConsumerError";
  }
}

export interface StreamOptions {
  filter: EventFilter;
  /** Deliver events after this cursor; null: for one cluster, its current operation's events; else only new ones. */
  after: bigint | null;
  /** Events buffered for a subscriber that does not keep up, before it is cut off. */
  bufferLimit: number;
  /** Checked per event (policy can change while a subscription lives). */
  mayRead?: (event: ClusterEventRow) => boolean;
}

function matches(filter: EventFilter, event: ClusterEventRow): boolean {
  if (filter.clusterId && event.clusterId !== filter.clusterId) return false;
  if (filter.projectIds && !filter.projectIds.includes(event.projectId)) return false;
  return true;
}

export async function* clusterEventStream(db: Database, bus: EventBus, options: StreamOptions): AsyncGenerator<ClusterEventRow> {
  const buffered: ClusterEventRow[] = [];
  let notify: (() => void) | null = null;
  let failure: Error | null = null;
  // Register before replaying: whatever the bus reads from now on is buffered, the replay covers the rest.
  const remove = bus.add({
    push(event) {
      if (!matches(options.filter, event)) return true;
      if (buffered.length >= options.bufferLimit) return false;
      buffered.push(event);
      notify?.();
      return true;
    },
    overflow() {
      failure = new SlowConsumerError(options.bufferLimit);
      notify?.();
    },
  });
  const readable = (event: ClusterEventRow) => options.mayRead?.(event) ?? true;
  try {
    let cursor: bigint;
    if (options.after !== null) cursor = options.after;
    else if (options.filter.clusterId) cursor = await currentOperationStart(db, options.filter.clusterId);
    else cursor = bus.cursor;

    for (;;) {
      const replay = await eventsAfter(db, cursor, options.filter, REPLAY_BATCH);
      for (const event of replay) {
        cursor = event.id;
        if (readable(event)) yield event;
      }
      if (replay.length < REPLAY_BATCH) break;
    }
    for (;;) {
      if (failure) throw failure;
      const event = buffered.shift();
      if (!event) {
        await new Promise<void>((resolve) => (notify = resolve));
        notify = null;
        continue;
      }
      if (event.id <= cursor) continue;
      cursor = event.id;
      if (readable(event)) yield event;
    }
  } finally {
    remove();
  }
}
