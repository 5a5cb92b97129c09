// One reconcile tick of a leased operation, as Cluster API reconciles: load → ask the driver → decide (pure) → apply (one leased transaction) → announce.
import type { Database } from "../../db/client.js";
import type { ClusterEventRow } from "../../db/schema/index.js";
import type { Driver } from "../driver.js";
import type { AnyOperationHook } from "../hooks/hook.js";
import { renewOperationLease } from "../../db/queries/operations.js";
import { pipelineClient } from "../../db/pipelined-transaction.js";
import { apply, applyPipelined, hooksFor, inLease, runsHooksAt, type Lease } from "./apply.js";
import { decide, submittedScope, withFirstObservation } from "./decide.js";
import { askDriver, LeaseLostError, loadScope, submits, type ScopeCache } from "./load.js";
import { writes, type Now, type ReconcileSettings, type Requeue, type Transition } from "./types.js";

export interface TickContext {
  db: Database;
  driver: Driver;
  workerId: string;
  hooks: readonly AnyOperationHook[];
  settings: ReconcileSettings;
  now(): Now;
  /** Called after each commit with the cursors and rows it recorded (the event bus delivers them to subscribers at once). */
  eventsCommitted(cursors: bigint[], rows?: readonly ClusterEventRow[]): void;
}

/** What this process keeps of an operation between its ticks: what the hooks prepared for a submission not yet recorded. */
export interface TickMemory {
  prepared?: unknown[];
  /** The scope's template, read once (see ScopeCache). */
  scope?: ScopeCache;
}

export interface TickResult {
  transition: Transition;
  /** Null once the operation is finished. */
  requeue: Requeue | null;
  /**
   * When to observe next (wall ms): the requeue's pause counted from the moment decide() ran, not from the commit, so a
   * hinted change (the driver's nextChangeAt) is observed when it falls however long the transaction took.
   */
  nextAt: number | null;
  /** How long loading the scope took (wall ms): the reconciler loads that much ahead of `nextAt`. */
  loadMs: number;
}

export interface TickTiming {
  /** Load the scope now, but ask the driver no earlier than this (wall ms): the read is off the transition's path. */
  observeAt?: number;
}

/** Throws LeaseLostError when the operation was cancelled, finished elsewhere, or taken over. */
export async function tick(context: TickContext, operationId: string, memory: TickMemory, timing: TickTiming = {}): Promise<TickResult> {
  const { db, driver, workerId, hooks, settings } = context;
  const started = Date.now();
  const scope = await loadScope(db, operationId, workerId, settings, (memory.scope ??= {}));
  const loadMs = Date.now() - started;
  const lease: Lease = { operationId, clusterId: scope.operation.clusterId, workerId, leaseMs: settings.leaseMs };
  const applying = hooksFor(hooks, scope.operation.type);
  if (submits(scope) && scope.cluster && scope.spec && scope.request && memory.prepared === undefined) {
    const { cluster, spec, request, operation } = scope;
    // Before the driver call, and once even if the call is retried: the gap between the call and the
    // write that records it stays as short as without hooks.
    memory.prepared = await Promise.all(applying.map((hook) => hook.beforeSubmit?.({ operation, request, cluster, spec })));
    // Preparing takes a while: a delete may have cancelled the operation meanwhile, and then the driver must not be called.
    if (applying.some((hook) => hook.beforeSubmit) && !(await renewOperationLease(db, lease))) throw new LeaseLostError(operationId);
  }
  const early = (timing.observeAt ?? 0) - Date.now();
  if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
  const report = await askDriver(driver, scope);
  let decidedAt = Date.now();
  let transition = decide(scope, report, context.now());
  if (report.kind === "submitted") {
    // The action's first stage starts now: observe it before the commit, so the submission's own transaction announces it.
    const recorded = submittedScope(scope, report.stackId);
    const first = await askDriver(driver, recorded);
    if (first.kind === "observed") {
      decidedAt = Date.now();
      transition = withFirstObservation(transition, decide(recorded, first, context.now())) ?? transition;
    }
  }
  if (writes(transition)) {
    // Without hooks to run at this point (a create's completion has none), on PostgreSQL: one round trip
    // (applyPipelined); otherwise a transaction of four.
    const client = runsHooksAt(applying, transition.hooks) ? null : pipelineClient(db);
    const rows = client
      ? await applyPipelined(db, client, lease, scope, { ...transition, hooks: null })
      : await inLease(db, lease, (transaction) => apply(transaction, scope, transition, { hooks, prepared: memory.prepared }));
    const cursors = rows.map((row) => row.id);
    // Durable before announced.
    context.eventsCommitted(cursors, rows);
  }
  if (transition.hooks?.point === "afterSubmit") delete memory.prepared;
  return { transition, requeue: transition.requeue, nextAt: transition.requeue ? decidedAt + transition.requeue.afterMs : null, loadMs };
}
