// Noticing a stack that a restarted Heat has abandoned. A convergence stack whose engine died stays
// *_IN_PROGRESS until its timeout; a new traversal (an empty update, or the delete again) finishes
// it. A new traversal on a stack that is still being worked on cancels its nested stacks' updates
// and fails the stack, so the driver only starts one when it has itself seen Heat go down and
// Heat has logged nothing for this stack since.

export interface HeatAvailability {
  /** Our clock, the last time a call found Heat down or failing; null if never. */
  outageAt: number | null;
  /** The first successful call after that outage; null while Heat is still down. */
  recoveredAt: number | null;
}

export interface StackActivity {
  /** The newest event id seen for the stack, and when (our clock) it was first seen. */
  newestEventId: string;
  seenAt: number;
  /** When the driver last started a recovery traversal for the stack. */
  kickedAt: number | null;
}

export interface AbandonmentInput {
  inProgress: boolean;
  heat: HeatAvailability;
  activity: StackActivity;
  now: number;
  /** How long Heat must stay silent about the stack after it is back. */
  stallAfterMs: number;
}

export function isAbandoned(input: AbandonmentInput): boolean {
  const { heat, activity } = input;
  if (!input.inProgress || heat.outageAt === null || heat.recoveredAt === null) return false;
  if (activity.seenAt > heat.outageAt) return false;
  if (activity.kickedAt !== null && activity.kickedAt > heat.outageAt) return false;
  return input.now - heat.recoveredAt >= input.stallAfterMs;
}

/** Records what the driver sees of Heat and of each stack, in this process. */
export class RecoveryTracker {
  readonly heat: HeatAvailability = { outageAt: null, recoveredAt: null };
  /** Recovery traversals started by this process, and when the last one was. */
  restarts = 0;
  lastRestartAt: number | null = null;
  private readonly stacks = new Map<string, StackActivity>();

  constructor(private readonly now: () => number) {}

  outage(): void {
    this.heat.outageAt = this.now();
    this.heat.recoveredAt = null;
  }

  answered(): void {
    if (this.heat.outageAt !== null && this.heat.recoveredAt === null) this.heat.recoveredAt = this.now();
  }

  /** Notes the newest event id; a new one means Heat is working on the stack. */
  activity(stackUuid: string, newestEventId: string): StackActivity {
    const known = this.stacks.get(stackUuid);
    if (known !== undefined && known.newestEventId === newestEventId) return known;
    const activity: StackActivity = { newestEventId, seenAt: this.now(), kickedAt: known?.kickedAt ?? null };
    this.stacks.delete(stackUuid);
    this.stacks.set(stackUuid, activity);
    if (this.stacks.size > 1000) this.stacks.delete(this.stacks.keys().next().value as string);
    return activity;
  }

  kicked(stackUuid: string): void {
    this.restarts++;
    this.lastRestartAt = this.now();
    const activity = this.stacks.get(stackUuid);
    if (activity !== undefined) activity.kickedAt = this.now();
  }
}
