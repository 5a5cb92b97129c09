// After a transaction commits events: wake the parts that act on them at once (the event bus delivers them
// ahead of NOTIFY's round trip; the reconciler looks for the operation just recorded).
import { statementScope } from "../db/client.js";
import type { ClusterEventRow } from "../db/schema/index.js";

/** A part that can be told "look now". */
export interface Wakeable {
  wake(): void;
  /** Told what was committed instead of wake() when it has this (the event bus: it can deliver the rows without a read). */
  committed?(cursors: readonly bigint[], rows?: readonly ClusterEventRow[]): void;
}

/**
 * Built first by the composition root (src/app.ts) and handed to every part that commits events; the parts
 * it wakes register as they are built (wakes()), so none of them needs another that is built later.
 */
export class PostCommitWaker {
  private readonly targets: Wakeable[] = [];

  /** Adds parts woken after every commit that recorded an event. */
  wakes(...targets: Wakeable[]): this {
    this.targets.push(...targets);
    return this;
  }

  /**
   * Called after a commit with the cursors of the events it recorded (DomainContext.eventsCommitted and the
   * reconciler's), and the rows themselves when the committer has them (appendClusterEventRows).
   */
  readonly eventsCommitted = (cursors: bigint[], rows?: readonly ClusterEventRow[]): void => {
    if (cursors.length === 0) return;
    // Outside the request's scope: the work these wake-ups start is not the request's (nor counted in its statements).
    statementScope.exit(() => {
      for (const target of this.targets) {
        if (target.committed) target.committed(cursors, rows);
        else target.wake();
      }
    });
  };
}
