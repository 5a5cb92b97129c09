// Idempotency keys: the advisory lock a retried mutation's twins queue on, the stored result, and its record.
import { and, eq, sql } from "drizzle-orm";
import type { Transaction } from "../client.js";
import { idempotencyKeys } from "../schema/index.js";

export type StoredResult = Record<string, string | null>;

/** Held until the transaction ends: concurrent twins of (principal, requestId) queue here. */
export async function lockIdempotencyKey(transaction: Transaction, principalId: string, requestId: string): Promise<void> {
  await transaction.execute(sql`select pg_advisory_xact_lock(hashtext(${`${principalId}|${requestId}`}))`);
}

export async function findIdempotencyKey(transaction: Transaction, principalId: string, requestId: string) {
  const [previous] = await transaction
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.principal, principalId), eq(idempotencyKeys.requestId, requestId)));
  return previous;
}

export async function insertIdempotencyKey(
  transaction: Transaction,
  key: { principal: string; requestId: string; mutation: string; inputHash: string; result: StoredResult },
): Promise<void> {
  await transaction.insert(idempotencyKeys).values(key);
}
