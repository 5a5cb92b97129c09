// requestId handling: a retried mutation returns its first result and changes nothing.
import { createHash } from "node:crypto";
import type { Transaction } from "../db/client.js";
import { findIdempotencyKey, insertIdempotencyKey, lockIdempotencyKey } from "../db/queries/idempotency.js";
import { conflict } from "./errors.js";
import type { Principal } from "./tenancy/principal.js";

export type MutationResult = Record<string, string | null>;

function hashInput(mutation: string, input: unknown): string {
  return createHash("sha256").update(mutation).update(JSON.stringify(input ?? null)).digest("hex");
}

/**
 * Runs `work` once per (caller, requestId). The key is written in the same transaction as the work,
 * so a crash cannot leave one without the other; a concurrent duplicate waits on an advisory lock of
 * the key and then finds the stored result.
 */
export async function runOncePerRequestId(
  transaction: Transaction,
  principal: Principal,
  mutation: string,
  requestId: string | null | undefined,
  input: unknown,
  work: () => Promise<MutationResult>,
): Promise<{ result: MutationResult; replayed: boolean }> {
  if (!requestId) return { result: await work(), replayed: false };
  const inputHash = hashInput(mutation, input);
  // Concurrent twins queue here until the first commits, then find its result (instead of racing it
  // to a name check and answering CONFLICT).
  await lockIdempotencyKey(transaction, principal.id, requestId);
  const previous = await findIdempotencyKey(transaction, principal.id, requestId);
  if (previous) {
    if (previous.mutation !== mutation || previous.inputHash !== inputHash) {
      throw conflict("requestId", `requestId "${requestId}" was already used for a different request`);
    }
    return { result: previous.result, replayed: true };
  }
  const result = await work();
  await insertIdempotencyKey(transaction, { principal: principal.id, requestId, mutation, inputHash, result });
  return { result, replayed: false };
}
