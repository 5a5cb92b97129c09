// Kept for src/domain/certificates-retirement.ts until the domain regroup moves its import: the periodic
// tasks live in src/periodic-tasks.ts (the composition root registers every round there).
import { PeriodicTask as NamedPeriodicTask } from "../periodic-tasks.js";

/** The older positional form: a round every interval until stopped. */
export class PeriodicTask extends NamedPeriodicTask {
  constructor(intervalMs: number, round: () => Promise<unknown>, onError: (error: unknown) => void) {
    super({ name: "unnamed", intervalMs, round, onError });
  }
}
