// Runs a round of background work every interval, one round at a time, until stopped (health checks, CA retirement).
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly round: () => Promise<unknown>,
    /** A failed round is reported and the next one runs on schedule. */
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    const next = () => {
      if (this.stopped) return;
      this.running = this.round()
        .then(() => undefined)
        .catch((error: unknown) => this.onError(error))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(next, this.intervalMs);
        });
    };
    this.timer = setTimeout(next, this.intervalMs);
  }

  /** Stops scheduling and waits for a round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
