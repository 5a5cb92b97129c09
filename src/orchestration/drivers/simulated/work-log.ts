// Counts how often each stage's work began per cluster, so a test can prove a restart rebuilt nothing.

export interface StageStartEvent {
  cluster: string;
  /** Unique within the cluster: the action and when it started. */
  operation: string;
  stage: string;
  /** Epoch milliseconds at which the stage started, in the operation's timeline. */
  at: number;
}

/**
 * Work happens in the simulated timeline; the log records a stage's start when a driver first
 * observes it. Share one log between the driver before and after a simulated restart: a stage
 * counts once per operation however many drivers observe it, and twice only if it really ran twice.
 */
export class StageWorkLog {
  private readonly started = new Map<string, Map<string, Set<string>>>();

  /** True when this (cluster, operation, stage) had not been recorded yet. */
  record(event: StageStartEvent): boolean {
    const stages = this.started.get(event.cluster) ?? new Map<string, Set<string>>();
    this.started.set(event.cluster, stages);
    const operations = stages.get(event.stage) ?? new Set<string>();
    stages.set(event.stage, operations);
    if (operations.has(event.operation)) return false;
    operations.add(event.operation);
    return true;
  }

  /** How many operations started this stage's work on this cluster. */
  count(cluster: string, stage: string): number {
    return this.started.get(cluster)?.get(stage)?.size ?? 0;
  }

  counts(cluster: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [stage, operations] of this.started.get(cluster) ?? []) counts[stage] = operations.size;
    return counts;
  }
}
