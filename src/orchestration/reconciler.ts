// The worker that owns in-flight operations: claims them with leases (FOR UPDATE SKIP LOCKED), drives each, resumes after a crash.
import { PeriodicTask } from "../periodic-tasks.js";
import { sql } from "drizzle-orm";
import { SYSTEM_CLOCK, type Clock } from "../clock.js";
import type { Database } from "../db/client.js";
import { operations, type ClusterEventRow } from "../db/schema/index.js";
import type { Logger } from "../logger.js";
import type { Driver } from "./driver.js";
import type { AnyOperationHook } from "./hooks/hook.js";
import { LeaseLostError } from "./reconcile/load.js";
import { tick, type TickContext, type TickMemory } from "./reconcile/tick.js";

export interface ReconcilerOptions {
  db: Database;
  driver: Driver;
  workerId: string;
  /** How long a claim lasts without renewal; another replica takes an operation over after it. */
  leaseMs: number;
  /** Pause between two observations of one operation. */
  intervalMs: number;
  /** Operations driven at once by this process. */
  concurrency: number;
  /** A single-process database (PGlite): every RUNNING operation at start-up was this process's before a crash. */
  exclusive: boolean;
  eventsCommitted(cursors: bigint[], rows?: readonly ClusterEventRow[]): void;
  logger: Logger;
  /** Work attached to operations' submission and outcome (certificates, trusts): see orchestration/hooks. */
  hooks?: readonly AnyOperationHook[];
  /** The driver's clock (default: the system's): createTimeout and observation pauses are measured on it. */
  clock?: Clock;
}

/** Bounds of how far ahead of an observation a tick starts loading its scope (wall ms). */
const LOAD_LEAD_MIN_MS = 5;
const LOAD_LEAD_MAX_MS = 50;

/** How long this process remembers what hooks prepared for an operation it handed back while backing off. */
const MEMORY_MS = 10 * 60_000;

/**
 * Why leases on our own table rather than pg-boss or graphile-worker: both need node-postgres and
 * session-level features that PGlite, the embedded default, does not offer through drizzle; and an
 * operation already is the durable job (its spec, stages and lease live in one row, written in the
 * same transaction as the cluster's status and events).
 */
export class Reconciler {
  private readonly active = new Map<string, Promise<void>>();
  private poller: PeriodicTask | null = null;
  private claiming: Promise<void> | null = null;
  private claimAgain = false;
  private stopped = false;
  /** Wake-ups scheduled for operations backing off (their lease handed back until then). */
  private readonly requeues = new Set<NodeJS.Timeout>();
  /** Per operation, across its ticks and its backoffs in this process. */
  private readonly memory = new Map<string, TickMemory & { keptAt: number }>();
  private readonly tickContext: TickContext;
  private readonly clock: Clock;

  constructor(private readonly options: ReconcilerOptions) {
    this.clock = options.clock ?? SYSTEM_CLOCK;
    const driver = options.driver as Driver & { speed?: number };
    this.tickContext = {
      db: options.db,
      driver: options.driver,
      workerId: options.workerId,
      hooks: options.hooks ?? [],
      settings: {
        driverName: options.driver.name,
        // A simulated minute lasts 60 s / speed, so createTimeout keeps its meaning at any speed.
        timeScale: 60_000 / (driver.speed ?? 1),
        leaseMs: options.leaseMs,
        intervalMs: options.intervalMs,
      },
      now: () => ({ wall: new Date(), clock: this.clock.now() }),
      eventsCommitted: options.eventsCommitted,
    };
  }

  get activeCount(): number {
    return this.active.size;
  }

  async start(): Promise<void> {
    if (this.options.exclusive) {
      // Nobody else can hold these leases: release them (and any backoff) so the restart resumes at once, not after expiry.
      await this.options.db.update(operations).set({ leaseExpiresAt: null, notBefore: null }).where(sql`${operations.status} = 'RUNNING'`);
    }
    // The safety net under the wake-ups (a commit here, an event from a replica): expired leases and ended backoffs
    // are found within a third of a lease.
    this.poller = new PeriodicTask({
      name: "reconciler-claim",
      intervalMs: Math.max(this.options.leaseMs / 3, 250),
      firstAfterMs: 0,
      round: async () => this.wake(),
      onError: (error) => this.options.logger.error({ err: error }, "claiming operations failed"),
    });
    this.poller.start();
  }

  /** Looks for claimable operations now (a mutation just recorded one, or an event says so). */
  wake(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = this.claim()
      .catch((error: unknown) => this.options.logger.error({ err: error }, "claiming operations failed"))
      .finally(() => {
        this.claiming = null;
        if (this.claimAgain) {
          this.claimAgain = false;
          this.wake();
        }
      });
  }

  private async claim(): Promise<void> {
    const room = this.options.concurrency - this.active.size;
    if (room <= 0) return;
    const mine = [...this.active.keys()];
    const { db, workerId, leaseMs } = this.options;
    const claimed = (await db.transaction(async (transaction) => {
      const rows = await transaction.execute(sql`
        update ${operations}
        set status = 'RUNNING',
            lease_owner = ${workerId},
            lease_expires_at = now() + ${leaseMs} * interval '1 millisecond',
            attempts = attempts + 1,
            started_at = coalesce(started_at, now()),
            not_before = null,
            updated_at = now()
        where id in (
          select id from ${operations}
          where status in ('PENDING', 'RUNNING')
            and (lease_expires_at is null or lease_expires_at < now())
            and (not_before is null or not_before <= now())
            ${mine.length ? sql`and id not in (${sql.join(mine.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``}
          order by created_at
          limit ${room}
          for update skip locked
        )
        returning id, cluster_id, type, attempts`);
      return rowsOf(rows);
    })) as { id: string; cluster_id: string | null }[];
    for (const row of claimed) this.drive(row.id, row.cluster_id);
  }

  /** `clusterId`: the operation's cluster as claimed, so its first tick reads its scope in one round trip (see ScopeCache). */
  private drive(operationId: string, clusterId: string | null = null): void {
    // Wall time: the driver's clock may jump ahead in tests.
    const now = Date.now();
    for (const [id, kept] of this.memory) if (now - kept.keptAt > MEMORY_MS && !this.active.has(id)) this.memory.delete(id);
    const memory = this.memory.get(operationId) ?? { keptAt: now, ...(clusterId ? { scope: { clusterId } } : {}) };
    this.memory.set(operationId, memory);
    let keep = false;
    const run = (async () => {
      try {
        let observeAt: number | undefined;
        while (!this.stopped) {
          const { requeue, nextAt, loadMs } = await tick(this.tickContext, operationId, memory, observeAt === undefined ? {} : { observeAt });
          if (requeue === null || nextAt === null) return;
          if (requeue.release) {
            // Backing off: the lease is handed back; look again once nobody may claim it before.
            keep = true;
            memory.keptAt = Date.now();
            this.requeue(requeue.afterMs);
            return;
          }
          // Wake ahead of the observation by about one load of the scope (the last one twice over, within bounds):
          // the tick reads its rows first and asks the driver at `nextAt`, when the driver's announced change falls.
          const lead = Math.min(LOAD_LEAD_MAX_MS, Math.max(LOAD_LEAD_MIN_MS, 2 * loadMs));
          observeAt = nextAt;
          const pause = nextAt - lead - Date.now();
          if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
        }
        keep = true;
      } catch (error) {
        if (error instanceof LeaseLostError) return;
        this.options.logger.error({ err: error, operationId }, "driving an operation failed; it will be retried after its lease expires");
      }
    })().finally(() => {
      if (!keep) this.memory.delete(operationId);
      this.active.delete(operationId);
      this.wake();
    });
    this.active.set(operationId, run);
  }

  /** Claims again once a backoff is over (the periodic claim would find it too, later). */
  private requeue(afterMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.requeues.delete(timer);
      this.wake();
    }, afterMs + 1);
    this.requeues.add(timer);
  }

  /** Stops claiming and driving; unfinished operations keep their rows and resume on the next start (or on another replica). */
  async stop(handBack: boolean): Promise<void> {
    this.stopped = true;
    await this.poller?.stop();
    for (const timer of this.requeues) clearTimeout(timer);
    this.requeues.clear();
    await this.claiming;
    await Promise.allSettled([...this.active.values()]);
    if (handBack) {
      await this.options.db
        .update(operations)
        .set({ leaseExpiresAt: null, leaseOwner: null })
        .where(sql`${operations.leaseOwner} = ${this.options.workerId} and ${operations.status} = 'RUNNING'`);
    }
  }
}

/** drizzle's execute returns rows directly (postgres-js) or in `.rows` (PGlite). */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  return ((result as { rows?: Record<string, unknown>[] }).rows ?? []) as Record<string, unknown>[];
}
