// One reconcile tick of a leased operation, as Cluster API reconciles: load → ask the driver → decide (pure) → apply (one leased transaction) → announce.
import type { Database } from "../../db/client.js";
import type { Driver } from "../driver.js";
import type { AnyOperationHook } from "../hooks/hook.js";
import { apply, hooksFor, inLease, type Lease } from "./apply.js";
import { decide } from "./decide.js";
import { askDriver, loadScope, submits } from "./load.js";
import { writes, type Now, type ReconcileSettings, type Requeue, type Transition } from "./types.js";

export interface TickContext {
  db: Database;
  driver: Driver;
  workerId: string;
  hooks: readonly AnyOperationHook[];
  settings: ReconcileSettings;
  now(): Now;
  /** Called after each commit with the cursors it recorded (wakes the event bus and subscribers at once). */
  eventsCommitted(cursors: bigint[]): void;
}

/** What this process keeps of an operation between its ticks: what the hooks prepared for a submission not yet recorded. */
export interface TickMemory {
  prepared?: unknown[];
}

export interface TickResult {
  transition: Transition;
  /** Null once the operation is finished. */
  requeue: Requeue | null;
}

/** Throws LeaseLostError when the operation was cancelled, finished elsewhere, or taken over. */
export async function tick(context: TickContext, operationId: string, memory: TickMemory): Promise<TickResult> {
  const { db, driver, workerId, hooks, settings } = context;
  const scope = await loadScope(db, operationId, workerId, settings);
  const lease: Lease = { operationId, clusterId: scope.operation.clusterId, workerId, leaseMs: settings.leaseMs };
  const applying = hooksFor(hooks, scope.operation.type);
  if (submits(scope) && scope.cluster && scope.spec && scope.request && memory.prepared === undefined) {
    const { cluster, spec, request, operation } = scope;
    // Before the driver call, and once even if the call is retried: the gap between the call and the
    // write that records it stays as short as without hooks.
    memory.prepared = await Promise.all(applying.map((hook) => hook.beforeSubmit?.({ operation, request, cluster, spec })));
    // Preparing takes a while: a delete may have cancelled the operation meanwhile, and then the driver must not be called.
    if (applying.some((hook) => hook.beforeSubmit)) await inLease(db, lease, async () => []);
  }
  const report = await askDriver(driver, scope);
  const transition = decide(scope, report, context.now());
  if (writes(transition)) {
    const cursors = await inLease(db, lease, (transaction) => apply(transaction, scope, transition, { hooks, prepared: memory.prepared }));
    // Durable before announced.
    context.eventsCommitted(cursors);
  }
  if (transition.hooks?.point === "afterSubmit") delete memory.prepared;
  return { transition, requeue: transition.requeue };
}
