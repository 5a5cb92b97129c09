// Every timer of a running Turnkey in one place: named rounds of background work (health checks, autopilot,
// CA retirement, event retention, token last-use flushes, WebSocket session sweeps, the readiness probe),
// each run every interval, one round at a time, until stopped. The event bus's heartbeat and the reconciler's
// claim beat are PeriodicTasks too, owned by those parts (they start and stop with them).

/** A round is told through `signal` that the process is stopping, so a long round can end between steps. */
export type Round = (signal: AbortSignal) => Promise<unknown>;

export interface PeriodicTaskOptions {
  /** Names the task in logs and in PeriodicTasks.names(). */
  name: string;
  /** Pause between the end of one round and the start of the next. */
  intervalMs: number;
  /** Pause before the first round (default: intervalMs). */
  firstAfterMs?: number;
  round: Round;
  /** A failed round is reported here and the next one runs on schedule. */
  onError: (error: unknown) => void;
}

/** One task: a round every interval, never two at once. */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly stopping = new AbortController();

  constructor(private readonly options: PeriodicTaskOptions) {}

  get name(): string {
    return this.options.name;
  }

  start(): void {
    if (this.stopping.signal.aborted || this.timer !== null || this.running !== null) return;
    this.schedule(this.options.firstAfterMs ?? this.options.intervalMs);
  }

  /** Stops scheduling, tells a round in progress, and waits for it. */
  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    // Unref'd: the HTTP server, not a background round, keeps the process alive.
    this.timer = setTimeout(() => this.runRound(), delayMs).unref();
  }

  private runRound(): void {
    this.timer = null;
    if (this.stopping.signal.aborted) return;
    this.running = this.options
      .round(this.stopping.signal)
      .then(() => undefined)
      .catch((error: unknown) => this.options.onError(error))
      .finally(() => {
        this.running = null;
        if (!this.stopping.signal.aborted) this.schedule(this.options.intervalMs);
      });
  }
}

/** The registry the composition root (src/app.ts) adds every periodic task to; starts and stops them together. */
export class PeriodicTasks {
  private readonly tasks = new Map<string, PeriodicTask>();
  private started = false;

  add(options: PeriodicTaskOptions): this {
    if (this.tasks.has(options.name)) throw new Error(`a periodic task named "${options.name}" is already registered`);
    const task = new PeriodicTask(options);
    this.tasks.set(options.name, task);
    // A task added after start (the HTTP server's session sweep) starts at once.
    if (this.started) task.start();
    return this;
  }

  names(): string[] {
    return [...this.tasks.keys()];
  }

  start(): void {
    this.started = true;
    for (const task of this.tasks.values()) task.start();
  }

  /** Stops every task and waits for the rounds in progress. */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.tasks.values()].map((task) => task.stop()));
  }
}
