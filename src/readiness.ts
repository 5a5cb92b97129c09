// Readiness from a probe the composition root (src/app.ts) runs every second as a periodic task, so /readyz
// answers at once whatever the database is busy with.
import type { DatabaseHandle } from "./db/client.js";
import type { Logger } from "./logger.js";

/** A probe that has not answered in this long counts as a failure. */
const PROBE_TIMEOUT_MS = 2_000;

/** How often the probe runs. */
export const READINESS_PROBE_INTERVAL_MS = 1_000;

export class ReadinessProbe {
  // openDatabase migrated and connected before this is built.
  private answer = true;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly logger: Logger,
  ) {}

  /** The last probe's answer (at most a second old). */
  get ready(): boolean {
    return this.answer;
  }

  /** One probe: the database answers a ping within PROBE_TIMEOUT_MS. */
  async probe(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)));
    const answer = await Promise.race([this.database.ping(), timedOut]);
    clearTimeout(timer);
    if (answer !== this.answer) this.logger.warn({ ready: answer }, "readiness changed");
    this.answer = answer;
  }
}
