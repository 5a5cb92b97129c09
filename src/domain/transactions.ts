// Runs a unit of work in one transaction, retrying once when a concurrent twin won a unique key.
import type { Transaction } from "../db/client.js";
import { isUniqueViolation } from "./database-errors.js";
import type { DomainContext } from "./context.js";

/**
 * The retry re-reads what the winner wrote: a duplicate requestId then replays the first result,
 * and a duplicate name is refused by the pre-check with a clear CONFLICT instead of a raw error.
 */
export async function inTransaction<Result>(context: DomainContext, work: (transaction: Transaction) => Promise<Result>): Promise<Result> {
  try {
    return await context.db.transaction(work);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return context.db.transaction(work);
  }
}
