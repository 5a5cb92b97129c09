// Lifecycle hooks: work other parts attach to an operation's driver submission and to its outcome (Cluster API's runtime hooks, Magnum's conductor steps).
import type { Transaction } from "../../db/client.js";
import type { ClusterRow, OperationRow } from "../../db/schema/index.js";
import type { OperationType } from "../../domain/enums.js";
import type { ClusterSpec } from "../driver.js";
import type { OperationRequest } from "../reconcile/operation-specs.js";

export interface HookScope {
  operation: OperationRow;
  /** The operation's parameters, parsed by its type's schema. */
  request: OperationRequest;
  cluster: ClusterRow;
}

/**
 * An operation hook, run by the reconciler for the operation types it applies to, at three points:
 *
 * 1. `beforeSubmit`: slow work (generating CA keys, making a Keystone trust) before the driver is called,
 *    outside any transaction, so the transaction stays short (PGlite runs one at a time). Done once per
 *    tick that submits; its result is handed to `afterSubmit`.
 * 2. `afterSubmit`: in the transaction that records the driver submission, so it happens once per operation.
 * 3. `afterComplete`: in the transaction that records the outcome, before the cluster's new status is
 *    written; keeps or undoes what `afterSubmit` recorded. Also called when the submission itself failed.
 */
export interface OperationHook<Prepared = unknown> {
  name: string;
  appliesTo(type: OperationType): boolean;
  beforeSubmit?(scope: HookScope & { spec: ClusterSpec }): Promise<Prepared>;
  afterSubmit?(transaction: Transaction, scope: HookScope & { prepared?: Prepared }): Promise<void>;
  afterComplete?(transaction: Transaction, scope: HookScope & { failed: boolean }): Promise<void>;
}

/** Hooks of any prepared type, as the reconciler holds them. */
export type AnyOperationHook = OperationHook<any>;
